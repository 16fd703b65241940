"""The Balance âgée (Aged balance) sheet: per client, the open invoices by bucket and their
total, the open credits (credit notes and payments not matched yet, negative) and the net
balance, with a total row. A bucket with nothing in it is a blank cell, not "0,00 €": the
eye finds the amounts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import numpy as np
import pandas as pd

from arxl.formats import FR_FORMATS, Formats
from arxl.settings import Settings
from arxl.sheets.spec import Column, Kind, SheetSpec, Tone
from arxl.vocab import Lang, bucket_codes, bucket_labels, sheet_name, t
from arxl.vocab.clients import shown_names

LATE_TONES = (Tone.CURRENT, Tone.LATE_1, Tone.LATE_2, Tone.LATE_3, Tone.LATE_4)


def blank_zeros(values: np.ndarray) -> np.ndarray:
    """Amounts with the zeros (under half a cent) blank."""
    values = values.astype(float)
    return np.where(np.abs(values) < 0.005, np.nan, values)


def build(
    table: pd.DataFrame,
    settings: Settings,
    as_of: dt.date,
    lang: Lang,
    formats: Formats = FR_FORMATS,
    known: Collection[object] | None = None,
) -> SheetSpec:
    codes = list(bucket_codes(settings.bucket_bounds))
    labels = bucket_labels(settings.bucket_bounds, lang)
    columns = [
        Column(t("ID Client", "Client ID", lang), Kind.TEXT, 11, center=True),
        Column(t("Client", "Client", lang), Kind.TEXT, 30),
        *(Column(label, Kind.MONEY, 13) for label in labels),
        Column(t("Total factures", "Invoices total", lang), Kind.MONEY, 14),
        Column(t("Avoirs et crédits non lettrés", "Open credits", lang), Kind.MONEY, 15),
        Column(t("Solde net", "Net balance", lang), Kind.MONEY, 14),
    ]
    money = [*codes, "gross", "credits", "total"]
    names = table["client_name"].tolist()
    if known is not None:  # an unknown id says so, as on Relances
        names = shown_names(table["client_key"].tolist(), names, known, lang)
    data = [table["client_id"].tolist(), names]
    data += [blank_zeros(table[c].to_numpy()) for c in money[:-1]]  # the net stays, even 0
    data.append(table["total"].to_numpy())
    total = ["", t("Total", "Total", lang)] + [round(float(table[c].sum()), 2) for c in money]
    name = sheet_name("aged", lang)
    return SheetSpec(
        key="aged",
        name=name,
        columns=columns,
        data=data,
        total=total,
        print_title=f"{name} – {formats.date_text(as_of)}",
        tab_color="C55A11",
        formats=formats,
    )
