"""The Lettrage (Cash application) sheet: each payment or credit note with the invoices it
settled and the amounts, then the unapplied credit of each client, and the payments to identify.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from arxl.formats import FR_FORMATS, Formats
from arxl.rules.allocation import BY_REFERENCE, BY_REFERENCE_PAID, NO_CLIENT, Allocation
from arxl.sheets.spec import Column, Kind, SheetSpec, Tone
from arxl.vocab import EntryKind, Lang, sheet_name, t


def settled_by(allocation: Allocation, lang: Lang, formats: Formats = FR_FORMATS) -> pd.Series:
    """Per invoice row: what settled it ("Avoir 01/02/2026 500,00 € (Transactions 5)")."""
    lines = allocation.lines
    if lines.empty:
        return pd.Series(dtype=object)
    kinds = {k.value: k.label(lang) for k in EntryKind}
    by_row: dict[object, list[str]] = {}  # per invoice row, its lines in order
    days: dict[object, str] = {}  # each payment date as written, once (thousands of lines)
    for row, k, d, a, s, r in zip(
        lines["invoice_row"].tolist(),
        lines["kind"].tolist(),
        lines["pay_date"].tolist(),
        lines["amount"].tolist(),
        lines["sheet"].tolist(),
        lines["pay_row"].tolist(),
        strict=True,
    ):
        day = days.get(d)
        if day is None:
            day = days[d] = formats.date_text(pd.Timestamp(d))
        text = f"{kinds[k]} {day} {formats.money_text(a)} ({s} {r})"
        by_row.setdefault(row, []).append(text)
    rows = sorted(by_row)  # as a grouping by row orders them
    return pd.Series(["; ".join(by_row[r]) for r in rows], index=pd.Index(rows), dtype=object)


_PAYMENT_FIELDS = (
    "pay",
    "date",
    "kind",
    "client_id",
    "client_key",
    "label",
    "amount",
    "sheet",
    "row",
    "to_identify",
    "unapplied",
)


def _status_labels(lang: Lang) -> dict[str, str]:
    return {
        "applied": t("Lettré", "Applied", lang),
        "unapplied": t("Crédit non affecté", "Unapplied credit", lang),
        "identify": t("À identifier", "To identify", lang),
        "client": t("Crédit non affecté (total client)", "Unapplied credit (client total)", lang),
    }


def build(
    allocation: Allocation,
    clients: pd.DataFrame,
    as_of: dt.date,
    lang: Lang,
    formats: Formats = FR_FORMATS,
) -> SheetSpec:
    names = clients.set_index("client_key")["name"].to_dict()
    kinds = {k.value: k.label(lang) for k in EntryKind}
    how = {
        BY_REFERENCE: t("Référence", "Reference", lang),
        BY_REFERENCE_PAID: t(
            "Référence (facture marquée payée)", "Reference (invoice marked paid)", lang
        ),
        "oldest": t("Plus ancienne facture", "Oldest invoice", lang),
    }
    status = _status_labels(lang)
    rows: list[tuple[object, ...]] = []
    tones: list[Tone] = []
    # each payment's lines, in their order, as plain values (a frame per payment is slow for
    # the 20 000 credit notes of a big export)
    lines = allocation.lines
    line_values = {c: lines[c].tolist() for c in ("invoice", "invoice_date", "amount", "how")}
    lines_by_pay: dict[object, list[int]] = {}
    for i, k in enumerate(lines["pay"].tolist()):
        lines_by_pay.setdefault(k, []).append(i)
    credit_before = t("Avoir antérieur à la facture", "Credit note before the invoice", lang)
    paid_before = t("Paiement antérieur à la facture", "Payment before the invoice", lang)
    # the payments' fields as plain values (what itertuples gives, without its cost over
    # Arrow texts)
    payments = allocation.payments
    for pay, date, kind, client_id, client_key, label, amount, sheet, row, to_identify, left in zip(
        *(payments[c].tolist() for c in _PAYMENT_FIELDS), strict=True
    ):
        head = (pay, date, kinds[kind], client_id, names.get(client_key, ""), label, amount)
        source = f"{sheet} {row}"
        for i in lines_by_pay.get(pay, ()):
            invoice_date = line_values["invoice_date"][i]
            rows.append(
                (
                    *head,
                    line_values["invoice"][i],
                    invoice_date,
                    line_values["amount"][i],
                    how[line_values["how"][i]],
                    np.nan,
                    status["applied"],
                    source,
                    (credit_before if kind == EntryKind.CREDIT.value else paid_before)
                    if invoice_date > date
                    else "",
                )
            )
            tones.append(Tone.PAID)
        if to_identify:
            reason = (
                t("Aucun client ni facture reconnus", "No client or invoice recognised", lang)
                if to_identify == NO_CLIENT
                else t("Client inconnu", "Unknown client", lang)
            )
            rows.append((*head, "", pd.NaT, np.nan, "", amount, status["identify"], source, reason))
            tones.append(Tone.LATE_3)
        elif left > 0:
            rows.append((*head, "", pd.NaT, np.nan, "", left, status["unapplied"], source, ""))
            tones.append(Tone.LATE_1)
    for u in allocation.unapplied.itertuples(index=False):
        rows.append(
            (
                np.nan,
                pd.NaT,
                "",
                u.client_id,
                names.get(u.client_key, ""),
                "",
                np.nan,
                "",
                pd.NaT,
                np.nan,
                "",
                u.amount,
                status["client"],
                "",
                t("À déduire du prochain règlement", "To deduct from the next payment", lang),
            )
        )
        tones.append(Tone.TOTAL)
    columns = [
        Column(t("N° paiement", "Payment no.", lang), Kind.INT, 9, center=True),
        Column(t("Date", "Date", lang), Kind.DATE, 11.5),
        Column(t("Type", "Type", lang), Kind.TEXT, 11),
        Column(t("ID Client", "Client ID", lang), Kind.TEXT, 10, center=True),
        Column(t("Client", "Client", lang), Kind.TEXT, 24),
        Column(t("Libellé / référence", "Label / reference", lang), Kind.TEXT, 28),
        Column(t("Montant", "Amount", lang), Kind.MONEY, 13),
        Column(t("Facture réglée", "Invoice settled", lang), Kind.TEXT, 17),
        Column(t("Date facture", "Invoice date", lang), Kind.DATE, 11.5),
        Column(t("Montant lettré", "Amount applied", lang), Kind.MONEY, 13),
        Column(t("Lettrage par", "Matched by", lang), Kind.TEXT, 19),
        Column(t("Non affecté", "Unapplied", lang), Kind.MONEY, 13),
        Column(t("Statut", "Status", lang), Kind.TEXT, 20),
        Column(t("Ligne source", "Source row", lang), Kind.TEXT, 15),
        Column(t("Remarque", "Note", lang), Kind.TEXT, 32),
    ]
    data = _columns(rows, columns)
    name = sheet_name("lettrage", lang)
    return SheetSpec(
        key="lettrage",
        name=name,
        columns=columns,
        data=data,
        tones=tones,
        print_title=f"{name} – {formats.date_text(as_of)}",
        tab_color="375623",
        formats=formats,
    )


def _columns(rows: list[tuple[object, ...]], columns: list[Column]) -> list[object]:
    """Row-major tuples to the column-major sequences a SheetSpec holds (dates as datetime64)."""
    if not rows:
        return [[] for _ in columns]
    out: list[object] = []
    for col, values in zip(columns, zip(*rows, strict=True), strict=True):
        if col.kind is Kind.DATE:
            out.append(pd.to_datetime(pd.Series(values)).to_numpy(dtype="datetime64[ns]"))
        else:
            out.append(list(values))
    return out
