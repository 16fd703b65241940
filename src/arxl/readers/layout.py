"""What the owner says about the workbook's shape, and how a header names a field.

What detection cannot guess, the owner says with `Layout` (CLI options `--sheet`, `--map`,
`--clients`, `--status`, or the Paramètres rows `Feuille des factures`, `Feuille des clients`,
`Classeur des clients`, `Correspondance des colonnes`, `Correspondance des statuts`). Headers are
compared folded, then as words (snake_case and camelCase split, small words such as "de" left
out, two words in either order): `date_emission`, `client_nom` and `etatFacture` find their
fields.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from arxl.errors import UnknownField
from arxl.vocab import (
    CANCELLED_STATUSES,
    CLIENT_HEADERS,
    NOT_RECEIVABLE_STATUSES,
    PAYMENT_HEADERS,
    SECONDARY_HEADERS,
    TRANSACTION_CASH_HEADERS,
    TRANSACTION_EXTRA_HEADERS,
    TRANSACTION_HEADERS,
    WEAK_HEADERS,
    Field,
    Lang,
    TypedStatus,
    fold,
    fold_words,
    typed_status,
)

Headers = dict[Field, tuple[tuple[str, ...], tuple[str, ...]]]


@dataclass(frozen=True)
class Layout:
    """What the owner says about the workbook's shape; None/empty: detect."""

    sheet: str | None = None  # the invoice sheet
    clients_sheet: str | None = None
    clients_book: Path | None = None  # clients kept in another workbook
    columns: tuple[tuple[str, Field], ...] = ()  # header text (or column letter) -> field
    # a status value as typed, folded with fold_words -> the status word the owner gave it
    # ("payed" -> "Payé"); status_word() says which status that word is
    statuses: tuple[tuple[str, str], ...] = ()

    def merged(self, other: Layout) -> Layout:
        """This layout, completed by `other` where this one says nothing."""
        return Layout(
            self.sheet or other.sheet,
            self.clients_sheet or other.clients_sheet,
            self.clients_book or other.clients_book,
            self.columns + tuple(c for c in other.columns if c[0] not in dict(self.columns)),
            self.statuses + tuple(s for s in other.statuses if s[0] not in dict(self.statuses)),
        )

    @property
    def is_empty(self) -> bool:
        """Whether the owner said nothing (detection decides everything)."""
        return self == Layout()


@dataclass(frozen=True)
class Kind:
    """The fields of one kind of table (invoices or clients) and what makes it usable."""

    name_fr: str
    name_en: str
    headers: Headers
    required: tuple[Field, ...]  # all of them
    one_of: tuple[Field, ...]  # at least one of them
    extra: Headers = field(default_factory=dict)  # recognised, never required nor listed
    secondary: bool = False  # leftover "Description"/"Référence" columns get SECONDARY_HEADERS

    @property
    def all_headers(self) -> Headers:
        return {**self.headers, **self.extra}

    def missing(self, columns: dict[Field, int]) -> list[Field]:
        out = [f for f in self.required if f not in columns]
        if Field.AMOUNT in out and (Field.DEBIT in columns or Field.CREDIT in columns):
            out.remove(Field.AMOUNT)  # a ledger's Débit / Crédit columns: amount = debit - credit
        if self.one_of and not any(f in columns for f in self.one_of):
            out.append(self.one_of[0])
        return out


INVOICES = Kind(
    "factures",
    "invoices",
    {**TRANSACTION_HEADERS, **TRANSACTION_EXTRA_HEADERS},
    (Field.DATE, Field.INVOICE, Field.AMOUNT),
    (Field.CLIENT_ID, Field.NAME),
    TRANSACTION_CASH_HEADERS,
    secondary=True,
)
CLIENTS = Kind("clients", "clients", CLIENT_HEADERS, (), (Field.CLIENT_ID, Field.NAME))
PAYMENTS = Kind("paiements", "payments", PAYMENT_HEADERS, (Field.DATE, Field.AMOUNT), ())


def _index(headers: Headers) -> dict[str, tuple[Field, set[Lang]]]:
    """Folded header -> (field, languages); then each synonym's words without the small ones
    ("Date d'émission" -> "dateemission"), unless two fields would share them."""
    out: dict[str, tuple[Field, set[Lang]]] = {}
    loose: dict[str, tuple[Field, set[Lang]] | None] = {}
    for f, (fr, en) in headers.items():
        for lang, words in ((Lang.FR, fr), (Lang.EN, en)):
            for w in words:
                key = fold(w)
                if not (key in out and out[key][0] is not f):
                    out.setdefault(key, (f, set()))[1].add(lang)
                words_key = "".join(header_words(w))
                seen = loose.get(words_key, (f, set()))
                if seen is None or seen[0] is not f:
                    loose[words_key] = None  # two fields: only the exact header decides
                else:
                    loose[words_key] = (seen[0], seen[1] | {lang})
    for key, hit in loose.items():
        if hit is not None and key not in out:
            out[key] = hit
    return out


_INDEXES: dict[int, dict[str, tuple[Field, set[Lang]]]] = {}


def _index_of(kind: Kind) -> dict[str, tuple[Field, set[Lang]]]:
    got = _INDEXES.get(id(kind))
    if got is None:
        got = _INDEXES[id(kind)] = _index(kind.all_headers)
    return got


def field_names() -> str:
    return ", ".join(f.value for f in Field)


def parse_field(text: str) -> Field:
    """A field named by its key (`due_date`) or by any of its header synonyms (`Échéance`)."""
    key = fold(text)
    for f in Field:
        if fold(f.value) == key:
            return f
    for kind in (INVOICES, CLIENTS):
        hit = _lookup(_index_of(kind), text)[1]
        if hit is not None:
            return hit[0]
    raise UnknownField(f"unknown field '{text}'; use one of: {field_names()}.")


def parse_map(items: Sequence[str]) -> tuple[tuple[str, Field], ...]:
    """`COLUMN=field` items (CLI `--map`, or `;`-separated in Paramètres) -> pairs."""
    out = []
    for item in items:
        for part in re.split(r"[;\n]", item):
            if not part.strip():
                continue
            column, sep, name = part.rpartition("=")
            if not sep or not column.strip() or not name.strip():
                raise UnknownField(
                    f"'{part.strip()}' is not COLUMN=field (for example \"Due by=due_date\")."
                )
            out.append((column.strip(), parse_field(name.strip())))
    return tuple(out)


# What a status word may mean in `--status RAW=word` and `Correspondance des statuts`: the
# typed statuses, and documents that are not receivables (drafts, cancelled ones).
DRAFT = "draft"
CANCELLED = "cancelled"
STATUS_TARGETS = (*(s.value for s in TypedStatus if s.value not in ("unknown", "blank")),)
_DRAFT_WORDS = NOT_RECEIVABLE_STATUSES


def status_word(text: object) -> str:
    """The status a word names, French or English ("Payé", "paid", "En attente", "Litige",
    "brouillon"): a TypedStatus value, "draft" or "cancelled". UnknownField otherwise."""
    key = fold_words(text) if text is not None else ""
    if key.replace(" ", "_") in STATUS_TARGETS:  # the values themselves: written_off
        return key.replace(" ", "_")
    if key in _DRAFT_WORDS:
        return DRAFT
    if key in CANCELLED_STATUSES or key == "cancelled":
        return CANCELLED
    typed = typed_status(key)
    if typed.value in STATUS_TARGETS:
        return typed.value
    raise UnknownField(
        f"unknown status '{str(text).strip()}'; use a status such as Payé (paid), "
        "En attente (pending), En retard (overdue), Partiel (partial), Litige (disputed), "
        "Irrécouvrable (written_off), Non lettré (unapplied), brouillon (draft) or annulé "
        "(cancelled)."
    )


def parse_status_map(items: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """`VALUE=status` items (CLI `--status`, or `;`-separated in Paramètres) -> pairs of the
    value folded with fold_words and the status word as written ("payed=Payé")."""
    out = []
    for item in items:
        for part in re.split(r"[;\n]", item):
            if not part.strip():
                continue
            raw, sep, word = part.rpartition("=")
            if not sep or not fold_words(raw) or not word.strip():
                raise UnknownField(
                    f"'{part.strip()}' is not VALUE=status (for example \"payed=Payé\" or "
                    '"unpayed=En attente").'
                )
            try:
                status_word(word)
            except UnknownField as exc:
                raise UnknownField(f"'{part.strip()}': {exc}") from None
            out.append((fold_words(raw), word.strip()))
    return tuple(out)


def status_map_text(statuses: Sequence[tuple[str, str]]) -> str:
    """The pairs as the Paramètres row writes them: "payed=Payé; unpayed=En attente"."""
    return "; ".join(f"{raw}={word}" for raw, word in statuses)


def column_map_text(columns: Sequence[tuple[str, Field]]) -> str:
    """The pairs as the Paramètres row writes them: "Payable le=due_date; Tiers=name"."""
    return "; ".join(f"{col}={f.value}" for col, f in columns)


# Small words left out when headers are compared as words ("Date d'émission" = date_emission).
_SMALL_WORDS = frozenset(("de", "du", "des", "d", "la", "le", "les", "l", "of", "the"))


def header_words(text: object) -> list[str]:
    """A header's words: accents and case dropped, snake_case and camelCase split, small
    words left out ("etatFacture" -> ["etat", "facture"], "Date d'émission" -> ["date",
    "emission"])."""
    s = unicodedata.normalize("NFKD", str(text))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", s)
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", s)
    words = re.sub(r"[^0-9a-z]+", " ", s.lower()).split()
    return [w for w in words if w not in _SMALL_WORDS] or words


# Currencies a header may name beside its field: "Amount (USD)", "Montant en euros".
_CURRENCY_WORDS = frozenset(
    ("eur", "euro", "euros", "usd", "gbp", "chf", "cad", "aud", "jpy", "dollar", "dollars")
)


def header_keys(text: object) -> list[str]:
    """The keys a header is looked up by, best first: folded as is, then its words without
    the small ones, then two words the other way round ("client_nom" -> "nomclient"), then
    its words without the currency it names ("Amount (USD)" -> "amount")."""
    keys = [fold(text)]
    words = header_words(text)
    bare = [w for w in words if w not in _CURRENCY_WORDS]
    if bare and bare[-1] in ("en", "in") and len(bare) < len(words):
        bare.pop()
    for key in (
        "".join(words),
        "".join(reversed(words)) if len(words) == 2 else "",
        "".join(bare) if len(bare) < len(words) else "",
    ):
        if key and key not in keys:
            keys.append(key)
    return keys


def letters_to_col(text: str) -> int | None:
    if not re.fullmatch(r"[A-Za-z]{1,3}", text):
        return None
    n = 0
    for ch in text.upper():
        n = n * 26 + ord(ch) - 64
    return n


def match_headers(
    cells: Sequence[object], kind: Kind, layout: Layout, first_col: int, lo: int = 0
) -> tuple[dict[Field, int], dict[Field, str], list[Lang]]:
    """Which cell of a header row is which field: the owner's mapping first, then synonyms,
    a specific header winning over a generic one, the leftmost among equals."""
    index = _index_of(kind)
    columns: dict[Field, int] = {}
    headers: dict[Field, str] = {}
    langs: list[Lang] = []
    forced = {fold(col): f for col, f in layout.columns}
    taken: set[int] = set()
    for c, cell in enumerate(cells):
        if c < lo or not isinstance(cell, str) or not cell.strip():
            continue
        f = forced.get(fold(cell))
        if f is not None and f in kind.all_headers and f not in columns:
            columns[f], headers[f] = c, cell.strip()
            taken.add(c)
    for col, f in layout.columns:  # by column letter, when no header has that text
        n = letters_to_col(col)
        c = n - first_col if n is not None else -1
        if fold(col) in {fold(x) for x in cells if isinstance(x, str)} or f in columns:
            continue
        if lo <= c < len(cells) and f in kind.all_headers:
            columns[f], headers[f] = c, str(cells[c]).strip()
            taken.add(c)
    forced_fields = set(columns)
    weak: set[Field] = set()
    for c, cell in enumerate(cells):
        if c < lo or c in taken or not isinstance(cell, str):
            continue
        key, hit = _lookup(index, cell)
        if hit is None or hit[0] in forced_fields:
            continue
        f, is_weak = hit[0], key in WEAK_HEADERS
        if f in columns and (is_weak or f not in weak):
            continue  # keep the first, unless it was generic and this one is specific
        columns[f], headers[f] = c, cell.strip()
        weak.discard(f)
        if is_weak:
            weak.add(f)
        if len(hit[1]) == 1:
            langs.extend(hit[1])
    if kind.secondary:
        used = set(columns.values())
        for c, cell in enumerate(cells):
            if c < lo or c in used or not isinstance(cell, str):
                continue
            f = SECONDARY_HEADERS.get(fold(cell))
            if f is not None and f not in columns:
                columns[f], headers[f] = c, cell.strip()
    _balance_as_amount(kind, columns, headers, forced_fields)
    return columns, headers, langs


def _lookup(
    index: dict[str, tuple[Field, set[Lang]]], cell: str
) -> tuple[str, tuple[Field, set[Lang]] | None]:
    """The first of the header's keys (header_keys) that names a field."""
    keys = header_keys(cell)
    for key in keys:
        hit = index.get(key)
        if hit is not None:
            return key, hit
    return keys[0], None


# Headers that name what the client owes on the invoice: the balance beside an amount column,
# the amount itself when there is no other money column ("Amount Due" of many templates).
BALANCE_OR_AMOUNT = frozenset(
    fold(h) for h in ("Amount due", "Montant dû", "InvoiceAmountDue", "Amount due signed")
)


def _balance_as_amount(
    kind: Kind, columns: dict[Field, int], headers: dict[Field, str], forced: set[Field]
) -> None:
    """With no amount column (nor debit/credit, paid), an "Amount Due" column is the amount."""
    if Field.AMOUNT not in kind.headers or Field.BALANCE not in columns or Field.BALANCE in forced:
        return
    money = (Field.AMOUNT, Field.DEBIT, Field.CREDIT, Field.AMOUNT_PAID)
    if any(f in columns for f in money) or fold(headers[Field.BALANCE]) not in BALANCE_OR_AMOUNT:
        return
    columns[Field.AMOUNT] = columns.pop(Field.BALANCE)
    headers[Field.AMOUNT] = headers.pop(Field.BALANCE)
