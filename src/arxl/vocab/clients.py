"""The Clients sheet: its header synonyms and required columns, the client type (business or
consumer) and the words its cells take (client_type_sides and its word lists; YES_WORDS, the
cells that say yes, which the dispute flag of the invoice sheet reads too)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from enum import StrEnum

from arxl.vocab.fields import Field
from arxl.vocab.text import Lang, fold, fold_words, t

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
        ("Name", "Customer name", "Client name", "Customer", "Company", "Company name", "Client"),
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
        (
            "Type",
            "Type de client",
            "Type client",
            "Catégorie",
            "Type de clientèle",
            "Particulier/Professionnel",
            "Professionnel/Particulier",
            "Particulier ou professionnel",
            "B2B/B2C",
            "B2C/B2B",
        ),
        (
            "Client type",
            "Customer type",
            "Category",
            "Business/Consumer",
            "Consumer/Business",
            "Business or consumer",
        ),
    ),
}


CLIENT_REQUIRED = (Field.CLIENT_ID, Field.NAME)


class ClientType(StrEnum):
    """Business clients owe late-payment penalties and the fixed indemnity; consumers do not."""

    BUSINESS = "business"
    CONSUMER = "consumer"


# The words of a client-type cell (fold_words, whole words), as owners write them: plurals,
# abbreviations ("Part.", "Pro", "Sté"), legal forms, French and English. A cell naming only one
# side is that side; naming both ("B2B/B2C", "particulier ou pro") or neither, the reader keeps
# the business default and says so in Anomalies; a blank cell is a business, silently.
# The phrases are read first and set aside, so that "personne morale", "non professionnel" or
# "private company" are not also read word by word.
TYPE_PHRASES: dict[str, ClientType] = {
    **dict.fromkeys(
        (
            "personne physique",
            "natural person",
            "private individual",
            "private person",
            "non professionnel",
            "non professionnelle",
            "non professionnels",
            "non pro",
            "non professional",
            "non business",
            "b to c",
        ),
        ClientType.CONSUMER,
    ),
    **dict.fromkeys(
        (
            "personne morale",
            "legal person",
            "legal entity",
            "private company",
            "private limited",
            "private sector",
            "secteur prive",
            "entreprise privee",
            "societe privee",
            "sole trader",
            "self employed",
            "b to b",
        ),
        ClientType.BUSINESS,
    ),
}
CONSUMER_TYPE_WORDS = frozenset(
    (
        "particulier",
        "particuliers",
        "particuliere",
        "particulieres",
        "part",
        "partic",
        "particul",
        "prive",
        "privee",
        "prives",
        "privees",
        "personne",
        "personnes",
        "physique",
        "consommateur",
        "consommateurs",
        "consommatrice",
        "conso",
        "menage",
        "menages",
        "b2c",
        "btoc",
        "individual",
        "individuals",
        "private",
        "consumer",
        "consumers",
        "household",
        "households",
        "person",
        "persons",
    )
)
BUSINESS_TYPE_WORDS = frozenset(
    (
        "professionnel",
        "professionnels",
        "professionnelle",
        "professionnelles",
        "pro",
        "pros",
        "prof",
        "entreprise",
        "entreprises",
        "entrepreneur",
        "autoentrepreneur",
        "microentreprise",
        "societe",
        "societes",
        "ste",
        "ets",
        "etablissement",
        "sarl",
        "sas",
        "sasu",
        "sa",
        "eurl",
        "sci",
        "snc",
        "scop",
        "scp",
        "selarl",
        "eirl",
        "ei",
        "gie",
        "earl",
        "gaec",
        "morale",
        "commercant",
        "commercants",
        "artisan",
        "artisans",
        "association",
        "associations",
        "asso",
        "administration",
        "administrations",
        "collectivite",
        "collectivites",
        "mairie",
        "public",
        "publique",
        "publics",
        "publiques",
        "b2b",
        "b2g",
        "btob",
        "professional",
        "professionals",
        "business",
        "businesses",
        "company",
        "companies",
        "corporate",
        "corporation",
        "corp",
        "firm",
        "trade",
        "trader",
        "traders",
        "ltd",
        "limited",
        "llc",
        "llp",
        "plc",
        "inc",
        "gmbh",
        "organisation",
        "organization",
        "ngo",
        "charity",
        "government",
    )
)


def client_type_sides(text: object) -> tuple[bool, bool]:
    """(consumer, business): whether a client-type cell names a consumer, a business; both is
    ambiguous, neither unknown (a blank cell included: the reader tells blank apart)."""
    padded = f" {fold_words(text) if text is not None else ''} "
    sides = set()
    for phrase, side in TYPE_PHRASES.items():
        if f" {phrase} " in padded:
            sides.add(side)
            padded = padded.replace(f" {phrase} ", " ")
    words = padded.split()
    consumer = ClientType.CONSUMER in sides or any(w in CONSUMER_TYPE_WORDS for w in words)
    business = ClientType.BUSINESS in sides or any(w in BUSINESS_TYPE_WORDS for w in words)
    return consumer, business


# A cell that says yes (folded), blank and anything else is false: the "Pas de relance" column of
# Clients, and the dispute flag of the invoice sheet (Disputed: Yes / Litige : Oui / X / 1 / True).
YES_WORDS = frozenset(
    fold(w)
    for w in ("oui", "o", "x", "yes", "y", "1", "vrai", "true", "stop", "suspendu", "on hold")
)


def unnamed(lang: Lang) -> str:
    """What the sheets show for the name of a client id the Clients sheet does not list."""
    return t("(absent de Clients)", "(not in Clients)", lang)


def client_label(client_id: object, name: object, lang: Lang, listed: bool = False) -> str:
    """A client as a chart or a short list names it: its name, else its id (and why it has no
    name when the Clients sheet does not list it)."""
    if name:
        return str(name)
    return str(client_id) if listed else f"{client_id} {unnamed(lang)}"


def shown_names(
    keys: Iterable[object], names: Iterable[object], known: Collection[object] | None, lang: Lang
) -> list[str]:
    """The names a sheet's Client column shows: the client's; "(absent de Clients)" for an id
    the Clients sheet does not list; blank for a listed client without a name (a converted
    export's ids). `known`: the listed client keys (None: every nameless client unknown)."""
    return [
        str(n) if n else ("" if known is not None and k in known else unnamed(lang))
        for k, n in zip(keys, names, strict=True)
    ]
