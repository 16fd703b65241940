"""The Relances (Reminders) sheet: one line per client to remind, with the action to take."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from arxl.reports.sheet import Column, Kind, SheetSpec, Tone
from arxl.vocab import Lang, reminder_action, reminder_label, sheet_name, t

LEVEL_TONES = {0: Tone.CURRENT, 1: Tone.LATE_1, 2: Tone.LATE_2, 3: Tone.LATE_3, 4: Tone.LATE_4}


def build(table: pd.DataFrame, as_of: dt.date, lang: Lang) -> SheetSpec:
    columns = [
        Column(t("ID Client", "Client ID", lang), Kind.TEXT, 10, center=True),
        Column(t("Client", "Client", lang), Kind.TEXT, 26),
        Column(t("Niveau", "Level", lang), Kind.INT, 7, center=True),
        Column(t("Relance", "Reminder", lang), Kind.TEXT, 22),
        Column(t("Action", "Action", lang), Kind.TEXT, 60),
        Column(t("Email", "Email", lang), Kind.TEXT, 40),
        Column(t("Téléphone", "Phone", lang), Kind.TEXT, 15),
        Column(t("Factures concernées", "Invoices", lang), Kind.TEXT, 40),
        Column(t("Montant dû", "Amount due", lang), Kind.MONEY, 13),
        Column(t("Retard max (jours)", "Max days overdue", lang), Kind.INT, 12),
    ]
    levels = [int(x) for x in table["level"]]
    data = [
        table["client_id"].tolist(),
        table["client_name"].tolist(),
        levels,
        [reminder_label(x, lang) for x in levels],
        [reminder_action(x, lang) for x in levels],
        table["email"].tolist(),
        table["phone"].tolist(),
        [", ".join(inv) for inv in table["invoices"]],
        table["amount_due"].to_numpy(),
        table["max_days_overdue"].to_numpy(),
    ]
    name = sheet_name("reminders", lang)
    return SheetSpec(
        key="reminders",
        name=name,
        columns=columns,
        data=data,
        tones=[LEVEL_TONES[x] for x in levels],
        print_title=f"{name} – {as_of:%d/%m/%Y}",
        tab_color="BF8F00",
    )
