"""Every number the rules use, in one frozen dataclass, and how the Paramètres sheet maps to it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from arxl.vocab import Lang, fold


@dataclass(frozen=True)
class Settings:
    """Rule parameters. Defaults follow DOMAIN.md; the owner overrides them in `Paramètres`."""

    as_of: dt.date | None = None  # None: the caller decides (the CLI uses today)
    default_terms: int = 30
    bucket_bounds: tuple[int, int, int] = (30, 60, 90)
    reminder_thresholds: tuple[int, int, int, int] = (1, 15, 30, 45)
    pre_due_days: int = 5
    lang: Lang | None = None  # None: follow the input's headers
    # where the tables are, when detection cannot tell (read by readers.xlsx.layout_from_settings)
    invoice_sheet: str = ""
    clients_sheet: str = ""
    column_map: str = ""
    # credit control (issue 6): holds, payer grades, collections forecast
    credit_control: bool | None = None  # None: on when the workbook has payments or limits
    hold_days_overdue: int = 60  # hold a client with an invoice more than N days overdue
    hold_average_age: int = 90  # hold a client whose open invoices average more than M days
    grade_bounds: tuple[int, int, int] = (5, 15, 30)  # A/B/C up to these average days late
    trend_days: int = 5  # a payer improves or worsens when its lateness moves this much
    forecast_weeks: int = 13

    def replace(self, **changes: object) -> Settings:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class SettingRow:
    """One line of the Paramètres sheet: the key it sets, its labels and a one-line help."""

    key: str
    label_fr: str
    label_en: str
    help_fr: str
    help_en: str
    aliases: tuple[str, ...] = field(default=())

    def label(self, lang: Lang) -> str:
        return self.label_en if lang is Lang.EN else self.label_fr

    def help(self, lang: Lang) -> str:
        return self.help_en if lang is Lang.EN else self.help_fr


SETTING_ROWS: tuple[SettingRow, ...] = (
    SettingRow(
        "as_of",
        "Date d'analyse",
        "As-of date",
        "Vide = aujourd'hui. Date à laquelle la situation est calculée (jj/mm/aaaa).",
        "Blank = today. The date the picture is computed for.",
        ("date du jour", "as of", "date de reference", "analysis date", "date d analyse"),
    ),
    SettingRow(
        "default_terms",
        "Délai de paiement par défaut (jours)",
        "Default payment terms (days)",
        "Utilisé quand ni l'échéance ni le délai du client ne sont renseignés.",
        "Used when neither the due date nor the client's terms are given.",
        ("delai par defaut", "default terms"),
    ),
    SettingRow(
        "bucket_bounds",
        "Tranches de retard (jours)",
        "Aging buckets (days)",
        "Trois bornes séparées par des points-virgules : 30;60;90.",
        "Three boundaries separated by semicolons: 30;60;90.",
        ("tranches", "buckets", "tranches balance agee"),
    ),
    SettingRow(
        "reminder_thresholds",
        "Seuils de relance (jours de retard)",
        "Reminder thresholds (days overdue)",
        "Courtoise;ferme;mise en demeure;recouvrement, par ex. 1;15;30;45.",
        "Courteous;firm;formal notice;collection, e.g. 1;15;30;45.",
        ("seuils de relance", "reminder thresholds"),
    ),
    SettingRow(
        "pre_due_days",
        "Rappel avant échéance (jours)",
        "Pre-due reminder (days)",
        "Rappel courtois pour les factures qui arrivent à échéance dans ce nombre de jours.",
        "Courtesy reminder for invoices falling due within this many days.",
        ("rappel avant echeance", "pre due reminder"),
    ),
    SettingRow(
        "lang",
        "Langue",
        "Language",
        "fr ou en : langue des feuilles écrites par arxl (vide = selon les en-têtes).",
        "fr or en: language of the sheets arxl writes (blank = follow the headers).",
        ("langue", "language"),
    ),
    SettingRow(
        "invoice_sheet",
        "Feuille des factures",
        "Invoice sheet",
        "Vide = trouvée automatiquement. Nom de la feuille qui liste les factures.",
        "Blank = found automatically. Name of the sheet listing the invoices.",
        ("feuille factures", "invoices sheet", "feuille des transactions"),
    ),
    SettingRow(
        "clients_sheet",
        "Feuille des clients",
        "Clients sheet",
        "Vide = trouvée automatiquement (facultative : sinon les clients viennent des factures).",
        "Blank = found automatically (optional: else clients come from the invoices).",
        ("feuille clients", "customers sheet"),
    ),
    SettingRow(
        "column_map",
        "Correspondance des colonnes",
        "Column mapping",
        "En-tête=champ séparés par ; par ex. Payable le=due_date; Tiers=name.",
        "Header=field separated by ;, e.g. Payable on=due_date; Party=name.",
        ("colonnes", "column map", "mapping"),
    ),
)


# Read from Paramètres when the owner adds the row; not written into a new Paramètres sheet
# (the sheets of workbooks without payments stay as they were), listed in the README and
# beside the figures they govern (Blocages, Crédit clients).
CREDIT_SETTING_ROWS: tuple[SettingRow, ...] = (
    SettingRow(
        "credit_control",
        "Contrôle du crédit",
        "Credit control",
        "oui / non : feuilles Blocages, Crédit clients, Prévision, Quoi de neuf (vide = oui "
        "quand il y a des paiements ou des limites de crédit).",
        "yes / no: Credit holds, Customer credit, forecast and What changed sheets (blank = yes "
        "when there are payments or credit limits).",
        ("controle credit", "credit control"),
    ),
    SettingRow(
        "hold_days_overdue",
        "Blocage : jours de retard",
        "Hold: days overdue",
        "Client bloqué quand une facture a plus de ce nombre de jours de retard (60).",
        "A client is put on hold when an invoice is more than this many days overdue (60).",
        ("blocage retard", "hold days overdue", "jours de retard blocage"),
    ),
    SettingRow(
        "hold_average_age",
        "Blocage : âge moyen (jours)",
        "Hold: average age (days)",
        "Client bloqué quand l'âge moyen de ses factures ouvertes dépasse ce nombre (90).",
        "A client is put on hold when its open invoices average more than this age (90).",
        ("blocage age moyen", "hold average age"),
    ),
)


def setting_for_label(label: object) -> SettingRow | None:
    """The setting a Paramètres label names (French or English, any case or accents)."""
    key = fold(label)
    if not key:
        return None
    for row in (*SETTING_ROWS, *CREDIT_SETTING_ROWS):
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
    """(label, value, help) of each Paramètres row, in SETTING_ROWS order."""
    return [(r.label(lang), default_value_text(r, settings), r.help(lang)) for r in SETTING_ROWS]


def default_value_text(row: SettingRow, settings: Settings) -> object:
    """The value arxl writes for a setting when it creates the Paramètres sheet."""
    value = getattr(settings, row.key)
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ";".join(str(v) for v in value)
    if isinstance(value, Lang):
        return value.value
    return value
