"""Which statement lines are movements already imported: by the bank's key, or as the same
movement exported in another format of the account (a CSV, then its OFX or CAMT: other keys).

Two formats of one account share the day, the amount and the words of the bank's label, not
always the rest: one cuts the label at 32 characters and puts the rest in a memo ("ROUSSE" +
"AU"), another adds the payer's end-to-end id or the remittance text to it. So texts are
compared folded (letters and digits only, the spaces gone), and one that holds the other whole,
or in up to three pieces in the same order (`same_text`), is the same movement, as long as the
shorter says more than a generic word or two (`MIN_SHARED`): a "VIREMENT" of one payer is not a
"VIREMENT DUPONT" of the same amount.

Each earlier movement stands for one line only (two cheque deposits of 100,00 the same day are
two), and lines of the same file never stand for each other: a file lists a movement once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

MIN_SHARED = 15  # letters and digits the shorter text must have to be held by the longer


@dataclass(frozen=True)
class Movement:
    """One credit as the duplicate check sees it."""

    key: str  # the bank's reference, else the day, amount and text (readers.bank.line)
    day: str  # YYYYMMDD
    amount: float
    text: str  # the label with the remittance text, as the Rapprochement sheet shows them
    #            (folded: `fold`)
    file: int = -1  # which statement of the run (-1: a row already in the book)
    richness: int = 0  # how much the line says of its payer (IBAN, name, bank reference)


PIECES, MIN_PIECE = 3, 5  # a text held by another in up to 3 pieces of 5 characters or more


def same_text(a: str, b: str) -> bool:
    """Two folded texts (of the same day and amount) name the same movement: the shorter held
    by the longer whole, or in a few pieces in the same order (a CAMT's payer name then its
    remittance text, which the CSV export of the account writes "VIR SEPA RECU /DE <name>
    /MOTIF <text>")."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= MIN_SHARED and _held(short, long_)


def _held(short: str, long_: str) -> bool:
    i = at = 0
    for _ in range(PIECES):
        lo, hi, found = 0, len(short) - i, at
        while lo < hi:  # the longest piece of `short` from i found in `long_` from `at`
            mid = (lo + hi + 1) // 2
            k = long_.find(short[i : i + mid], at)
            if k >= 0:
                lo, found = mid, k
            else:
                hi = mid - 1
        if lo == len(short) - i:
            return True
        if lo < MIN_PIECE:
            return False
        i, at = i + lo, found + lo
    return False


@dataclass
class _Known:
    """A movement already met: the line (or book row, index -1) standing for it, and the
    files of the run whose line it already is."""

    m: Movement
    index: int
    files: set[int] = field(default_factory=set)


def fresh(lines: Sequence[Movement], before: Sequence[Movement], seen: set[str]) -> list[bool]:
    """For each of `lines` (the credits of the statements of one run, in the order given):
    True when it is a new movement, False when it is one already imported (`seen` keys, or
    one of `before`, the rows in the book) or one given in an earlier file of the run. Of the
    same movement in several files of one run, the line saying most about its payer is kept."""
    pool: dict[tuple[str, float], list[_Known]] = defaultdict(list)
    for m in before:
        pool[(m.day, round(m.amount, 2))].append(_Known(m, -1))
    out = [False] * len(lines)
    seen = set(seen)
    for i, m in enumerate(lines):
        if m.key in seen:
            continue
        seen.add(m.key)
        slot = pool[(m.day, round(m.amount, 2))]
        known = next(
            (k for k in slot if m.file not in k.files and same_text(k.m.text, m.text)), None
        )
        if known is None:
            out[i] = True
            slot.append(_Known(m, i, {m.file}))
            continue
        known.files.add(m.file)  # it stands for this file's line: not for another one
        if known.index >= 0 and m.richness > known.m.richness:
            out[known.index], out[i] = False, True
            known.m, known.index = m, i
    return out
