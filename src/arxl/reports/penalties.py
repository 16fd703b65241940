"""The Pénalités (Penalties) sheet: the computation of each invoice's penalties, as formulas.

Days late per half-year, interest and totals are live Excel formulas over the row's own cells
(due date, end of lateness, base, rates), so the accountant can audit or change a rate. When a
consumer's interest runs from a formal notice, an "Intérêts à partir du" column holds its date
and the days count from it. A rate missing from the table is a blank rate cell: that row's
interest is 0 (the half-year is listed in Anomalies), never a partial sum.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from arxl.model import half_year_label, half_year_start
from arxl.rules.penalties import YEAR_DAYS, Penalties, Profile
from arxl.sheets.spec import Column, Kind, SheetSpec, Tone, text_data
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
    # a consumer's interest starts at the formal notice: show that date, count days from it
    from_notice = bool((frame["start"] != frame["due"]).any())
    start = "{start}" if from_notice else "{due}"
    if from_notice:
        columns.insert(
            6,
            Column(t("Intérêts à partir du", "Interest from", lang), Kind.DATE, 11.5, key="start"),
        )
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
        (frame["end"] - frame["due"]).dt.days.to_numpy(),
    ]
    if from_notice:
        data.insert(6, frame["start"].to_numpy())
    terms, gaps = [], []
    for j, p in enumerate(pen.periods):
        first = half_year_start(p) - dt.timedelta(days=1)
        last = half_year_start(p + 1) - dt.timedelta(days=1)
        label = half_year_label(p)
        days_formula = (
            f"=MAX(0,MIN({{end}},{_date(last)})-MAX({start},{_date(first)}))"  # (start, end]
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
        gaps.append(f'AND({{d{j}}}>0,{{r{j}}}="")')
    interest_formula = f"ROUND({{base}}*({'+'.join(terms) or '0'})/{YEAR_DAYS},2)"
    if frame["rate_missing"].any():  # no rate for a half-year: 0, not the other half-years' sum
        interest_formula = f"IF(OR({','.join(gaps)}),0,{interest_formula})"
    interest_formula = "=" + interest_formula
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
    if pen.profile is Profile.FR and from_notice:
        basis += t(" ; art. 1231-6 C. civ. (particuliers)", "; Code civil 1231-6 (consumers)", lang)
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
