"""rules.lookup.positions: get_indexer's answer, found in Arrow for Arrow text."""

from __future__ import annotations

import pandas as pd
import pytest

from arxl.rules.lookup import among, as_dict, positions


@pytest.mark.parametrize("dtype", ["str", object])
def test_positions_are_get_indexers(dtype: object) -> None:
    values = pd.Series(["c", None, "zz", "a", "", "c"], dtype=dtype)
    for keys in (["a", None, "c"], ["a", "c"], []):
        index = pd.Index(keys, dtype=dtype)
        assert positions(index, values).tolist() == index.get_indexer(values.array).tolist()


def test_keys_must_be_unique_as_for_get_indexer() -> None:
    with pytest.raises(pd.errors.InvalidIndexError):
        positions(pd.Index(["a", "a"], dtype="str"), pd.Series(["a"], dtype="str"))


@pytest.mark.parametrize("dtype", ["str", object])
def test_among_is_isin(dtype: object) -> None:
    values = pd.Series(["c", None, "zz", "a", "", "c"], dtype=dtype)
    for keys in (["a", None, "c"], ["a", "c"], []):
        listed = pd.Series(keys, dtype=dtype)
        assert among(values, listed).tolist() == values.isin(listed).tolist()


def test_as_dict_is_to_dict() -> None:
    column = pd.Series(["n1", None, "n3"], index=pd.Index(["a", "b", None], dtype="str"))
    column = column.astype("str")
    assert list(as_dict(column).items())[:2] == list(column.to_dict().items())[:2]
    assert as_dict(column).keys() == column.to_dict().keys()
