"""The words of the domain, defined once: statuses, buckets, reminder levels, header synonyms.

Every label an owner reads exists here in French and English; every synonym a reader
accepts is listed here. Other modules refer to the enums, never to raw strings.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


def fold(text: object) -> str:
    """Lower-case, strip accents, keep only letters and digits ("Délai (j)" -> "delaij")."""
    s = unicodedata.normalize("NFKD", str(text))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", "", s.lower())


def fold_words(text: object) -> str:
    """Like fold, but keeps single spaces between words ("Payé  partiel " -> "paye partiel")."""
    s = unicodedata.normalize("NFKD", str(text))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", s.lower()).split())


class Lang(StrEnum):
    FR = "fr"
    EN = "en"


class Status(StrEnum):
    """The derived status of a transaction as of a date (the CSV spells them with these values)."""

    PAID = "paid"
    PENDING = "pending"
    OVERDUE = "overdue"
    DISPUTED = "disputed"
    WRITTEN_OFF = "written_off"

    def label(self, lang: Lang) -> str:
        return STATUS_LABELS[self][lang is Lang.EN]

    @property
    def is_open(self) -> bool:
        return self in (Status.PENDING, Status.OVERDUE, Status.DISPUTED)


UNAPPLIED_LABEL = ("Non lettré", "Unapplied")  # the status arxl writes on an open credit

STATUS_LABELS: dict[Status, tuple[str, str]] = {
    Status.PAID: ("Payé", "Paid"),
    Status.PENDING: ("En attente", "Pending"),
    Status.OVERDUE: ("En retard", "Overdue"),
    Status.DISPUTED: ("Litige", "Disputed"),
    Status.WRITTEN_OFF: ("Irrécouvrable", "Written off"),
}


class TypedStatus(StrEnum):
    """What the owner typed in the status column, once normalised."""

    PAID = "paid"
    PENDING = "pending"
    OVERDUE = "overdue"
    PARTIAL = "partial"
    DISPUTED = "disputed"
    WRITTEN_OFF = "written_off"
    UNAPPLIED = "unapplied"  # a credit not matched to an invoice yet: stays open (rules.aging)
    UNKNOWN = "unknown"
    BLANK = "blank"


# Folded status text (fold_words) -> typed status. Feminine and plural forms included.
STATUS_SYNONYMS: dict[str, TypedStatus] = {}
for _typed, _words in {
    TypedStatus.PAID: [
        "paye",
        "payee",
        "payes",
        "payees",
        "regle",
        "reglee",
        "solde",
        "soldee",
        "paid",
        "settled",
        "closed",
        "encaisse",
        "encaissee",
        "reglee en totalite",
        "paye en totalite",
        "fully paid",
        "paid in full",
        "complete",
        "completed",
        "termine",
        "terminee",
        "in payment",
        "en paiement",
    ],
    TypedStatus.PENDING: [
        "en attente",
        "attente",
        "pending",
        "open",
        "ouvert",
        "ouverte",
        "a payer",
        "due",
        "non paye",
        "non payee",
        "impaye",
        "impayee",
        "unpaid",
        "outstanding",
        "envoyee",
        "envoye",
        "facturee",
        "facture",
        "sent",
        "created",
        "issued",
        "emise",
        "emis",
        "a encaisser",
        "en cours",
        "non regle",
        "non reglee",
        "awaiting payment",
        "unpaid invoice",
        "viewed",
        "vue",
        "approved",
        "authorised",
        "authorized",
        "submitted",
        "relancee",
        "relance",
        "a relancer",
        "not paid",
        "non payees",
        "non payes",
    ],
    TypedStatus.OVERDUE: [
        "en retard",
        "retard",
        "overdue",
        "late",
        "echu",
        "echue",
        "past due",
        "impaye echu",
        "en souffrance",
    ],
    TypedStatus.PARTIAL: [
        "partiellement paye",
        "partiellement payee",
        "partiel",
        "partielle",
        "partially paid",
        "partial",
        "part paid",
        "acompte",
        "partiellement reglee",
        "partiellement regle",
        "paiement partiel",
        "partial payment",
        "partly paid",
    ],
    TypedStatus.DISPUTED: [
        "litige",
        "en litige",
        "conteste",
        "contestee",
        "disputed",
        "dispute",
        "in dispute",
    ],
    TypedStatus.UNAPPLIED: [
        "non lettre",
        "non lettree",
        "unapplied",
        "unapplied credit",
        "unallocated",
        "a imputer",
        "avoir a imputer",
        "credit non utilise",
        "avoir non utilise",
        "open credit",
        "credit ouvert",
    ],
    TypedStatus.WRITTEN_OFF: [
        "irrecouvrable",
        "irrecouvrables",
        "written off",
        "write off",
        "writtenoff",
        "perte",
        "passe en perte",
        "bad debt",
        "abandonnee",
        "abandonne",
    ],
}.items():
    for _w in _words:
        STATUS_SYNONYMS[_w] = _typed


# Statuses of documents that are not (or no longer) invoices: left out by `arxl convert`.
CANCELLED_STATUSES = frozenset(
    (
        "annule",
        "annulee",
        "brouillon",
        "draft",
        "void",
        "voided",
        "deleted",
        "supprime",
        "supprimee",
        "cancelled",
        "canceled",
        "reversed",
        "extourne",
        "extournee",
    )
)

# Columns that only exports with one row per invoice line have (Xero): rows repeating an
# invoice's number, client, date and total are lines of that one invoice.
LINE_ITEM_HEADERS = frozenset(
    fold(h)
    for h in (
        "LineAmount",
        "Line amount",
        "Quantity",
        "Qty",
        "Quantité",
        "UnitAmount",
        "Unit amount",
        "Unit price",
        "Prix unitaire",
        "InventoryItemCode",
        "Item code",
        "Montant ligne",
    )
)

# A dispute flag that says yes (Disputed: Yes / Litige : Oui / X / 1 / True).
YES_WORDS = frozenset(("yes", "y", "oui", "o", "x", "1", "true", "vrai"))


def typed_status(text: object) -> TypedStatus:
    """Normalise a status as typed: any case, accents, spaces; unknown text is UNKNOWN."""
    if text is None:
        return TypedStatus.BLANK
    key = fold_words(text)
    if not key:
        return TypedStatus.BLANK
    return STATUS_SYNONYMS.get(key, TypedStatus.UNKNOWN)


class Bucket(StrEnum):
    """Aging buckets of an open item, by days overdue (boundaries come from Settings)."""

    CURRENT = "current"
    B1 = "1-30"
    B2 = "31-60"
    B3 = "61-90"
    B4 = "91+"


def bucket_codes(bounds: tuple[int, int, int]) -> tuple[str, ...]:
    """CSV codes of the buckets for the given boundaries (defaults give current,1-30,...,91+)."""
    a, b, c = bounds
    return ("current", f"1-{a}", f"{a + 1}-{b}", f"{b + 1}-{c}", f"{c + 1}+")


def bucket_labels(bounds: tuple[int, int, int], lang: Lang) -> tuple[str, ...]:
    """Column labels of the aged balance ("Non échu", "1-30 j", ... / "Current", "1-30 d", ...)."""
    a, b, c = bounds
    if lang is Lang.EN:
        return ("Current", f"1-{a} d", f"{a + 1}-{b} d", f"{b + 1}-{c} d", f"{c + 1}+ d")
    return ("Non échu", f"1-{a} j", f"{a + 1}-{b} j", f"{b + 1}-{c} j", f"{c + 1} j et +")


# Reminder levels: 0 pre-due courtesy, then one per threshold reached.
REMINDER_LABELS: dict[int, tuple[str, str]] = {
    0: ("Rappel avant échéance", "Pre-due courtesy reminder"),
    1: ("Relance courtoise", "Courteous reminder"),
    2: ("Relance ferme", "Firm reminder"),
    3: ("Mise en demeure", "Formal notice"),
    4: ("Recouvrement", "Collection notice"),
}

REMINDER_ACTIONS: dict[int, tuple[str, str]] = {
    0: ("Rappeler l'échéance proche par email", "Email a friendly note before the due date"),
    1: ("Email courtois avec la liste des factures", "Courteous email listing the invoices"),
    2: ("Email ferme et appel téléphonique", "Firm email and a phone call"),
    3: ("Lettre de mise en demeure (recommandé)", "Formal notice letter (registered post)"),
    4: (
        "Recouvrement : injonction de payer ou société de recouvrement",
        "Collection: court order or collection agency",
    ),
}


def reminder_label(level: int, lang: Lang) -> str:
    return REMINDER_LABELS[level][lang is Lang.EN]


def reminder_action(level: int, lang: Lang) -> str:
    return REMINDER_ACTIONS[level][lang is Lang.EN]


class Field(StrEnum):
    """Logical columns of the input sheets, whatever their header says."""

    # clients
    CLIENT_ID = "client_id"
    NAME = "name"
    ADDRESS = "address"
    PHONE = "phone"
    EMAIL = "email"
    TERMS = "terms"
    CREDIT_LIMIT = "credit_limit"
    # transactions
    DATE = "date"
    INVOICE = "invoice"
    AMOUNT = "amount"
    STATUS = "status"
    REMARKS = "remarks"
    DUE_DATE = "due_date"
    PAYMENT_DATE = "payment_date"
    AMOUNT_PAID = "amount_paid"
    BALANCE = "balance"  # what is left to pay, as written (read only: paid = amount - balance)
    DISPUTED = "disputed"  # a yes/no dispute flag (read only: yes makes the status disputed)
    DEBIT = "debit"  # exports of ledger lines: amount = debit - credit (read only)
    CREDIT = "credit"


# Header synonyms, folded with fold(). The first French and English entries are also the
# headers arxl writes (init, demo). Order matters only for writing.
CLIENT_HEADERS: dict[Field, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Field.CLIENT_ID: (
        (
            "ID Client",
            "Code client",
            "N° client",
            "Numéro client",
            "Identifiant client",
            "Réf client",
            "Code tiers",
            "Compte tiers",
            "N° tiers",
        ),
        ("Client ID", "Customer ID", "Customer code", "Client code", "Customer number", "Account"),
    ),
    Field.NAME: (
        ("Nom", "Raison sociale", "Nom du client", "Nom client", "Client", "Société"),
        ("Name", "Customer name", "Client name", "Customer", "Company"),
    ),
    Field.ADDRESS: (("Adresse",), ("Address",)),
    Field.PHONE: (("Téléphone", "Tél", "Tel", "Portable"), ("Phone", "Telephone", "Mobile")),
    Field.EMAIL: (("Email", "E-mail", "Courriel", "Mail", "Adresse email"), ("Email address",)),
    Field.TERMS: (
        (
            "Délai de paiement (jours)",
            "Délai de paiement",
            "Délai",
            "Conditions de paiement",
            "Délai (jours)",
        ),
        ("Payment terms (days)", "Payment terms", "Terms", "Terms (days)"),
    ),
    Field.CREDIT_LIMIT: (
        ("Limite de crédit", "Plafond de crédit", "Encours autorisé", "Encours maximum"),
        ("Credit limit",),
    ),
}

TRANSACTION_HEADERS: dict[Field, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Field.DATE: (
        (
            "Date",
            "Date facture",
            "Date de facture",
            "Date d'émission",
            "Date de la facture",
            "Date de facturation",
            "Date facturation",
            "Date pièce",
            "Date de pièce",
        ),
        (
            "Invoice date",
            "Date issued",
            "Issue date",
            "Date of invoice",
            "Billing date",
            "Invoice/Bill date",
            "Document date",
        ),
    ),
    Field.CLIENT_ID: CLIENT_HEADERS[Field.CLIENT_ID],
    Field.INVOICE: (
        (
            "Description",
            "N° facture",
            "Numéro de facture",
            "Facture",
            "Numéro",
            "Référence",
            "Pièce",
            "Libellé",
            "N° de facture",
            "No facture",
            "Numéro facture",
            "Réf facture",
            "Référence facture",
            "Pièce comptable",
            "Écriture comptable",
            "Numéro de pièce",
            "N° pièce",
        ),
        (
            "Invoice",
            "Invoice number",
            "Invoice no",
            "Invoice #",
            "Reference",
            "Number",
            "Invoice ID",
            "Invoice ref",
            "Invoice reference",
            "Inv no",
            "Document number",
            "Journal entry",
            "Num",
            "Doc no",
        ),
    ),
    Field.AMOUNT: (
        (
            "Montant",
            "Montant TTC",
            "Montant facture",
            "Total TTC",
            "Somme",
            "Montant HT",
            "Total HT",
            "Total signé",
            "Montant total",
            "Total facture",
        ),
        (
            "Amount",
            "Total",
            "Invoice amount",
            "Invoice total",
            "Amount incl tax",
            "Gross amount",
            "Total signed",
            "Total in currency signed",
            "Amount total",
            "Amount total signed",
        ),
    ),
    Field.STATUS: (
        (
            "Statut",
            "État",
            "Etat",
            "Statut de la facture",
            "Statut facture",
            "Situation",
            "État du paiement",
            "Statut du paiement",
            "Statut de paiement",
        ),
        ("Status", "State", "Invoice status", "Payment status"),
    ),
    Field.REMARKS: (
        ("Remarques", "Commentaires", "Commentaire", "Notes", "Observations"),
        ("Remarks", "Comments", "Comment", "Note"),
    ),
    Field.DUE_DATE: (
        (
            "Échéance",
            "Date d'échéance",
            "Date échéance",
            "Date limite de paiement",
            "À payer avant",
        ),
        (
            "Due date",
            "Due",
            "Due by",
            "Payment due",
            "Date due",
            "Due on",
            "Payment due date",
            "Invoice due date",
        ),
    ),
    Field.PAYMENT_DATE: (
        (
            "Date de paiement",
            "Date de règlement",
            "Payé le",
            "Date d'encaissement",
            "Réglé le",
            "Date du paiement",
            "Date du règlement",
        ),
        ("Payment date", "Date paid", "Paid on", "Paid date", "Settled date", "Date received"),
    ),
    Field.AMOUNT_PAID: (
        ("Montant payé", "Montant réglé", "Réglé", "Déjà payé", "Montant encaissé", "Payé"),
        (
            "Amount paid",
            "Paid amount",
            "Paid",
            "Payments",
            "Amount received",
            "InvoiceAmountPaid",
            "Paid to date",
            "Invoice paid to date",
        ),
    ),
}

# Columns read from an invoice sheet but never written by arxl (init, demo).
TRANSACTION_EXTRA_HEADERS: dict[Field, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Field.NAME: (
        (
            "Client",
            "Nom du client",
            "Nom client",
            "Raison sociale",
            "Société",
            "Nom",
            "Facturé à",
            "Tiers",
            "Partenaire",
            "Client/Fournisseur",
            "Intitulé",
            "Intitulé tiers",
        ),
        (
            "Customer",
            "Client name",
            "Customer name",
            "Company",
            "Bill to",
            "Billed to",
            "Partner",
            "ContactName",
            "Contact name",
            "Name",
            "Invoice partner display name",
        ),
    ),
    Field.BALANCE: (
        (
            "Reste à payer",
            "Restant dû",
            "Montant restant",
            "Reste dû",
            "Solde",
            "Solde dû",
            "Encours",
            "Montant dû",
            "Reste à encaisser",
            "Montant résiduel",
            "Résiduel",
            "Solde restant",
        ),
        (
            "Balance",
            "Balance due",
            "Amount due",
            "Outstanding",
            "Amount outstanding",
            "Residual",
            "Open amount",
            "InvoiceAmountDue",
            "Amount residual",
            "Residual amount",
            "Amount due signed",
            "Open balance",
            "Invoice balance",
        ),
    ),
    Field.DISPUTED: (
        ("Litige", "En litige", "Contesté", "Contestée"),
        ("Disputed", "Dispute", "In dispute"),
    ),
    Field.DEBIT: (("Débit",), ("Debit",)),
    Field.CREDIT: (("Crédit",), ("Credit",)),
}

# Generic headers: used for their field only when no more specific header names it
# ("Description" is the invoice only when there is no "N° facture").
WEAK_HEADERS = frozenset(
    fold(h)
    for h in (
        "Description",
        "Libellé",
        "Référence",
        "Reference",
        "Numéro",
        "Number",
        "Num",
        "Intitulé",
        "Pièce",
        "Date",
        "Total",
        "Somme",
        "Montant HT",
        "Total HT",
        "Paid",
        "Payé",
        "Réglé",
        "Payments",
        "Nom",
        "Name",
        "Solde",
        "Encours",
        "Outstanding",
        "Balance",
        "Due",
        "État",
        "Etat",
        "State",
        "Situation",
    )
)

CLIENT_REQUIRED = (Field.CLIENT_ID, Field.NAME)
TRANSACTION_REQUIRED = (Field.DATE, Field.CLIENT_ID, Field.INVOICE, Field.AMOUNT)

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


def header_index(
    table: dict[Field, tuple[tuple[str, ...], tuple[str, ...]]],
) -> dict[str, tuple[Field, Lang]]:
    """Folded header -> (field, language it is written in)."""
    out: dict[str, tuple[Field, Lang]] = {}
    for field, (fr, en) in table.items():
        for lang, words in ((Lang.FR, fr), (Lang.EN, en)):
            for w in words:
                out.setdefault(fold(w), (field, lang))
    return out


def written_header(
    table: dict[Field, tuple[tuple[str, ...], tuple[str, ...]]], field: Field, lang: Lang
) -> str:
    fr, en = table[field]
    return en[0] if lang is Lang.EN else fr[0]


# Names of the sheets arxl writes: key -> (French, English).
SHEET_NAMES: dict[str, tuple[str, str]] = {
    "followup": ("Suivi", "Follow-up"),
    "aged": ("Balance âgée", "Aged balance"),
    "reminders": ("Relances", "Reminders"),
    "issues": ("Anomalies", "Issues"),
    "settings": ("Paramètres", "Settings"),
    "clients": ("Clients", "Clients"),
    "transactions": ("Transactions", "Transactions"),
}


def sheet_name(key: str, lang: Lang) -> str:
    return SHEET_NAMES[key][lang is Lang.EN]


def t(fr: str, en: str, lang: Lang) -> str:
    """Pick the French or English text."""
    return en if lang is Lang.EN else fr
