"""The rows of the Paramètres sheet: the setting each sets, its French and English labels, the
words an owner may write instead, and a one-line help (arxl.settings reads them into Settings)."""

from __future__ import annotations

from dataclasses import dataclass, field

from arxl.vocab import Lang


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
    SettingRow(
        "fee_tolerance",
        "Tolérance frais bancaires",
        "Bank fee tolerance",
        "Écart accepté entre un virement et ses factures (frais bancaires, arrondi), dans la "
        "devise du classeur : 5 par défaut. Au-delà, arxl bank propose un paiement partiel.",
        "Gap accepted between a transfer and its invoices (bank fee, rounding), in the book's "
        "currency: 5 by default. Beyond it, arxl bank proposes a partial payment.",
        (
            "tolerance frais bancaires eur",
            "tolerance de rapprochement",
            "fee tolerance",
            "matching tolerance",
        ),
    ),
    SettingRow(
        "auto_validate",
        "Validation automatique du rapprochement",
        "Auto-validate bank matches",
        "oui / non (non par défaut) : un rapprochement sûr (référence et montant exacts) va "
        "dans Paiements sans attendre votre x dans Valider.",
        "yes / no (no by default): a sure match (exact reference and amount) goes to Payments "
        "without waiting for your x in Confirm.",
        ("validation automatique", "automatic validation", "auto validate"),
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
