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
        "payed",
        "fully payed",
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
        "unpayed",
        "not payed",
        "non paid",
        "to be paid",
        "payable",
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
        "contested",
        "reclamation",
        "en reclamation",
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

# Documents that are not receivables yet: drafts, pro-formas, quotes. Left out like cancelled
# ones (a status, or a Type cell, saying so).
NOT_RECEIVABLE_STATUSES = frozenset(
    (
        "brouillon",
        "draft",
        "proforma",
        "pro forma",
        "facture proforma",
        "facture pro forma",
        "devis",
        "quote",
        "quotation",
        "estimate",
        "offre",
        "a valider",
        "not sent",
        "non envoyee",
        "non envoye",
    )
)

# Words of a remark or status that say the invoice is contested (fold_words, whole words),
# and the phrases that say the opposite ("pas de litige", "dispute resolved").
DISPUTE_WORDS = (
    "litige",
    "litiges",
    "conteste",
    "contestee",
    "contestes",
    "contestees",
    "contestation",
    "reclamation",
    "reclamations",
    "dispute",
    "disputes",
    "disputed",
    "disputing",
    "contested",
    "contesting",
)
NO_DISPUTE_PHRASES = (
    "pas de litige",
    "sans litige",
    "aucun litige",
    "litige resolu",
    "litige regle",
    "litige clos",
    "litige termine",
    "fin de litige",
    "non conteste",
    "non contestee",
    "pas conteste",
    "pas contestee",
    "no dispute",
    "not disputed",
    "undisputed",
    "dispute resolved",
    "dispute closed",
    "dispute settled",
)


def mentions_dispute(text: object) -> str:
    """The dispute word a remark or status uses ("" when none, or when it says there is none)."""
    key = fold_words(text) if text is not None else ""
    padded = f" {key} "
    if not key or any(p in padded for p in _NO_DISPUTE_PADDED):
        return ""
    return next((w for w, p in _DISPUTE_PADDED if p in padded), "")


_NO_DISPUTE_PADDED = tuple(f" {q} " for q in NO_DISPUTE_PHRASES)
_DISPUTE_PADDED = tuple((w, f" {w} ") for w in DISPUTE_WORDS)


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
    LANG = "lang"
    NO_REMINDER = "no_reminder"
    CLIENT_TYPE = "client_type"
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
    TYPE = "type"  # invoice, payment or credit note, as written
    REFERENCE = "reference"  # the invoice numbers a payment or credit note names
    DESCRIPTION = "description"  # a label beside the invoice number (searched for payment words)
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
        (
            "Client ID",
            "Customer ID",
            "Customer code",
            "Client code",
            "Customer number",
            "Account",
            "Client login",
            "Customer login",
            "Client number",
            "Account number",
        ),
    ),
    Field.NAME: (
        (
            "Nom",
            "Raison sociale",
            "Nom du client",
            "Nom client",
            "Client",
            "Société",
            "Nom société",
        ),
        ("Name", "Customer name", "Client name", "Customer", "Company", "Company name"),
    ),
    Field.ADDRESS: (("Adresse",), ("Address",)),
    Field.PHONE: (("Téléphone", "Tél", "Tel", "Portable"), ("Phone", "Telephone", "Mobile")),
    Field.EMAIL: (
        (
            "Email",
            "E-mail",
            "Courriel",
            "Mail",
            "Adresse email",
            "Adresse e-mail",
            "Adresse mail",
            "Email client",
            "E-mail client",
            "Mail client",
            "Courriel client",
        ),
        (
            "Email address",
            "E-mail address",
            "Client email",
            "Customer email",
            "Client mail",
            "Contact email",
            "Billing email",
        ),
    ),
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
    Field.LANG: (("Langue", "Langue du client"), ("Language", "Lang")),
    Field.NO_REMINDER: (
        ("Pas de relance", "Ne pas relancer", "Sans relance", "Relance suspendue"),
        ("No reminder", "No reminders", "Do not remind", "On hold"),
    ),
    Field.CLIENT_TYPE: (
        ("Type", "Type de client", "Type client", "Catégorie"),
        ("Client type", "Customer type", "Category"),
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
            "Date émission",
            "Date de la transaction",
            "Date transaction",
        ),
        (
            "Invoice date",
            "Transaction date",
            "Date of issue",
            "Issued on",
            "Invoice issue date",
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
            "Num facture",
            "Num. facture",
            "Numéro de la facture",
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
            "Montant facturé",
            "Total facturé",
            "Montant de la facture",
            "Total",
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
            "Final invoiced amount",
            "Invoiced amount",
            "Amount invoiced",
            "Total amount",
            "Invoice value",
            "Grand total",
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
            "État facture",
            "État de la facture",
            "État paiement",
            "État du règlement",
            "Statut du règlement",
        ),
        ("Status", "State", "Invoice status", "Payment status", "Invoice state", "Payment state"),
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

# Columns that matter for payment and credit-note rows only (never required, never listed in
# the missing-column message).
TRANSACTION_CASH_HEADERS: dict[Field, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Field.TYPE: (
        ("Type", "Type d'opération", "Type de pièce", "Nature", "Type de ligne"),
        (
            "Transaction type",
            "Entry type",
            "Document type",
            "Kind",
            "SOP Type",
            "Doc type",
            "Invoice type",
            "Move type",
        ),
    ),
    Field.REFERENCE: (
        (
            "Référence paiement",
            "Réf paiement",
            "Référence du règlement",
            "Factures réglées",
            "Facture réglée",
            "Factures concernées",
            "Lettrage",
        ),
        ("Payment reference", "Applied to", "Invoices paid", "Paid invoices", "Invoice paid"),
    ),
}

# A header left over once every field is placed still means something: a second
# "Description" or "Référence" column beside "N° facture" holds the label or the invoice
# numbers a payment names (used for payment rows only).
SECONDARY_HEADERS: dict[str, Field] = {
    **{fold(h): Field.DESCRIPTION for h in ("Description", "Libellé", "Label", "Memo", "Objet")},
    **{fold(h): Field.REFERENCE for h in ("Référence", "Reference", "Réf", "Ref")},
}

# The Paiements (Payments) sheet: one payment per row.
PAYMENT_HEADERS: dict[Field, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Field.DATE: (
        (
            "Date",
            "Date de paiement",
            "Date du paiement",
            "Date de règlement",
            "Date d'encaissement",
        ),
        ("Payment date", "Date paid", "Date received"),
    ),
    Field.CLIENT_ID: CLIENT_HEADERS[Field.CLIENT_ID],
    Field.NAME: (
        ("Client", "Nom", "Nom du client", "Raison sociale", "Tiers", "Payeur"),
        ("Customer", "Name", "Client name", "Customer name", "Payer"),
    ),
    Field.AMOUNT: (
        ("Montant", "Montant payé", "Montant reçu", "Montant encaissé", "Montant réglé"),
        ("Amount", "Amount paid", "Amount received"),
    ),
    Field.REFERENCE: (
        (
            "Référence",
            "Réf",
            "Factures",
            "Facture",
            "Factures réglées",
            "N° facture",
            "Numéro de facture",
        ),
        ("Reference", "Ref", "Invoices", "Invoice", "Applied to", "Invoice number"),
    ),
    Field.DESCRIPTION: (
        ("Libellé", "Description", "Mode de paiement", "Commentaire", "Remarques"),
        ("Label", "Description", "Payment method", "Memo", "Comment", "Remarks"),
    ),
    Field.TYPE: TRANSACTION_CASH_HEADERS[Field.TYPE],
}
PAYMENT_SHEET_NAMES = (
    "paiements",
    "payments",
    "reglements",
    "encaissements",
    "paiement",
    "payment",
    "receipts",
)


class EntryKind(StrEnum):
    """What a row of the invoice sheet is: an invoice, a payment or a credit note."""

    INVOICE = "invoice"
    PAYMENT = "payment"
    CREDIT = "credit"

    def label(self, lang: Lang) -> str:
        return ENTRY_LABELS[self][lang is Lang.EN]


ENTRY_LABELS: dict[EntryKind, tuple[str, str]] = {
    EntryKind.INVOICE: ("Facture", "Invoice"),
    EntryKind.PAYMENT: ("Paiement", "Payment"),
    EntryKind.CREDIT: ("Avoir", "Credit note"),
}

# Folded words (fold_words) that make a row a payment or a credit note.
PAYMENT_WORDS = (
    "paiement",
    "paiements",
    "reglement",
    "reglements",
    "virement",
    "virements",
    "encaissement",
    "cheque",
    "prelevement",
    "versement",
    "acompte",
    "payment",
    "payments",
    "transfer",
    "remittance",
    "receipt",
    "received",
    "wire",
    "deposit",
    "advance",
    "advances",
    "avance",
    "avances",
    "prepayment",
    "unapplied payment",
)
CREDIT_WORDS = (
    "avoir",
    "avoirs",
    "credit note",
    "credit memo",
    "note de credit",
    "creditnote",
    "return",
    "returns",
    "retour",
    "retours",
)
INVOICE_TYPE_WORDS = ("facture", "factures", "invoice", "invoices", "fa", "inv")


def _has_words(text: str, words: tuple[str, ...]) -> bool:
    padded = f" {text} "
    return any(f" {w} " in padded for w in words)


def entry_kind_of_type(text: object) -> EntryKind | None:
    """The kind a Type cell says ("Paiement", "Avoir", "Facture"...), None when blank or unknown."""
    key = fold_words(text) if text is not None else ""
    if not key:
        return None
    if _has_words(key, CREDIT_WORDS) or key in ("credit", "credit note", "refund", "out refund"):
        return EntryKind.CREDIT
    if _has_words(key, PAYMENT_WORDS) or key in ("regle", "recu", "encaisse", "paid"):
        return EntryKind.PAYMENT
    if _has_words(key, INVOICE_TYPE_WORDS) or key in ("vente", "sale", "debit"):
        return EntryKind.INVOICE
    return None


ADVANCE_WORDS = ("acompte", "acomptes", "avance", "advance", "advances", "deposit", "prepayment")
ADVANCE_WORDS += ("arrhes", "avance client", "customer advance", "down payment")


def is_advance(text: object) -> bool:
    """Whether a payment's label says it is an advance (paid before the invoice, on purpose)."""
    key = fold_words(text) if text is not None else ""
    return _has_words(key, ADVANCE_WORDS)


def entry_kind_of_words(text: object) -> EntryKind | None:
    """The kind a negative row's description says: a credit note word, else a payment word."""
    key = fold_words(text) if text is not None else ""
    if _has_words(key, CREDIT_WORDS):
        return EntryKind.CREDIT
    if _has_words(key, PAYMENT_WORDS):
        return EntryKind.PAYMENT
    return None


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
    "dashboard": ("Tableau de bord", "Dashboard"),
    "followup": ("Suivi", "Follow-up"),
    "aged": ("Balance âgée", "Aged balance"),
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
}


def sheet_name(key: str, lang: Lang) -> str:
    return SHEET_NAMES[key][lang is Lang.EN]


def number_text(amount: float, lang: Lang) -> str:
    """Two decimals as the owner reads them: 10 500,00 in French, 10,500.00 in English."""
    text = f"{amount:,.2f}"
    return text.replace(",", "\u00a0").replace(".", ",") if lang is Lang.FR else text


def money_text(amount: float, lang: Lang) -> str:
    """An amount in a sentence as the owner reads it: 10 500,00 € in French, €10,500.00 in
    English."""
    if lang is Lang.EN:
        return f"€{number_text(amount, lang)}"
    return f"{number_text(amount, lang)} €"


def t(fr: str, en: str, lang: Lang) -> str:
    """Pick the French or English text."""
    return en if lang is Lang.EN else fr


class ClientType(StrEnum):
    """Business clients owe late-payment penalties and the fixed indemnity; consumers do not."""

    BUSINESS = "business"
    CONSUMER = "consumer"


# Folded client-type text -> type; anything else (and blank) is a business client.
CONSUMER_WORDS = frozenset(
    fold(w)
    for w in (
        "Particulier",
        "Consommateur",
        "Personne physique",
        "B2C",
        "Consumer",
        "Private",
        "Individual",
        "Private individual",
    )
)

# Truthy cells of the "Pas de relance" column (folded); blank and anything else is false.
YES_WORDS = frozenset(
    fold(w)
    for w in ("oui", "o", "x", "yes", "y", "1", "vrai", "true", "stop", "suspendu", "on hold")
)

LOG_SHEET_NAMES = (
    "journal des relances",
    "reminder log",
    "journal relances",
    "relances envoyees",
    "reminders sent",
    "dunning log",
)


class LogField(StrEnum):
    """Columns of the Journal des relances (Reminder log) sheet."""

    DATE = "date"
    CLIENT_ID = "client_id"
    CLIENT = "client"
    LEVEL = "level"
    CHANNEL = "channel"
    INVOICES = "invoices"
    AMOUNT = "amount"
    PENALTIES = "penalties"
    MESSAGE_ID = "message_id"


LOG_HEADERS: dict[LogField, tuple[tuple[str, ...], tuple[str, ...]]] = {
    LogField.DATE: (("Date", "Date d'envoi", "Envoyé le"), ("Date sent", "Sent on")),
    LogField.CLIENT_ID: CLIENT_HEADERS[Field.CLIENT_ID],
    LogField.CLIENT: (("Client", "Nom", "Nom du client"), ("Customer", "Name")),
    LogField.LEVEL: (("Niveau", "Niveau de relance"), ("Level", "Reminder level")),
    LogField.CHANNEL: (("Canal", "Moyen", "Mode d'envoi"), ("Channel", "Sent by")),
    LogField.INVOICES: (("Factures", "Factures relancées"), ("Invoices",)),
    LogField.AMOUNT: (("Montant", "Montant relancé", "Montant dû"), ("Amount", "Amount due")),
    LogField.PENALTIES: (
        ("Pénalités", "Pénalités réclamées", "Pénalités citées"),
        ("Penalties", "Penalties quoted"),
    ),
    LogField.MESSAGE_ID: (("ID du message", "Message-ID", "Référence message"), ("Message ID",)),
}

LOG_REQUIRED = (LogField.DATE, LogField.CLIENT_ID, LogField.LEVEL)


class Channel(StrEnum):
    """How a logged reminder went out."""

    EMAIL = "email"  # sent by arxl through SMTP
    MANUAL = "manual"  # drafted by arxl, sent by the owner, confirmed with --mark-sent

    def label(self, lang: Lang) -> str:
        return CHANNEL_LABELS[self][lang is Lang.EN]


CHANNEL_LABELS: dict[Channel, tuple[str, str]] = {
    Channel.EMAIL: ("Email (SMTP)", "Email (SMTP)"),
    Channel.MANUAL: ("Brouillon envoyé (confirmé)", "Draft sent (confirmed)"),
}


class SkipReason(StrEnum):
    """Why a client due a reminder gets none this time."""

    NO_REMINDER = "no_reminder"
    DISPUTED = "disputed"
    TOO_SOON = "too_soon"
    SENT_TODAY = "sent_today"
    NO_EMAIL = "no_email"

    def label(self, lang: Lang) -> str:
        return SKIP_LABELS[self][lang is Lang.EN]


SKIP_LABELS: dict[SkipReason, tuple[str, str]] = {
    SkipReason.NO_REMINDER: ("« Pas de relance » dans Clients", '"No reminder" set in Clients'),
    SkipReason.DISPUTED: ("factures en litige uniquement", "only disputed invoices"),
    SkipReason.TOO_SOON: ("intervalle minimum non écoulé", "minimum interval not reached"),
    SkipReason.SENT_TODAY: ("déjà relancé ce jour", "already reminded that day"),
    SkipReason.NO_EMAIL: ("pas d'adresse email", "no email address"),
}
