"""Sheet names: those a reader accepts for each input sheet (folded: Clients, Transactions,
Paiements, Paramètres, Journal des relances), and those arxl writes, in French and English
(sheet_name)."""

from __future__ import annotations

from arxl.vocab.text import Lang

CLIENT_SHEET_NAMES = ("clients", "customers", "client", "customer")
SETTINGS_SHEET_NAMES = ("parametres", "settings", "parametrage", "reglages")
TRANSACTION_SHEET_NAMES = (
    "transactions",
    "factures",
    "invoices",
    "transaction",
    "facture",
    "invoice",
)


PAYMENT_SHEET_NAMES = (
    "paiements",
    "payments",
    "reglements",
    "encaissements",
    "paiement",
    "payment",
    "receipts",
)


LOG_SHEET_NAMES = (
    "journal des relances",
    "reminder log",
    "journal relances",
    "relances envoyees",
    "reminders sent",
    "dunning log",
)


# Names of the sheets arxl writes: key -> (French, English).
SHEET_NAMES: dict[str, tuple[str, str]] = {
    "dashboard": ("Tableau de bord", "Dashboard"),
    "followup": ("Suivi", "Follow-up"),
    "aged": ("Balance âgée", "Aged balance"),
    "pivot": ("Tableau croisé", "PivotTable"),
    "reminders": ("Relances", "Reminders"),
    "issues": ("Anomalies", "Issues"),
    "settings": ("Paramètres", "Settings"),
    "penalties": ("Pénalités", "Penalties"),
    "reminder_log": ("Journal des relances", "Reminder log"),
    "lettrage": ("Lettrage", "Cash application"),
    "holds": ("Blocages", "Credit holds"),
    "credit": ("Crédit clients", "Customer credit"),
    "forecast": ("Prévision encaissements", "Collections forecast"),
    "changes": ("Quoi de neuf", "What changed"),
    "state": ("arxl_etat", "arxl_state"),
    "clients": ("Clients", "Clients"),
    "transactions": ("Transactions", "Transactions"),
    "home": ("Accueil", "Home"),
    # created by `arxl convert` (then the owner's): the rows of an export left out, as written
    "left_out": ("Lignes écartées", "Rows left out"),
}


def sheet_name(key: str, lang: Lang) -> str:
    return SHEET_NAMES[key][lang is Lang.EN]


# The custom document property (docProps/custom.xml) marking a workbook `arxl convert` made:
# the only workbooks a convert replaces (a refresh keeps the owner's docProps as they are).
CONVERTED = ("arxl", "convert")
# and the export it was converted from (its folder's name and its own): a conversion of another
# export of the same name is not written over it
SOURCE = "arxl source"
REPORT = ("arxl", "report")  # the same for a monthly report workbook
