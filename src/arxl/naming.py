"""Which invoices a payment's or a credit note's text names ("Virement facture F-2026-001",
"Avoir sur facture #12"): invoice numbers compared by their letters and digits, a short number
only where "#", "n°" or a word such as "facture" announces it, and a document's own number
("Avoir #1", "AV-001") never taken for an invoice's. In the base: the reader that decides
whether a row is a payment (readers.entries) and cash application (rules.allocation) read a
text's invoice numbers the same way."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from arxl.vocab.payments import INVOICE_NUMBER_WORDS

MAX_WINDOW = 5  # the longest run of tokens read as one number
JOINERS = frozenset(["et", "and", "plus"])  # words that join two numbers ("112 et 113")

# A date written in a label ("ORDRE DU 2026-03-22", "VIR 14/10/2026") is no invoice number:
# blanked (same length, so positions hold) before numbers are looked for.
_DATE = re.compile(
    r"(?<![0-9])(?:[0-9]{4}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12][0-9]|3[01])"
    r"|(?:0?[1-9]|[12][0-9]|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:[0-9]{4}|[0-9]{2}))(?![0-9])"
)


def without_dates(low: str) -> str:
    """The text with its dates blanked (spaces of the same length)."""
    return _DATE.sub(lambda m: " " * len(m.group()), low)


def ascii_lower(text: str) -> str:
    if text.isascii():
        return text.lower()
    s = unicodedata.normalize("NFKD", text)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


_GENERIC = INVOICE_NUMBER_WORDS  # words that may stand before a short invoice number
_TOKEN = re.compile(r"[0-9a-z]+")
_DIGIT = re.compile(r"[0-9]")


def invoice_keys(invoice: str) -> tuple[str, str]:
    """(full key, code key) of an invoice number: letters and digits only, lower case; the code
    drops leading words without digits ("Facture #001" -> ("facture001", "001"))."""
    tokens = _TOKEN.findall(ascii_lower(invoice))
    full = "".join(tokens)
    start = 0
    while start < len(tokens) - 1 and _DIGIT.search(tokens[start]) is None:  # [0-9a-z]+
        start += 1
    code = "".join(tokens[start:])
    return full, code if _DIGIT.search(code) is not None else full


def named_invoices(text: str, keys: Mapping[str, int]) -> list[int]:
    """The invoices (values of `keys`, a key -> invoice map) that `text` names, in the order
    written, each once. Tokens are matched greedily, longest run first; a run of one or two
    digits counts only after "#", "°" or a word such as "facture" (not a day or a month), and
    so does a number written without its leading zeros ("inv 100" for INV-0100). A number
    right after a named one ("F14/F15", "F 14 et 15", "2026-014 et 015") is read in the same
    series, its last digits changed, as people write lists."""
    low = without_dates(ascii_lower(text))
    spans = [(m.group(), m.start()) for m in _TOKEN.finditer(low)]
    tokens = [tok for tok, _ in spans]
    out: list[int] = []
    i = 0
    last = ""  # the key of the invoice named just before, for a list continuing it
    while i < len(spans):
        hit = None
        for width in range(min(MAX_WINDOW, len(spans) - i), 0, -1):
            key = "".join(tokens[i : i + width])
            found = _lookup(key, keys, low, spans, i)
            if found is None:
                continue
            if key.isdigit() and len(key) < 3 and not _announced(low, spans, i) and not last:
                continue
            if _own_number(low, spans, i) or (not last and _glued_to_another_number(low, spans, i)):
                continue
            hit = (found, width, key)
            break
        if hit is None and last:
            hit = _sequel(last, low, spans, i, keys)
        if hit is None:
            last = "" if spans[i][0] not in JOINERS else last
            i += 1
            continue
        if hit[0] not in out:
            out.append(hit[0])
        last = hit[2]
        i += hit[1]
    return out


_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")


def _lookup(
    key: str, keys: Mapping[str, int], low: str, spans: list[tuple[str, int]], i: int
) -> int | None:
    """The invoice a run's key is: as written, or announced and with the zeros that lead its
    groups of digits dropped on both sides ("inv 100", INV-0100)."""
    if key in keys:
        return keys[key]
    if _DIGIT.search(key) is None or not _announced(low, spans, i):  # a key is [0-9a-z]+
        return None
    bare = _LEADING_ZEROS.sub("", key)
    find = getattr(keys, "find_without_zeros", None)
    if find is not None:  # a map that answers this without listing every key it holds
        return find(bare)
    return _without_zeros(keys).get(bare)


def bare_keys(keys: Iterable[str]) -> dict[str, list[str]]:
    """The keys holding digits by their spelling without leading zeros, each spelling's in the
    order given: the first of them that a map holds is what the map without zeros gives for
    that spelling (_without_zeros, or a map that finds a bare key itself: `find_without_zeros`)."""
    found: dict[str, list[str]] = {}
    for k in keys:
        if _DIGIT.search(k) is not None:  # a key is [0-9a-z]+
            found.setdefault(_LEADING_ZEROS.sub("", k), []).append(k)
    return found


# the maps made, by the id of their keys map: a client's few keys (up to 256 maps), and every
# client's (a whole ledger's keys: the last BIG_MAPS of them only, each is as big as the ledger)
_BARE: dict[int, tuple[Mapping[str, int], dict[str, int]]] = {}
_BARE_BIG: dict[int, tuple[Mapping[str, int], dict[str, int]]] = {}
BIG_MAP, BIG_MAPS = 5000, 2


def _without_zeros(keys: Mapping[str, int]) -> dict[str, int]:
    """keys under their spellings without leading zeros (made once per keys map)."""
    cache = _BARE_BIG if len(keys) > BIG_MAP else _BARE
    got = cache.get(id(keys))
    if got is None or got[0] is not keys:
        if len(cache) >= (BIG_MAPS if cache is _BARE_BIG else 256):
            cache.clear()
        bare = {spelled: keys[held[0]] for spelled, held in bare_keys(keys).items()}
        got = cache[id(keys)] = (keys, bare)
    return got[1]


def _sequel(
    last: str, low: str, spans: list[tuple[str, int]], i: int, keys: Mapping[str, int]
) -> tuple[int, int, str] | None:
    """A number continuing a list after the invoice `last` ("/F15", "et 15", "et 015"): the
    same series with its last digits replaced by these."""
    tok = spans[i][0]
    digits = tok.lstrip("abcdefghijklmnopqrstuvwxyz")
    if not digits.isdigit() or tok[: len(tok) - len(digits)] not in ("", _series_letters(last)):
        return None
    gap = low[spans[i - 1][1] + len(spans[i - 1][0]) : spans[i][1]] if i else ""
    joined = spans[i - 1][0] in JOINERS or gap.strip() in ("/", ",", "&", "+", ";", "-")
    if not joined:
        return None
    tail = re.search(r"[0-9]+$", last)
    if tail is None or len(digits) > len(tail.group()):
        return None
    key = last[: len(last) - len(digits)] + digits
    return (keys[key], 1, key) if key in keys and key != last else None


def _series_letters(key: str) -> str:
    m = re.match(r"[a-z]+", key)
    return m.group() if m else ""


def _glued_to_another_number(low: str, spans: list[tuple[str, int]], i: int) -> bool:
    """Whether the run starting at token i is the tail of another document's number: glued
    to a word before it ("ADV/2026/0002", "AV-001": an advance's or a credit note's own
    number, not invoice 2026/0002 or F-001)."""
    if i == 0:
        return False
    prev, start = spans[i - 1]
    if prev in _GENERIC:
        return False
    gap = low[start + len(prev) : spans[i][1]]
    return not any(ch.isspace() for ch in gap) and not gap.endswith(("#", "°", "º"))


# words naming the document a payment or credit row is: "Avoir #1" is that credit note's
# own number, not invoice #1 ("Avoir sur facture #1" names the invoice)
_OWN_WORDS = frozenset(
    (
        "avoir",
        "avoirs",
        "reglement",
        "paiement",
        "virement",
        "cheque",
        "acompte",
        "remboursement",
        "encaissement",
        "refund",
        "payment",
        "receipt",
        "deposit",
        "transfer",
        "note",
        "credit",
        "memo",
    )
)
_NUMBER_MARKS = frozenset(("n", "no", "num", "numero", "number"))


def _own_number(low: str, spans: list[tuple[str, int]], i: int) -> bool:
    """Whether the run starting at token i is announced ("#", "n°") right after a word naming
    a payment or a credit note: that document's own number."""
    if not low[: spans[i][1]].rstrip().endswith(("#", "°", "º")):
        return False
    j = i - 1
    if j >= 0 and spans[j][0] in _NUMBER_MARKS:
        j -= 1
    return j >= 0 and spans[j][0] in _OWN_WORDS


def _announced(low: str, spans: list[tuple[str, int]], i: int) -> bool:
    start = spans[i][1]
    before = low[:start].rstrip()
    if before.endswith(("#", "°", "º")):
        return True
    return i > 0 and spans[i - 1][0] in _GENERIC
