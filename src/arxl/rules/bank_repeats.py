"""Which statement lines are movements already imported: by the bank's key, or as the same
movement exported in another format of the account (a CSV, then its OFX or CAMT: other keys).

Two formats of one account share the day, the amount and the words of the bank's label, not
always the rest: one cuts the label at 32 characters and puts the rest in a memo ("ROUSSE" +
"AU"), another adds the payer's end-to-end id or the remittance text to it. So texts are
compared folded (letters and digits only, the spaces gone), and one that holds the other whole
is the same movement, as long as the shorter says more than a generic word or two
(`MIN_SHARED`): a "VIREMENT" of one payer is not a "VIREMENT DUPONT" of the same amount.

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


def same_text(a: str, b: str) -> bool:
    """Two folded texts (of the same day and amount) name the same movement."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= MIN_SHARED and short in long_


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
