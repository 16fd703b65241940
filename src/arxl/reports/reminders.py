"""The Relances (Reminders) sheet: one line per client to remind, at the level `arxl remind`
sends today (rules.escalation.plan: lateness, the reminder log, the minimum interval, holds,
disputes, net positions), with the last reminder logged and the next action."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import pandas as pd

from arxl.formats import FR_FORMATS, Formats
from arxl.rules.aging import NO_LEVEL
from arxl.settings import Settings
from arxl.sheets.spec import Column, Kind, SheetSpec, Tone
from arxl.vocab import Lang, SkipReason, reminder_action, reminder_label, sheet_name, t
from arxl.vocab.clients import shown_names
from arxl.vocab.reminders import reminder_action_without_email

LEVEL_TONES = {0: Tone.CURRENT, 1: Tone.LATE_1, 2: Tone.LATE_2, 3: Tone.LATE_3, 4: Tone.LATE_4}


def _date(value: object, formats: Formats = FR_FORMATS) -> str:
    return "" if pd.isna(value) else formats.date_text(pd.Timestamp(value))


def last_reminder(
    last_date: object, last_level: int, lang: Lang, formats: Formats = FR_FORMATS
) -> str:
    """ "03/10/2026 (niveau 2)", or that the log has none for the client."""
    if pd.isna(last_date) or last_level == NO_LEVEL:
        return t("Aucune (journal vide)", "None (log empty)", lang)
    return t(
        f"{_date(last_date, formats)} (niveau {last_level})",
        f"{_date(last_date, formats)} (level {last_level})",
        lang,
    )


def by_lateness(target: int, lang: Lang) -> str:
    """The level lateness alone gives ("4 – Recouvrement")."""
    return f"{target} – {reminder_label(target, lang)}"


def next_action(
    row: dict[str, object], settings: Settings, lang: Lang, formats: Formats = FR_FORMATS
) -> str:
    """What to do and when; below what lateness gives, how the level will rise."""
    level, target, skip = int(row["level"]), int(row["target"]), row["skip"]  # type: ignore[call-overload]
    label = reminder_label(level, lang)
    if skip == SkipReason.NO_REMINDER.value:
        return t(
            "Aucune : relances suspendues (« Pas de relance » dans Clients)",
            'None: reminders on hold ("No reminder" in Clients)',
            lang,
        )
    if skip == SkipReason.SENT_TODAY.value:
        what = t("Déjà relancé aujourd'hui", "Already reminded today", lang)
    elif skip == SkipReason.TOO_SOON.value:
        what = t(
            f"{label} à partir du {_date(row['next_date'], formats)}",
            f"{label} from {_date(row['next_date'], formats)}",
            lang,
        )
    elif skip == SkipReason.NO_EMAIL.value:
        what = t(
            f"{label} aujourd'hui par courrier ou téléphone (pas d'email)",
            f"{label} today by post or phone (no email)",
            lang,
        )
    else:
        what = t(f"{label} aujourd'hui", f"{label} today", lang)
    if 0 < level < target:
        what += t(
            f", puis un niveau de plus tous les {settings.reminder_interval} j au moins",
            f", then one level up every {settings.reminder_interval} days at least",
            lang,
        )
    return what


def build(
    table: pd.DataFrame,
    settings: Settings,
    as_of: dt.date,
    lang: Lang,
    formats: Formats = FR_FORMATS,
    known: Collection[object] | None = None,
) -> SheetSpec:
    """One line per client to remind, with a total of the amounts due."""
    columns = [
        Column(t("ID Client", "Client ID", lang), Kind.TEXT, 10, center=True),
        Column(t("Client", "Client", lang), Kind.TEXT, 26),
        Column(t("Niveau", "Level", lang), Kind.INT, 7, center=True),
        Column(t("Relance", "Reminder", lang), Kind.TEXT, 18, wrap=True),
        Column(t("Selon le retard", "By lateness", lang), Kind.TEXT, 18, wrap=True),
        Column(t("Dernière relance", "Last reminder", lang), Kind.TEXT, 18, wrap=True),
        Column(t("Prochaine action", "Next action", lang), Kind.TEXT, 36, wrap=True),
        Column(t("Action", "Action", lang), Kind.TEXT, 28, wrap=True),
        Column(t("Email", "Email", lang), Kind.TEXT, 36),
        Column(t("Téléphone", "Phone", lang), Kind.TEXT, 15),
        Column(t("Factures concernées", "Invoices", lang), Kind.TEXT, 26, wrap=True),
        Column(t("Montant dû", "Amount due", lang), Kind.MONEY, 13),
        Column(t("Retard max (jours)", "Max days overdue", lang), Kind.INT, 12),
    ]
    levels = [int(x) for x in table["level"]]
    # to_dict("records")'s rows, from each column's tolist() rather than a scalar per cell
    keys = ["level", "target", "skip", "next_date", "last_date", "last_level"]
    by_column = [table[k].tolist() for k in keys]
    rows = [dict(zip(keys, row, strict=True)) for row in zip(*by_column, strict=True)]
    data = [
        table["client_id"].tolist(),
        shown_names(table["client_key"].tolist(), table["client_name"].tolist(), known, lang),
        levels,
        [reminder_label(x, lang) for x in levels],
        [by_lateness(int(r["target"]), lang) for r in rows],
        [last_reminder(r["last_date"], int(r["last_level"]), lang, formats) for r in rows],
        [next_action(r, settings, lang, formats) for r in rows],
        [
            t("Aucune (relances suspendues)", "None (reminders on hold)", lang)
            if r["skip"] == SkipReason.NO_REMINDER.value
            else reminder_action_without_email(x, lang)
            if r["skip"] == SkipReason.NO_EMAIL.value
            else reminder_action(x, lang)
            for x, r in zip(levels, rows, strict=True)
        ],
        table["email"].tolist(),
        table["phone"].tolist(),
        [", ".join(inv) for inv in table["invoices"]],
        table["amount_due"].to_numpy(),
        table["max_days_overdue"].to_numpy(),
    ]
    total: list[object] = [None] * len(columns)
    total[1] = t("Total", "Total", lang)
    total[11] = round(float(table["amount_due"].sum()), 2)  # the one additive column
    name = sheet_name("reminders", lang)
    return SheetSpec(
        key="reminders",
        name=name,
        columns=columns,
        data=data,
        tones=[LEVEL_TONES[x] for x in levels],
        total=total if len(table) else None,
        print_title=f"{name} – {formats.date_text(as_of)}",
        tab_color="BF8F00",
        formats=formats,
    )
