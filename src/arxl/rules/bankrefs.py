"""Invoice numbers in a bank label: found whatever the spacing, dashes, prefixes and zeros.

Each invoice number is indexed under a few folded spellings ("F2024-0111" under f20240111,
20240111 and 2024111); the label's tokens are tried in windows of one to five, longest first,
under the same spellings. A short number after a found one ("FACT 2024-111 ET 112") is read as
the same series with its last digits changed, as people write them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from arxl.naming import JOINERS, MAX_WINDOW, ascii_lower, without_dates
from arxl.vocab.payments import INVOICE_NUMBER_WORDS

_TOKEN = re.compile(r"[0-9a-z]+")
_LEAD_LETTERS = re.compile(r"^[a-z]+(?=[0-9])")
_AMOUNT_TAIL = re.compile(r"[.,][0-9]{2}(?![0-9])")
# Words that announce a number ("facture 12", "n° 7"); the words that join two ("et 112") are
# arxl.naming's JOINERS.
ANNOUNCE = INVOICE_NUMBER_WORDS | frozenset(["fct", "refs", "motif"])


_DIGIT = re.compile(r"[0-9]")
_ZERO_HEAD = re.compile(r"^0+(?=[0-9])")


def spellings(tokens: list[str]) -> set[str]:
    """The folded spellings a run of tokens stands for: as written, without the leading
    letters (a prefix: "fact", "f"), and each without the zeros that lead a group of digits."""
    full = "".join(tokens)
    if not _DIGIT.search(full):
        return set()
    start = 0
    while start < len(tokens) - 1 and not _DIGIT.search(tokens[start]):
        start += 1
    core = tokens[start:]
    head = _LEAD_LETTERS.sub("", core[0], count=1)
    code = head + "".join(core[1:])
    out = {full, code}
    if head.startswith("0") or any(t.startswith("0") for t in core[1:]):
        out.add("".join(_ZERO_HEAD.sub("", t) for t in [head, *core[1:]]))
    return out


def _spelled(numbers: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(key, position) pairs of spellings() for every number, computed column-wise by Arrow
    (the index is built from every open invoice)."""
    text = pa.array(numbers, type=pa.string())
    low = pc.utf8_lower(pc.replace_substring_regex(pc.utf8_normalize(text, "NFKD"), r"\p{Mn}", ""))
    full = pc.replace_substring_regex(low, "[^0-9a-z]+", "")
    core = pc.replace_substring_regex(low, "^[^0-9]+", "")
    code = pc.replace_substring_regex(core, "[^0-9a-z]+", "")
    no_zeros = pc.replace_substring_regex(
        pc.replace_substring_regex(core, "(^|[^0-9a-z])0+([0-9])", r"\1\2"), "[^0-9a-z]+", ""
    )
    has_digit = pc.fill_null(pc.match_substring_regex(full, "[0-9]"), False)
    n = len(numbers)
    keys = np.concatenate([c.to_numpy(zero_copy_only=False) for c in (full, code, no_zeros)])
    positions = np.tile(np.arange(n, dtype=np.int64), 3)
    keep = np.tile(has_digit.to_numpy(zero_copy_only=False), 3)
    return keys[keep], positions[keep]


class Groups:
    """Members grouped by an integer code 0..n-1, each group in the members' given order:
    one sorted array and its bounds instead of a Python list per group."""

    def __init__(self, codes: np.ndarray, n: int, order: np.ndarray | None = None) -> None:
        order = np.argsort(codes, kind="stable") if order is None else order
        self.members = order.astype(np.int64)
        counts = np.bincount(codes[order], minlength=n) if len(order) else np.zeros(n, np.int64)
        self.bounds = np.r_[0, np.cumsum(counts)].astype(np.int64)

    def get(self, code: int) -> list[int]:
        return self.members[self.bounds[code] : self.bounds[code + 1]].tolist()


class ReferenceIndex:
    """The open invoices' numbers, under their spellings -> invoice positions."""

    def __init__(self, numbers: Iterable[str]) -> None:
        keys, positions = _spelled([str(x) if x else "" for x in numbers])
        codes, uniques = pd.factorize(keys)
        order = np.lexsort((positions, codes))
        codes, positions = codes[order], positions[order]
        fresh = np.r_[True, (codes[1:] != codes[:-1]) | (positions[1:] != positions[:-1])]
        fresh = fresh[: len(codes)]
        codes, positions = codes[fresh], positions[fresh]
        self._groups = Groups(codes, len(uniques), np.arange(len(codes)))
        self._positions = positions
        self._slot = dict(zip(uniques.tolist(), range(len(uniques)), strict=True))

    def get(self, key: str) -> tuple[int, ...] | None:
        """The invoices spelled `key`, in their order; None when none is."""
        k = self._slot.get(key)
        if k is None:
            return None
        b = self._groups.bounds
        return tuple(self._positions[b[k] : b[k + 1]].tolist())

    def find(self, text: str) -> list[tuple[int, ...]]:
        """The invoices the text names, in the order written: one tuple of positions per
        number found (several when the same spelling is an invoice of several clients)."""
        low = without_dates(ascii_lower(text))
        spans = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(low)]
        words = [s[0] for s in spans]
        out: list[tuple[int, ...]] = []
        last_key = ""
        i = 0
        while i < len(spans):
            hit = self._short_sequel(words, i, last_key) if last_key else None
            width = 1
            if hit is None:
                hit, width, key = self._window(low, spans, i)
                if hit is not None:
                    last_key = key
            if hit is None:
                if words[i] not in JOINERS and not words[i].isdigit():
                    last_key = last_key if words[i] in ANNOUNCE else ""
                i += 1
                continue
            if hit not in out:
                out.append(hit)
            i += width
        return out

    def _window(
        self, low: str, spans: list[tuple[str, int, int]], i: int
    ) -> tuple[tuple[int, ...] | None, int, str]:
        for width in range(min(MAX_WINDOW, len(spans) - i), 0, -1):
            run = [s[0] for s in spans[i : i + width]]
            if not any(_DIGIT.search(tok) for tok in run):
                continue  # a number has digits
            end = spans[i + width - 1][2]
            if run[-1].isdigit() and _AMOUNT_TAIL.match(low, end):
                continue  # "1200,00": an amount, not a number
            for key in sorted(spellings(run), key=len, reverse=True):
                got = self.get(key)
                if not got:
                    continue
                digits = sum(ch.isdigit() for ch in key)
                if digits < 3 and not _announced(low, spans, i):
                    continue
                return got, width, key
        return None, 1, ""

    def _short_sequel(self, words: list[str], i: int, last_key: str) -> tuple[int, ...] | None:
        """ "ET 112" after "2024-111": the same number with its last digits replaced."""
        word = words[i]
        if not word.isdigit() or len(word) >= len(last_key) or i == 0:
            return None
        if words[i - 1] not in JOINERS and not words[i - 1].isdigit():
            return None
        tail = len(last_key) - len(last_key.rstrip("0123456789"))
        if len(word) > tail:
            return None
        return self.get(last_key[: len(last_key) - len(word)] + word)


def _announced(low: str, spans: list[tuple[str, int, int]], i: int) -> bool:
    before = low[: spans[i][1]].rstrip()
    return before.endswith(("#", "°", "º")) or (i > 0 and spans[i - 1][0] in ANNOUNCE)
