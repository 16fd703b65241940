"""The Pénalités (Penalties) sheet: the computation of each invoice's penalties, as formulas.

Days late per half-year, interest and totals are live Excel formulas over the row's own cells
(due date, end of lateness, base, rates), so the accountant can audit or change a rate.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from arxl.reports.sheet import Column, Kind, SheetSpec, Tone, text_data
from arxl.rules.penalties import (
    YEAR_DAYS,
    Penalties,
    half_year_label,
    half_year_start,
)
from arxl.vocab import ClientType, Lang, sheet_name, t


def build(pen: Penalties, as_of: dt.date, lang: Lang) -> SheetSpec:
    frame = pen.frame
    columns = [
        Column(t("Facture", "Invoice", lang), Kind.TEXT, 17),
        Column(t("ID Client", "Client ID", lang), Kind.TEXT, 10, center=True),
        Column(t("Client", "Client", lang), Kind.TEXT, 24),
        Column(t("Type", "Type", lang), Kind.TEXT, 13, center=True),
        Column(t("Montant en retard", "Amount late", lang), Kind.MONEY, 13, key="base"),
        Column(t("Échéance", "Due date", lang), Kind.DATE, 11.5, key="due"),
        Column(t("Fin du retard", "Late until", lang), Kind.DATE, 11.5, key="end"),
        Column(t("Jours de retard", "Days late", lang), Kind.INT, 9, True, formula="={end}-{due}"),
    ]
    kinds = np.array([t("Professionnel", "Business", lang), t("Particulier", "Consumer", lang)])
    kinds = kinds.astype(object)  # one Python string each, shared by every row
    data: list = [
        text_data(frame["invoice"]),
        text_data(frame["client_id"]),
        text_data(frame["client_name"]),
        kinds[(frame["client_type"] == ClientType.CONSUMER.value).to_numpy(dtype=int)],
        frame["base"].to_numpy(),
        frame["due"].to_numpy(),
        frame["end"].to_numpy(),
        frame["days"].to_numpy(),
    ]
    terms = []
    for j, p in enumerate(pen.periods):
        first = half_year_start(p) - dt.timedelta(days=1)
        last = half_year_start(p + 1) - dt.timedelta(days=1)
        label = half_year_label(p)
        days_formula = (
            f"=MAX(0,MIN({{end}},{_date(last)})-MAX({{due}},{_date(first)}))"  # (due, end]
        )
        columns.append(
            Column(
                t(f"Jours {label}", f"Days {label}", lang), Kind.INT, 9, True, f"d{j}", days_formula
            )
        )
        columns.append(
            Column(t(f"Taux {label}", f"Rate {label}", lang), Kind.PERCENT, 9, True, f"r{j}")
        )
        data.append(pen.days[:, j])
        data.append(np.where(pen.days[:, j] > 0, pen.rates[:, j] / 100, np.nan))
        terms.append(f"{{d{j}}}*{{r{j}}}")
    interest_formula = f"=ROUND({{base}}*({'+'.join(terms) or '0'})/{YEAR_DAYS},2)"
    indemnity = t("Indemnité forfaitaire", "Fixed compensation", lang)
    columns += [
        Column(
            t("Intérêts", "Interest", lang),
            Kind.MONEY,
            12,
            key="interest",
            formula=interest_formula,
        ),
        Column(indemnity, Kind.MONEY, 12, key="fixed"),
        Column(t("Total", "Total", lang), Kind.MONEY, 12, formula="={interest}+{fixed}"),
    ]
    data += [frame["interest"].to_numpy(), frame["indemnity"].to_numpy(), frame["total"].to_numpy()]
    total: list[object] = [t("Total", "Total", lang)] + [None] * (len(columns) - 4)
    total += [frame["interest"].sum(), frame["indemnity"].sum(), frame["total"].sum()]
    total[4] = frame["base"].sum()
    name = sheet_name("penalties", lang)
    basis = t("L441-10 et D441-5 C. com.", "Late Payment Act 1998", lang)
    return SheetSpec(
        key="penalties",
        name=name,
        columns=columns,
        data=data,
        tones=np.array([Tone.LATE_2, Tone.PAID], object)[frame["paid_late"].to_numpy(dtype=int)],
        total=total if len(frame) else None,
        print_title=f"{name} – {as_of:%d/%m/%Y} – {basis}",
        tab_color="C00000",
    )


def _date(d: dt.date) -> str:
    return f"DATE({d.year},{d.month},{d.day})"
