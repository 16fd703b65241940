"""Every number the rules use, in one frozen dataclass, and how the Paramètres sheet maps to it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from arxl.vocab import COUNTRY_PROFILES, Lang, fold


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

    def replace(self, **changes: object) -> Settings:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @property
    def statutory_profile(self) -> str:
        """The penalty profile: as Paramètres says it, else the country's (fr for FR, uk for
        UK), else none: arxl never guesses a law from the language of the headers."""
        if self.penalty_profile:
            return self.penalty_profile
        return COUNTRY_PROFILES.get(fold(self.country), "none")


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
        "country",
        "Pays",
        "Country",
        "FR (pénalités L441-10, 40 € par facture) ou UK (Late Payment Act) : le droit des "
        "pénalités de retard. Vide ou autre pays = pas de pénalités légales calculées.",
        "FR (L441-10 penalties, €40 an invoice) or UK (Late Payment Act): the law of the "
        "late-payment penalties. Blank or another country = no statutory penalties computed.",
        ("country", "pays", "droit applicable", "law"),
    ),
    SettingRow(
        "currency",
        "Devise",
        "Currency",
        "Vide = celle des montants de la feuille des factures, sinon selon le pays. Ex. € ou EUR.",
        "Blank = that of the invoice sheet's amounts, else the country's. E.g. $ or USD.",
        ("devise", "currency", "monnaie"),
    ),
    SettingRow(
        "date_format",
        "Format de date",
        "Date format",
        "Vide = celui des dates de la feuille des factures. Ex. jj/mm/aaaa.",
        "Blank = that of the invoice sheet's dates. E.g. mm/dd/yyyy or dd/mm/yyyy.",
        ("format de date", "date format", "format date"),
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
    SettingRow(
        "reminder_interval",
        "Intervalle minimum entre relances (jours)",
        "Minimum days between reminders",
        "Un client n'est pas relancé plus souvent (7 par défaut).",
        "A client is not reminded more often than this (default 7).",
        ("intervalle entre relances", "reminder interval", "intervalle minimum"),
    ),
    SettingRow(
        "penalty_profile",
        "Profil de pénalités",
        "Penalty profile",
        "Vide = selon le pays. fr (L441-10 : BCE + 10 points, 40 € par facture), uk (8 % + "
        "taux de base BoE) ou none.",
        "Blank = the country's. fr (L441-10: ECB + 10 points, €40 an invoice), uk (8% + BoE "
        "base rate) or none.",
        ("profil penalites", "penalty profile", "penalites"),
    ),
    SettingRow(
        "contractual_rate",
        "Taux de pénalité contractuel (%)",
        "Contractual penalty rate (%)",
        "Vide = taux légal. Refusé s'il est inférieur à 3 fois le taux d'intérêt légal.",
        "Blank = statutory rate. Refused when below 3 times the legal interest rate.",
        ("taux contractuel", "contractual rate", "taux de penalite"),
    ),
    SettingRow(
        "reference_rates",
        "Taux de référence par semestre (%)",
        "Reference rate by half-year (%)",
        "Remplace la table livrée (taux BCE ; BoE en profil uk), ex. 2026-S2=2,15; 2027-S1=2.",
        "Overrides the bundled table (ECB rate; BoE for uk), e.g. 2026-S2=2.15; 2027-S1=2.",
        ("taux de reference", "reference rates", "taux bce"),
    ),
    SettingRow(
        "sender_name",
        "Votre raison sociale",
        "Your company name",
        "Nom qui signe les relances et les lettres.",
        "The name that signs reminders and letters.",
        ("raison sociale", "company name", "expediteur", "sender name"),
    ),
    SettingRow(
        "sender_address",
        "Votre adresse",
        "Your address",
        "Adresse en tête des lettres de mise en demeure.",
        "Address at the top of formal notice letters.",
        ("adresse expediteur", "sender address", "company address"),
    ),
    SettingRow("iban", "IBAN", "IBAN", "Coordonnées de paiement.", "Payment details.", ()),
    SettingRow("bic", "BIC", "BIC", "Coordonnées de paiement.", "Payment details.", ("swift",)),
    SettingRow(
        "smtp_host",
        "Serveur SMTP",
        "SMTP server",
        "Pour arxl remind --send (ou ARXL_SMTP_HOST). Jamais de mot de passe ici.",
        "For arxl remind --send (or ARXL_SMTP_HOST). Never a password here.",
        ("smtp", "smtp host", "serveur smtp"),
    ),
    SettingRow(
        "smtp_port",
        "Port SMTP",
        "SMTP port",
        "Vide = 587 (starttls), 465 (ssl), 25 (none).",
        "Blank = 587 (starttls), 465 (ssl), 25 (none).",
        ("smtp port",),
    ),
    SettingRow(
        "smtp_security",
        "Sécurité SMTP",
        "SMTP security",
        "starttls (défaut), ssl ou none.",
        "starttls (default), ssl or none.",
        ("smtp security",),
    ),
    SettingRow(
        "smtp_user",
        "Utilisateur SMTP",
        "SMTP user",
        "Le mot de passe vient de ARXL_SMTP_PASSWORD ou du trousseau système.",
        "The password comes from ARXL_SMTP_PASSWORD or the system keyring.",
        ("smtp user", "identifiant smtp"),
    ),
    SettingRow(
        "smtp_from",
        "Adresse d'envoi",
        "From address",
        "Expéditeur des emails de relance (ou ARXL_SMTP_FROM).",
        "Sender of the reminder emails (or ARXL_SMTP_FROM).",
        ("smtp from", "from", "email expediteur"),
    ),
)

# Labels that must never hold a secret: a value there is reported, never used.
PASSWORD_LABELS = frozenset({"motdepasse", "motdepassesmtp", "password", "smtppassword"})


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


# Where the tables are, beyond SETTING_ROWS: written into Paramètres when `refresh --clients`
# or `--status` gives them (a new Paramètres sheet lists them after Correspondance des colonnes).
LAYOUT_SETTING_ROWS: tuple[SettingRow, ...] = (
    SettingRow(
        "clients_book",
        "Classeur des clients",
        "Clients workbook",
        "Vide = les clients sont dans ce classeur. Sinon le fichier qui les liste (chemin "
        "relatif au dossier de ce classeur ou complet).",
        "Blank = the clients are in this workbook. Else the file listing them (path relative to "
        "this workbook's folder, or full).",
        (
            "fichier des clients",
            "fichier clients",
            "clients book",
            "clients file",
            "customers file",
        ),
    ),
    SettingRow(
        "status_map",
        "Correspondance des statuts",
        "Status mapping",
        "Valeur=statut séparés par ; par ex. payed=Payé; unpayed=En attente; draft=brouillon.",
        "Value=status separated by ;, e.g. payed=Paid; unpayed=Pending; draft=draft.",
        ("statuts", "status map", "correspondance statuts"),
    ),
)


# Read from Paramètres when the owner adds the row (not written into a new Paramètres sheet);
# the monthly report's D441-6 table states the financial year it used and names the row.
REPORT_SETTING_ROWS: tuple[SettingRow, ...] = (
    SettingRow(
        "fiscal_year_start",
        "Début de l'exercice",
        "Start of the financial year",
        "jj/mm, par ex. 01/07 (01/01 par défaut) : le tableau D441-6 du rapport mensuel "
        "rapporte les retards au chiffre d'affaires TTC de l'exercice.",
        "dd/mm, e.g. 01/07 (01/01 by default): the monthly report's D441-6 table gives the "
        "overdue amounts as a share of the financial year's turnover incl. VAT.",
        ("debut exercice", "exercice", "financial year start", "fiscal year start"),
    ),
    SettingRow(
        "date_window",
        "Années plausibles",
        "Plausible years",
        "Première et dernière année d'une date de facture, par ex. 1990;2100 (par défaut) : "
        "une date hors de ces années est signalée dans Anomalies, pas lue.",
        "First and last year of an invoice date, e.g. 1990;2100 (the default): a date outside "
        "them is listed in Anomalies, not read.",
        ("annees plausibles", "date window", "plausible years"),
    ),
)


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
        out.append((r.label(lang), default_value_text(r, settings), r.help(lang)))
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
