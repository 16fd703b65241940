"""Which invoices a payment's or a credit note's text names ("Virement facture F-2026-001",
"Avoir sur facture #12"): invoice numbers compared by their letters and digits, a short number
only where "#", "n°" or a word such as "facture" announces it, and a document's own number
("Avoir #1", "AV-001") never taken for an invoice's."""

from __future__ import annotations

import re
import unicodedata

from arxl.vocab.payments import INVOICE_NUMBER_WORDS

_GENERIC = INVOICE_NUMBER_WORDS  # words that may stand before a short invoice number
_MAX_WINDOW = 5
_TOKEN = re.compile(r"[0-9a-z]+")


def _ascii_lower(text: str) -> str:
    s = unicodedata.normalize("NFKD", text)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def invoice_keys(invoice: str) -> tuple[str, str]:
    """(full key, code key) of an invoice number: letters and digits only, lower case; the code
    drops leading words without digits ("Facture #001" -> ("facture001", "001"))."""
    tokens = _TOKEN.findall(_ascii_lower(invoice))
    full = "".join(tokens)
    start = 0
    while start < len(tokens) - 1 and not any(ch.isdigit() for ch in tokens[start]):
        start += 1
    code = "".join(tokens[start:])
    return full, code if any(ch.isdigit() for ch in code) else full


def named_invoices(text: str, keys: dict[str, int]) -> list[int]:
    """The invoices (values of `keys`, a key -> invoice map) that `text` names, in the order
    written, each once. Tokens are matched greedily, longest run first; a run of one or two
    digits counts only after "#", "°" or a word such as "facture" (not a day or a month)."""
    low = _ascii_lower(text)
    spans = [(m.group(), m.start()) for m in _TOKEN.finditer(low)]
    out: list[int] = []
    i = 0
    while i < len(spans):
        hit = None
        for width in range(min(_MAX_WINDOW, len(spans) - i), 0, -1):
            key = "".join(tok for tok, _ in spans[i : i + width])
            if key not in keys:
                continue
            if key.isdigit() and len(key) < 3 and not _announced(low, spans, i):
                continue
            if _glued_to_another_number(low, spans, i) or _own_number(low, spans, i):
                continue
            hit = (keys[key], width)
            break
        if hit is None:
            i += 1
            continue
        if hit[0] not in out:
            out.append(hit[0])
        i += hit[1]
    return out


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
