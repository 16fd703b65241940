"""readers.text: a text without quotes to undo is split as the csv module splits it."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from arxl.readers import text as T

PIECES = ["a", "é", ";", ",", "\t", "|", "\r", "\n", "\r\n", " ", "1", "\u2028", "\x0c", "'", '"']


def csv_rows(text: str, sep: str, quoting: bool) -> tuple[list[list[str]], list[int]]:
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=sep,
        quoting=csv.QUOTE_MINIMAL if quoting else csv.QUOTE_NONE,
        strict=False,
    )
    rows, lines, previous = [], [], 0
    for record in reader:
        rows.append(record)
        lines.append(previous + 1)
        previous = reader.line_num
    return rows, lines


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.sampled_from(";,\t|"), st.booleans())
def test_plain_split_is_the_csv_modules(pieces: list[str], sep: str, quoting: bool) -> None:
    text = "".join(pieces)
    plain = T._split_plain(text, sep, quoting)
    if plain is None:
        assert quoting and '"' in text
        return
    assert plain == csv_rows(text, sep, quoting)
    assert T.split_rows_checked(text, sep, quoting)[:2] == plain


def test_nul_and_quotes_go_to_the_csv_module() -> None:
    assert T._split_plain('a;"b;c"\n', ";", True) is None
    assert T._split_plain("a;\x00\n", ";", True) is None
    assert T._split_plain('a;"b\n', ";", False) == ([["a", '"b']], [1])
