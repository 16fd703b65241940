"""The name each of arxl's sheets is written under, never one of the owner's sheets' names.

When the owner has a sheet named like one of arxl's (a `Dashboard` their macros and formulas
use), arxl writes its own under a free name (`Dashboard (arxl)`, then `Dashboard (arxl 2)`)
and keeps it: on later refreshes the sheet carrying arxl's marker under such a name is arxl's,
replaced in place; the owner's sheet is never touched, nor renamed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from arxl.vocab import fold

MAX_LENGTH = 31  # Excel's limit on a sheet name


def same_name(a: str, b: str) -> bool:
    """Whether two sheet names clash: equal for Excel (case ignored), or equal once folded
    (accents and punctuation ignored too: `Follow up` beside `Follow-up` would confuse the
    owner, and arxl's readers find sheets by folded names)."""
    if a.casefold() == b.casefold():
        return True
    folded = fold(a)
    return bool(folded) and folded == fold(b)


def variants(wanted: str) -> Iterator[str]:
    """`wanted`, then `wanted (arxl)`, `wanted (arxl 2)`, ... each cut to Excel's 31 characters
    (the name is shortened, never the suffix)."""
    yield wanted[:MAX_LENGTH]
    n = 1
    while True:
        suffix = " (arxl)" if n == 1 else f" (arxl {n})"
        yield wanted[: MAX_LENGTH - len(suffix)].rstrip() + suffix
        n += 1


def is_variant(name: str, wanted: str, limit: int = 100) -> bool:
    """Whether `name` is `wanted` or one of its first `limit` free-name variants (any case)."""
    for k, candidate in enumerate(variants(wanted)):
        if name.casefold() == candidate.casefold():
            return True
        if k >= limit:
            return False
    return False  # pragma: no cover - variants never ends


@dataclass
class SheetNames:
    """Names chosen for arxl's sheets in one workbook.

    `names`: key -> the name to write the sheet under. `moved`: key -> (the owner's sheet that
    has the name arxl wanted, the name arxl took instead), only for the sheets whose name is
    new this time: what arxl tells the owner, once."""

    names: dict[str, str] = field(default_factory=dict)
    moved: dict[str, tuple[str, str]] = field(default_factory=dict)


class Namer:
    """Chooses, one key at a time, the name each of arxl's sheets is written under.

    `existing`: the names of every sheet of the workbook; `owned`: key -> name of the sheets
    that carry arxl's marker. A key whose sheet arxl wrote before keeps that sheet's name when
    it is the wanted name or one of its variants (so `Dashboard (arxl)` stays, even if the
    owner's `Dashboard` goes); otherwise the first variant no other sheet has is taken."""

    def __init__(self, existing: Sequence[str], owned: Mapping[str, str]) -> None:
        self._taken = list(existing)
        self._owned = dict(owned)
        self.result = SheetNames()

    def name(self, key: str, wanted: str) -> str:
        if key in self.result.names:
            return self.result.names[key]
        mine = self._owned.get(key)
        others = list(self._taken)
        if mine in others:
            others.remove(mine)
        if mine is not None and is_variant(mine, wanted):
            chosen = mine
        else:
            chosen = next(v for v in variants(wanted) if not any(same_name(v, o) for o in others))
            if chosen != wanted[:MAX_LENGTH] and chosen != mine:
                owner = next(o for o in others if same_name(o, wanted[:MAX_LENGTH]))
                self.result.moved[key] = (owner, chosen)
        self._taken = [*others, chosen]
        self.result.names[key] = chosen
        return chosen


def choose_names(
    existing: Sequence[str], owned: Mapping[str, str], wanted: Mapping[str, str]
) -> SheetNames:
    """The names of every key of `wanted` (key -> arxl's usual name), in its order."""
    namer = Namer(existing, owned)
    for key, name in wanted.items():
        namer.name(key, name)
    return namer.result


def moved_message(owner: str, chosen: str) -> tuple[str, str]:
    """What arxl tells the owner, in French and English, when it writes its sheet elsewhere."""
    return (
        f"La feuille « {owner} » est à vous : arxl écrit la sienne sous « {chosen} » "
        "et gardera ce nom",
        f'The sheet "{owner}" is yours: arxl writes its own as "{chosen}" and will keep that name',
    )
