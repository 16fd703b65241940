"""The Suivi (Follow-up) sheet: every transaction with its computed columns, colour-coded."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from arxl.formats import FR_FORMATS, Formats
from arxl.rules.aging import NO_LEVEL
from arxl.settings import Settings
from arxl.sheets.spec import Column, Kind, SheetSpec, Tone, recode, text_data
from arxl.vocab import Lang, Status, bucket_codes, bucket_labels, sheet_name, t


def tones(items: pd.DataFrame, settings: Settings) -> np.ndarray:
    """Row colour: status first (paid, disputed, written off), then lateness bucket (an
    object array of Tone, worked out per distinct status and bucket)."""
    codes = bucket_codes(settings.bucket_bounds)
    by_bucket = dict(
        zip(codes, (Tone.CURRENT, Tone.LATE_1, Tone.LATE_2, Tone.LATE_3, Tone.LATE_4), strict=True)
    )
    by_status = {
        Status.PAID.value: Tone.PAID,
        Status.DISPUTED.value: Tone.DISPUTED,
        Status.WRITTEN_OFF.value: Tone.WRITTEN_OFF,
    }
    by_status_tone = recode(items["status"], by_status, None)
    return np.where(
        by_status_tone == None,  # noqa: E711 - elementwise, on an object array
        recode(items["bucket"], by_bucket, Tone.PLAIN),
        by_status_tone,
    )


def build(
    items: pd.DataFrame,
    settings: Settings,
    as_of: dt.date,
    lang: Lang,
    settled_by: pd.Series | None = None,
    formats: Formats = FR_FORMATS,
) -> SheetSpec:
    """The sheet; with `settled_by` (invoice row -> text, when the workbook has payment rows or
    credit notes) three more columns: last payment date, partial flag, payments that settled it.
    A total row adds up the amounts, the payments and the balances (credit notes negative)."""
    codes = bucket_codes(settings.bucket_bounds)
    bucket_label = dict(zip(codes, bucket_labels(settings.bucket_bounds, lang), strict=True))
    status_label = {s.value: s.label(lang) for s in Status}
    level = items["reminder_level"].to_numpy()
    columns = [
        Column(t("Facture", "Invoice", lang), Kind.TEXT, 19),
        Column(t("Date", "Date", lang), Kind.DATE, 11.5),
        Column(t("ID Client", "Client ID", lang), Kind.TEXT, 14, center=True),
        Column(t("Client", "Client", lang), Kind.TEXT, 26),
        Column(t("Montant", "Amount", lang), Kind.MONEY, 13),
        Column(t("Échéance", "Due date", lang), Kind.DATE, 11.5),
        Column(t("Payé", "Paid", lang), Kind.MONEY, 13),
        Column(t("Solde", "Balance", lang), Kind.MONEY, 13),
        Column(t("Statut", "Status", lang), Kind.TEXT, 14, center=True),
        Column(t("Jours de retard", "Days overdue", lang), Kind.INT, 10, center=True),
        Column(t("Tranche", "Bucket", lang), Kind.TEXT, 11, center=True),
        Column(t("Niveau de relance", "Reminder level", lang), Kind.INT, 11, center=True),
    ]
    if settled_by is not None:
        columns += [
            Column(t("Dernier paiement", "Last payment", lang), Kind.DATE, 11.5),
            Column(t("Partiel", "Partial", lang), Kind.TEXT, 8, center=True),
            Column(t("Réglée par", "Settled by", lang), Kind.TEXT, 48),
        ]
    columns.append(Column(t("Ligne source", "Source row", lang), Kind.INT, 9))
    data = [
        text_data(items["invoice"]),
        items["date"].to_numpy(),
        text_data(items["client_id"]),
        text_data(items["client_name"]),
        items["amount"].to_numpy(),
        items["due"].to_numpy(),
        items["paid"].to_numpy(),
        items["balance"].to_numpy(),
        recode(items["status"], status_label, ""),
        items["days_overdue"].to_numpy(),
        recode(items["bucket"], bucket_label, ""),
        np.where(level == NO_LEVEL, np.nan, level),
    ]
    if settled_by is not None:
        by_row = settled_by.to_dict()
        data += [
            items["last_payment"].to_numpy(),
            np.where(items["partial"].to_numpy(), t("Oui", "Yes", lang), ""),
            [by_row.get(r, "") for r in items["row"].tolist()],
        ]
    data.append(items["row"].to_numpy())
    total: list[object] = [None] * len(columns)
    total[0] = t("Total", "Total", lang)
    written_off = items["status"].to_numpy() == Status.WRITTEN_OFF.value
    lost = round(float(np.nansum(items["balance"].to_numpy()[written_off])), 2)
    if lost:  # the balance total is not the receivable: say what it holds that is not owed
        total[0] = t(
            f"Total (dont {formats.money_text(lost)} irrécouvrables)",
            f"Total (incl. {formats.money_text(lost)} written off)",
            lang,
        )
    for c in (4, 6, 7):  # Montant, Payé, Solde
        total[c] = round(float(np.nansum(data[c])), 2)
    name = sheet_name("followup", lang)
    return SheetSpec(
        key="followup",
        name=name,
        columns=columns,
        data=data,
        tones=tones(items, settings),
        total=total if len(items) else None,
        print_title=f"{name} – {formats.date_text(as_of)}",
        tab_color="1F4E78",
        formats=formats,
    )
