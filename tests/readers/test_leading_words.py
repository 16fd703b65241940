"""leading_entry_kind's quick refusal (a label whose first letter or digit no payment or
credit-note word starts with) says what folding the whole label says, on any text: the
reader asks it of every positive row of a 200 000-row export."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from arxl.vocab import EntryKind
from arxl.vocab.payments import LEADING_CREDIT_WORDS, LEADING_PAYMENT_WORDS, leading_entry_kind
from arxl.vocab.text import fold_words


def reference(text: object) -> EntryKind | None:
    """The whole label folded, then its first words compared."""
    key = fold_words(text) if text is not None else ""
    if not key:
        return None

    def starts(words: tuple[str, ...]) -> bool:
        return any(key == w or key.startswith(f"{w} ") for w in words)

    if starts(LEADING_CREDIT_WORDS):
        return EntryKind.CREDIT
    return EntryKind.PAYMENT if starts(LEADING_PAYMENT_WORDS) else None


WORDS = [*LEADING_PAYMENT_WORDS, *LEADING_CREDIT_WORDS, "Règlement", "ÉCHÉANCE", "Chèque",
         "ＡＶＯＩＲ", "Facture", "Client"]  # fmt: skip
NOISE = st.text(alphabet=" -_#.,;:/°éÉçÇœŒﬁ½²\u0301\u00a0", max_size=3)


@settings(max_examples=600, deadline=None)
@given(
    st.one_of(
        st.text(max_size=14),
        st.tuples(
            NOISE, st.sampled_from(WORDS), st.sampled_from(["", " ", "x", " 12", "-F12"])
        ).map("".join),
    )
)
def test_the_quick_refusal_agrees_with_the_whole_fold(text: str) -> None:
    assert leading_entry_kind(text) == reference(text)


def test_known_labels() -> None:
    assert leading_entry_kind("Règlement facture #104") is EntryKind.PAYMENT
    assert leading_entry_kind("  - Avoir n°7") is EntryKind.CREDIT
    assert leading_entry_kind("Œ avoir") is EntryKind.CREDIT  # "œ" folds to nothing
    assert leading_entry_kind("F0000123") is None
    assert leading_entry_kind("Client 7") is None
    assert leading_entry_kind(None) is None


@settings(max_examples=600, deadline=None)
@given(
    st.one_of(
        st.text(max_size=14),
        st.tuples(NOISE, st.sampled_from(WORDS), st.sampled_from(["", " 12"])).map("".join),
    )
)
def test_the_columns_prefilter_never_drops_a_word(text: str) -> None:
    """readers.entries reads whole columns in Arrow first: a label it drops is one
    leading_entry_kind says nothing of."""
    from arxl.readers.entries import _may_lead

    if leading_entry_kind(text) is not None:
        assert _may_lead([text])[0]
