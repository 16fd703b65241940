"""Every number the rules use, in one frozen dataclass, and how the Paramètres sheet maps to it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from arxl.setting_rows import (
    CREDIT_SETTING_ROWS,
    LAYOUT_SETTING_ROWS,
    REPORT_SETTING_ROWS,
    SETTING_ROWS,
    SettingRow,
)
from arxl.vocab import COUNTRY_PROFILES, Lang, fold

__all__ = [
    "CREDIT_SETTING_ROWS",
    "LAYOUT_SETTING_ROWS",
    "PASSWORD_LABELS",
    "REPORT_SETTING_ROWS",
    "SETTING_ROWS",
    "SettingRow",
    "Settings",
    "default_value_text",
    "setting_for_label",
    "sheet_header",
    "sheet_rows",
]


@dataclass(frozen=True)
class Settings:
    """Rule parameters. Defaults follow DOMAIN.md; the owner overrides them in `Paramètres`."""

    as_of: dt.date | None = None  # None: the caller decides (the CLI uses today)
    default_terms: int = 30
    bucket_bounds: tuple[int, int, int] = (30, 60, 90)
    reminder_thresholds: tuple[int, int, int, int] = (1, 15, 30, 45)
    pre_due_days: int = 5
    lang: Lang | None = None  # None: follow the input's headers
    # the country whose law sets the late-payment penalties (FR, UK; anything else: none), and
    # the currency and date format when the invoice cells' own formats do not say (Formats)
    country: str = ""
    currency: str = ""  # €, $, EUR, USD...
    date_format: str = ""  # jj/mm/aaaa, mm/dd/yyyy...
    # where the tables are, when detection cannot tell (read by readers.xlsx.layout_from_settings)
    invoice_sheet: str = ""
    clients_sheet: str = ""
    column_map: str = ""
    clients_book: str = ""  # a workbook holding the clients (relative to the book's folder)
    status_map: str = ""  # status values the owner's words stand for: "payed=Payé"
    reminder_interval: int = 7  # minimum days between two reminders to a client
    penalty_profile: str | None = None  # "fr", "uk" or "none"; None: from the country
    contractual_rate: float | None = None  # % a year, replaces the statutory rate when lawful
    reference_rates: tuple[tuple[str, float], ...] = ()  # ("2026-S2", 2.15): table overrides
    sender_name: str = ""
    sender_address: str = ""
    iban: str = ""
    bic: str = ""
    smtp_host: str = ""
    smtp_port: int | None = None  # None: 587 for starttls, 465 for ssl, 25 for none
    smtp_security: str = "starttls"
    smtp_user: str = ""
    smtp_from: str = ""
    # credit control (issue 6): holds, payer grades, collections forecast
    credit_control: bool | None = None  # None: on when the workbook has payments or limits
    hold_days_overdue: int = 60  # hold a client with an invoice more than N days overdue
    hold_average_age: int = 90  # hold a client whose open invoices average more than M days
    grade_bounds: tuple[int, int, int] = (5, 15, 30)  # A/B/C up to these average days late
    trend_days: int = 5  # a payer improves or worsens when its lateness moves this much
    forecast_weeks: int = 13
    # the monthly report's D441-6 table: (day, month) the financial year (exercice) starts on
    fiscal_year_start: tuple[int, int] = (1, 1)
    # an invoice dated outside these years (both included) is a typing error (issue 19)
    date_window: tuple[int, int] = (1990, 2100)
    # arxl bank (issue 23): the gap a transfer may have with its invoices (a bank fee, a
    # rounding), in the book's currency, and whether sure matches are posted without an x
    fee_tolerance: float = 5.0
    auto_validate: bool = False

    def replace(self, **changes: object) -> Settings:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @property
    def statutory_profile(self) -> str:
        """The penalty profile: as Paramètres says it, else the country's (fr for FR, uk for
        UK), else none: arxl never guesses a law from the language of the headers."""
        if self.penalty_profile:
            return self.penalty_profile
        return COUNTRY_PROFILES.get(fold(self.country), "none")


# Labels that must never hold a secret: a value there is reported, never used.
PASSWORD_LABELS = frozenset({"motdepasse", "motdepassesmtp", "password", "smtppassword"})


def setting_for_label(label: object) -> SettingRow | None:
    """The setting a Paramètres label names (French or English, any case or accents)."""
    key = fold(label)
    if not key:
        return None
    for row in (*SETTING_ROWS, *LAYOUT_SETTING_ROWS, *CREDIT_SETTING_ROWS, *REPORT_SETTING_ROWS):
        names = {fold(row.label_fr), fold(row.label_en), fold(row.key), *map(fold, row.aliases)}
        if key in names:
            return row
    return None


def sheet_header(lang: Lang) -> tuple[str, str, str]:
    """Header row of the Paramètres sheet (label, value, explanation)."""
    if lang is Lang.EN:
        return ("Setting", "Value", "Explanation")
    return ("Paramètre", "Valeur", "Explication")


def sheet_rows(settings: Settings, lang: Lang) -> list[tuple[str, object, str]]:
    """(label, value, help) of each Paramètres row, in SETTING_ROWS order; the rows of
    LAYOUT_SETTING_ROWS that have a value follow Correspondance des colonnes."""
    out = []
    for r in SETTING_ROWS:
        value = default_value_text(r, settings)
        if isinstance(value, bool):  # a yes/no cell the owner types into
            value = ("yes" if value else "no") if lang is Lang.EN else ("oui" if value else "non")
        out.append((r.label(lang), value, r.help(lang)))
        if r.key == "column_map":
            out += [
                (x.label(lang), getattr(settings, x.key), x.help(lang))
                for x in LAYOUT_SETTING_ROWS
                if getattr(settings, x.key)
            ]
    return out


def default_value_text(row: SettingRow, settings: Settings) -> object:
    """The value arxl writes for a setting when it creates the Paramètres sheet."""
    value = getattr(settings, row.key)
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ";".join(f"{v[0]}={v[1]}" if isinstance(v, tuple) else str(v) for v in value)
    if isinstance(value, Lang):
        return value.value
    return value
