"""The Clients sheet: its header synonyms and required columns, the client type (business or
consumer) and the words its cells take (CONSUMER_WORDS; YES_WORDS, the cells that say yes, which
the dispute flag of the invoice sheet reads too)."""

from __future__ import annotations

from enum import StrEnum

from arxl.vocab.fields import Field
from arxl.vocab.text import fold

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


CLIENT_REQUIRED = (Field.CLIENT_ID, Field.NAME)


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


# A cell that says yes (folded), blank and anything else is false: the "Pas de relance" column of
# Clients, and the dispute flag of the invoice sheet (Disputed: Yes / Litige : Oui / X / 1 / True).
YES_WORDS = frozenset(
    fold(w)
    for w in ("oui", "o", "x", "yes", "y", "1", "vrai", "true", "stop", "suspendu", "on hold")
)
