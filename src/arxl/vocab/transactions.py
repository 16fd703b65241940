"""The invoice sheet (Transactions, Factures): the header synonyms of its columns, those read but
never written, the generic headers used only when nothing more specific names a field, the
headers that mean something when left over, the columns of exports with one row per invoice line,
and the required columns. The columns of payment and credit-note rows are in vocab.payments."""

from __future__ import annotations

from arxl.vocab.clients import CLIENT_HEADERS
from arxl.vocab.fields import Field
from arxl.vocab.text import fold

# Header synonyms, folded with fold(). The first French and English entries are also the
# headers arxl writes (init, demo). Order matters only for writing.
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
            "Date",  # English too: says nothing of the book's language
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
            "Description",  # English too
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
            "Montant TVAC",  # Belgium: TVA comprise
            "Total TVAC",
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
            # English headers of French firms' exports, and the tax said in words
            "Amount TTC",
            "Amount HT",
            "Total incl tax",
            "Amount incl VAT",
            "Total incl VAT",
            "Amount including tax",
            "Amount including VAT",
            "Amount tax included",
            "Gross total",
            "Amount excl tax",
            "Amount excl VAT",
            "Total excl tax",
            "Total excl VAT",
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
            "Client",  # English too
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
    Field.CURRENCY: (
        ("Devise", "Code devise", "Monnaie"),
        ("Currency", "Currency code", "CurrencyCode", "Ccy"),
    ),
    # an invoice's own terms ("Net 60", "30 jours"): its due date when none is written
    Field.TERMS: CLIENT_HEADERS[Field.TERMS],
}


TRANSACTION_REQUIRED = (Field.DATE, Field.CLIENT_ID, Field.INVOICE, Field.AMOUNT)


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
        "Amount HT",  # before tax: the amount only where no column says the tax included
        "Amount excl tax",
        "Amount excl VAT",
        "Total excl tax",
        "Total excl VAT",
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


# A header left over once every field is placed still means something: a second
# "Description" or "Référence" column beside "N° facture" holds the label or the invoice
# numbers a payment names (used for payment rows only).
SECONDARY_HEADERS: dict[str, Field] = {
    **{fold(h): Field.DESCRIPTION for h in ("Description", "Libellé", "Label", "Memo", "Objet")},
    **{fold(h): Field.REFERENCE for h in ("Référence", "Reference", "Réf", "Ref")},
}


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
