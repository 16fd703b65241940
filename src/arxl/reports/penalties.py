"""The Pénalités (Penalties) sheet: the computation of each invoice's penalties, as formulas.

One row per invoice (per stretch of unpaid balance when it was partly paid while late, below)
and a fixed number of columns, whatever the years the delays span: the
rates of the half-years sit in a small table beside the rows (Semestre, Du, Au, Taux), and each
row's interest is one formula that looks them up, so the accountant can audit or change a rate
and the sheet grows with the invoices only.

French law: the days of (start, end] in each half-year at that half-year's rate,
SUMPRODUCT over the rate table (the days in a half-year as min/max written with ABS, which
works element-wise in Excel and LibreOffice). UK: one rate per invoice, that of the half-year
holding the day after the due date (LOOKUP), for every day. When a consumer's interest runs
from a formal notice, an "Intérêts à partir du" column holds the first day of interest (the day
after the notice) and "Jours comptés" the days from it to "Fin du retard", both counted. An
invoice partly paid while late takes a row per stretch of constant unpaid balance
(rules.penalties' slices: the amount late from "Intérêts à partir du", the day after the due
date or the payment before, to "Fin du retard"), its indemnity on its first row. A rate
missing from the table is a blank rate cell: the days of that half-year earn nothing, those of
the known half-years are counted (the half-year is listed in Anomalies), never a nearby rate.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from arxl.formats import FR_FORMATS, Formats
from arxl.model import half_year_label, half_year_start
from arxl.rules.penalties import YEAR_DAYS, Penalties, Profile
from arxl.sheets.spec import Column, Kind, SheetSpec, SideTable, Tone, text_data
from arxl.vocab import ClientType, Lang, sheet_name, t


def build(pen: Penalties, as_of: dt.date, lang: Lang, formats: Formats = FR_FORMATS) -> SheetSpec:
    frame = _rows(pen)
    consumer_word = t("Particulier", "Consumer", lang)
    columns = [
        Column(t("Facture", "Invoice", lang), Kind.TEXT, 17),
        Column(t("ID Client", "Client ID", lang), Kind.TEXT, 10, center=True),
        Column(t("Client", "Client", lang), Kind.TEXT, 24),
        Column(t("Type", "Type", lang), Kind.TEXT, 13, center=True, key="type"),
        Column(t("Montant en retard", "Amount late", lang), Kind.MONEY, 13, key="base"),
        Column(t("Échéance", "Due date", lang), Kind.DATE, 11.5, key="due"),
        Column(t("Fin du retard", "Late until", lang), Kind.DATE, 11.5, key="end"),
        Column(t("Jours de retard", "Days late", lang), Kind.INT, 9, True, formula="={end}-{due}"),
    ]
    # a consumer's interest starts after the formal notice, a slice's after the payment before
    # it: show the first day of interest (the day after that one), and count the days from it,
    # inclusive, to the end of the delay (the formulas take the day before it)
    from_notice = bool((frame["start"] != frame["due"]).any())
    start = "({start}-1)" if from_notice else "{due}"
    if from_notice:
        columns.insert(
            6,
            Column(t("Intérêts à partir du", "Interest from", lang), Kind.DATE, 11.5, key="start"),
        )
        # the days this row's interest is counted on (amount late x rate x these / 365), beside
        # the lateness from the due date, which a slice after a payment or a notice exceeds
        columns.append(
            Column(
                t("Jours comptés", "Days counted", lang),
                Kind.INT,
                9,
                True,
                formula="={end}-{start}+1",
            )
        )
    kinds = np.array([t("Professionnel", "Business", lang), consumer_word]).astype(object)
    consumer = (frame["client_type"] == ClientType.CONSUMER.value).to_numpy()
    data: list = [
        text_data(frame["invoice"]),
        text_data(frame["client_id"]),
        text_data(frame["client_name"]),
        kinds[consumer.astype(int)],  # one Python string each, shared by every row
        frame["base"].to_numpy(),
        frame["due"].to_numpy(),
        frame["end"].to_numpy(),
        (frame["end"] - frame["due"]).dt.days.to_numpy(),
    ]
    if from_notice:
        data.insert(6, (frame["start"] + pd.Timedelta(days=1)).to_numpy())
        data.append((frame["end"] - frame["start"]).dt.days.to_numpy())
    side = rate_table(pen, consumer, lang)
    with_consumers = bool(consumer.any())
    if pen.profile is Profile.UK:
        # the rate of the day after the due date, fixed for the whole delay (1998 Act s.4):
        # a slice after a part-payment keeps it
        rate = "LOOKUP({due}+1,{@from},{@rate})"
        if with_consumers:
            rate = f'IF({{type}}="{consumer_word}",LOOKUP({start}+1,{{@from}},{{@cons}}),{rate})'
        columns.append(Column(t("Taux", "Rate", lang), Kind.PERCENT, 9, True, "rate", "=" + rate))
        data.append(_row_rates(pen)[frame["item"].to_numpy()] if len(frame) else np.zeros(0))
        interest = f"ROUND({{base}}*{{rate}}*({{end}}-{start})/{YEAR_DAYS},2)"
    else:
        interest = _french_interest(start, with_consumers, consumer_word, pen)
    columns += [
        Column(t("Intérêts", "Interest", lang), Kind.MONEY, 12, key="interest", formula=interest),
        Column(t("Indemnité forfaitaire", "Fixed compensation", lang), Kind.MONEY, 12, key="fixed"),
        Column(t("Total", "Total", lang), Kind.MONEY, 12, formula="={interest}+{fixed}"),
    ]
    data += [frame["interest"].to_numpy(), frame["indemnity"].to_numpy(), frame["total"].to_numpy()]
    # the amounts late mix paid invoices and open balances: no total for them
    total: list[object] = [t("Total", "Total", lang)] + [None] * (len(columns) - 4)
    # (the formula columns' totals are SUMs whose cached values the writer works out: sum_cached)
    total += [frame["interest"].sum(), frame["indemnity"].sum(), frame["total"].sum()]
    name = sheet_name("penalties", lang)
    return SheetSpec(
        key="penalties",
        name=name,
        columns=columns,
        data=data,
        tones=np.array([Tone.LATE_2, Tone.PAID], object)[frame["paid_late"].to_numpy(dtype=int)],
        total=total if len(frame) else None,
        print_title=f"{name} – {formats.date_text(as_of)} – {basis(pen, from_notice, lang)}",
        tab_color="C00000",
        side=side,
        formats=formats,
    )


def basis(pen: Penalties, from_notice: bool, lang: Lang) -> str:
    """The law the sheet applies, for its printed title."""
    if pen.profile is Profile.NONE:
        return t("aucun pays choisi", "no country chosen", lang)
    if pen.profile is Profile.UK:
        return t("Late Payment Act 1998", "Late Payment Act 1998", lang)
    text = t("L441-10 et D441-5 C. com.", "French Commercial Code L441-10, D441-5", lang)
    if from_notice:
        text += t(" ; art. 1231-6 C. civ. (particuliers)", "; Civil Code 1231-6 (consumers)", lang)
    return text


def rate_table(pen: Penalties, consumer: np.ndarray, lang: Lang) -> SideTable:
    """The half-years of the sheet with their first and last days and the rate applied (a
    blank rate: unknown, listed in Anomalies); without a profile, a note saying how to choose
    one."""
    if pen.profile is Profile.NONE:
        note = t(
            "Aucun pays choisi : pas de pénalités légales. Indiquez FR ou UK dans Paramètres, "
            "ligne « Pays ».",
            'No country chosen: no statutory penalties. Give FR or UK in Settings, row "Country".',
            lang,
        )
        return SideTable([Column(t("Pénalités", "Penalties", lang), Kind.TEXT, 60)], [[note]])
    periods = pen.periods
    label = t("Taux professionnels", "Business rate", lang)
    if pen.profile is Profile.UK:
        label = t("Taux (retard commencé dans le semestre)", "Rate (delay starting in it)", lang)
    columns = [
        Column(t("Semestre", "Half-year", lang), Kind.TEXT, 10, center=True),
        Column(t("Du", "From", lang), Kind.DATE, 11.5, key="from"),
        Column(t("Au", "To", lang), Kind.DATE, 11.5, key="to"),
        Column(label, Kind.PERCENT, 12, True, key="rate"),
    ]
    data: list = [
        [half_year_label(p) for p in periods],
        np.array([half_year_start(p) for p in periods], dtype="datetime64[D]"),
        np.array([half_year_start(p + 1) for p in periods], dtype="datetime64[D]") - 1,
        pen.business_rates / 100,
    ]
    if consumer.any():
        consumers = t("Taux particuliers", "Consumer rate", lang)
        columns.append(Column(consumers, Kind.PERCENT, 12, True, key="cons"))
        data.append(pen.consumer_rates / 100)
    return SideTable(columns, data)


def _rows(pen: Penalties) -> pd.DataFrame:
    """One row per slice of pen.slices with its invoice's columns; the indemnity on the first
    slice of each invoice only, the interest the slice's."""
    frame = pen.frame
    cuts = pen.slices
    if not len(frame):
        return frame.assign(item=np.zeros(0, dtype=np.int64))
    item = cuts["item"].to_numpy()
    rows = frame.iloc[item].reset_index(drop=True)
    first = np.r_[True, item[1:] != item[:-1]]
    rows["item"] = item
    for col in ("base", "start", "end", "interest"):
        rows[col] = cuts[col].to_numpy()
    rows["indemnity"] = np.where(first, rows["indemnity"].to_numpy(), 0.0)
    rows["total"] = np.round(rows["interest"] + rows["indemnity"], 2)
    return rows


def _row_rates(pen: Penalties) -> np.ndarray:
    """The UK rate of each row (a fraction): one rate for every day of its delay."""
    if not pen.rates.shape[1]:
        return np.full(len(pen.frame), np.nan)
    return pen.rates[:, 0] / 100


def _french_interest(start: str, consumers: bool, consumer_word: str, pen: Penalties) -> str:
    """Σ over the rate table of the days of (start, end] in each half-year × its rate."""
    end = "{end}"
    days = (
        f"(({end}+{{@to}}-ABS({end}-{{@to}}))/2"  # MIN(end, last day)
        f"-({start}+{{@from}}-1+ABS({start}-{{@from}}+1))/2)"  # MAX(start, first day - 1)
    )
    inside = f"({days}+ABS({days}))/2"  # the days, or 0
    rate = "{@rate}"  # a blank rate (unknown) counts 0: its half-year's days earn nothing
    if consumers:
        is_consumer = f'({{type}}="{consumer_word}")'
        rate = f"({{@rate}}+{is_consumer}*({{@cons}}-{{@rate}}))"
    interest = f"ROUND({{base}}*SUMPRODUCT({inside}*{rate})/{YEAR_DAYS},2)"
    return "=" + interest
