"""What counts as an invoice number: placeholder references are not numbers.

Owners and accounting packages write a filler where a document has no number of its own
("x", "-", "0", "sans", "n/a", "néant"...). Such a reference names nothing: it is never a
duplicate of another one, and a payment cannot be matched to an invoice through it.
"""

from __future__ import annotations

import re

from arxl.vocab import fold

# folded (lower case, no accents, letters and digits only): "-" and "" fold to ""
PLACEHOLDER_REFERENCES = frozenset(
    ("", "na", "nd", "nc", "none", "null", "nan", "neant", "sans", "aucun", "aucune", "sansref")
)


_SIGNIFICANT = re.compile(r"[1-9]")  # a digit other than 0: a number, never a filler


def is_placeholder(reference: object) -> bool:
    """True for a blank reference, a filler word, or a run of only x or only 0 ("xx", "000")."""
    if isinstance(reference, str) and _SIGNIFICANT.search(reference):
        return False  # most invoice numbers: no need to fold them
    key = fold(reference if reference is not None else "")
    return key in PLACEHOLDER_REFERENCES or set(key) <= {"x"} or set(key) <= {"0"}
