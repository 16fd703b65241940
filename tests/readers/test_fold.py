"""fold and fold_words, whatever their shortcuts for plain ASCII and accented text, are their
definition: NFKD, combining marks dropped, lower case, letters and digits kept (fold_words:
single spaces between the words)."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from arxl.vocab import fold, fold_words


def _unaccented(text: str) -> str:
    s = unicodedata.normalize("NFKD", text)
    return "".join(c for c in s if not unicodedata.combining(c))


texts = (
    st.text(alphabet=st.sampled_from("aZé É\u00a0-_.,;1290ßœŒﬁ\t\nİKàÇ\u0301\u0327Ω")) | st.text()
)


@settings(max_examples=2000, deadline=None)
@given(texts)
def test_fold_is_its_definition(text: str) -> None:
    assert fold(text) == re.sub(r"[^0-9a-z]+", "", _unaccented(text).lower())
    assert fold_words(text) == " ".join(
        re.sub(r"[^0-9a-z]+", " ", _unaccented(text).lower()).split()
    )


def test_examples() -> None:
    assert fold("Délai (j)") == "delaij"
    assert fold_words("Payé  partiel ") == "paye partiel"
    assert fold_words("Straße Œuvre") == "stra e uvre"  # a letter with no plain form parts words
