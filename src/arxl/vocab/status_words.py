"""What the owner types in a status or remark cell, and what it means: the typed statuses and their
synonyms (typed_status), the statuses that leave a document out (cancelled, not a receivable yet),
and the words and phrases that say an invoice is, or is not, disputed (mentions_dispute)."""

from __future__ import annotations

from enum import StrEnum

from arxl.vocab.text import fold_words


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
        "paye partiellement",
        "payee partiellement",
        "regle partiellement",
        "reglee partiellement",
        "partiellement soldee",
        "partiellement solde",
        "reglement partiel",
        "partial payment",
        "partly paid",
        "paid partially",
        "partially settled",
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


def typed_status(text: object) -> TypedStatus:
    """Normalise a status as typed: any case, accents, spaces; unknown text is UNKNOWN."""
    if text is None:
        return TypedStatus.BLANK
    key = fold_words(text)
    if not key:
        return TypedStatus.BLANK
    return STATUS_SYNONYMS.get(key, TypedStatus.UNKNOWN)
