"""The Tableau croisé (PivotTable) sheet: a native PivotTable over the Suivi sheet, the open
balance of each client by aging bucket, with a page filter on the status. The owner can
re-pivot it in Excel or LibreOffice; arxl writes its cache, so it is right before a refresh."""

from __future__ import annotations

import datetime as dt

from arxl.formats import FR_FORMATS, Formats
from arxl.settings import Settings
from arxl.sheets.pivot import PivotCaptions, PivotSpec
from arxl.sheets.spec import SheetSpec
from arxl.vocab import Lang, bucket_labels, sheet_name, t


def _column(source: SheetSpec, header: str) -> int:
    """The index of the Suivi column with that header (followup.build's own words)."""
    for i, column in enumerate(source.columns):
        if column.header == header:
            return i
    found = ", ".join(c.header for c in source.columns)
    raise ValueError(f"{source.name} has no column {header!r} (found: {found})")


def build(
    followup: SheetSpec,
    settings: Settings,
    as_of: dt.date,
    lang: Lang,
    formats: Formats = FR_FORMATS,
) -> PivotSpec:
    """The PivotTable over `followup` (reports.followup.build's sheet): clients in rows, the
    buckets in columns (paid invoices, which have none, filtered out), the balance summed,
    the status as page filter: its totals are those of the Balance âgée's invoice columns."""
    balance = t("Solde", "Balance", lang)
    captions = PivotCaptions(
        values=t(f"Somme de {balance}", f"Sum of {balance}", lang),
        rows=t("Client", "Client", lang),
        cols=t("Tranche", "Bucket", lang),
        grand_total=t("Total général", "Grand Total", lang),
        all_items=t("(Tous)", "(All)", lang),
        blank=t("(vide)", "(blank)", lang),
        data=t("Valeurs", "Values", lang),
    )
    title = t("Encours par client et par tranche", "Open balance by client and bucket", lang)
    return PivotSpec(
        key="pivot",
        name=sheet_name("pivot", lang),
        table_name=t("TCD_Encours", "PivotOpenBalance", lang),
        source=followup,
        rows=_column(followup, t("Client", "Client", lang)),
        cols=_column(followup, t("Tranche", "Bucket", lang)),
        values=_column(followup, balance),
        page=_column(followup, t("Statut", "Status", lang)),
        captions=captions,
        col_order=bucket_labels(settings.bucket_bounds, lang),
        title=f"{title} – {formats.date_text(as_of)}",
        refreshed=as_of,
        tab_color="7030A0",
    )
