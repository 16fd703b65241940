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


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["", "a", "b", "é", "1,5", "x y"]), min_size=1, max_size=5),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(";,\t|"),
)
def test_a_long_text_shares_its_repeated_cells_and_splits_the_same(
    cells: list[list[str]], sep: str
) -> None:
    """Past SHARED_FROM lines, equal cells of a repetitive column are one object: the rows
    are still the csv module's, blank and ragged lines included."""
    lines = [sep.join(row) for row in cells]
    text = "\n".join(lines * (T.SHARED_FROM // len(lines) + 2))
    plain = T._split_plain(text, sep, False)
    assert plain is not None
    assert plain == csv_rows(text, sep, False)


def test_repeated_cells_are_one_object() -> None:
    line = "F{};01/02/2024;Payée;{},00\n"
    text = "".join(line.format(k, k) for k in range(T.SHARED_FROM + 5))
    rows, _ = T._split_plain(text, ";", True)
    assert len(rows) == T.SHARED_FROM + 5
    assert rows[0][1] is rows[-1][1] and rows[0][2] is rows[-1][2]  # repeated: shared
    assert rows[0][0] != rows[-1][0]  # every invoice number different: left as split


QUOTED = ['"', '"a,b"', '""', ";", ",", "\n", "\r\n", "\r", "a", "é", " ", "1,5", '"x\ny"']


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(QUOTED), max_size=40), st.sampled_from(";,"), st.booleans())
def test_records_of_one_line_are_read_as_record_by_record(
    pieces: list[str], sep: str, quoting: bool
) -> None:
    """A quoted text whose records are each one line is split at once; the record-by-record
    reading (lines, unclosed quotes read again without quotes) says the same of it."""
    text = "".join(pieces)
    fast = T.split_rows_checked(text, sep, quoting)
    one_line = T._one_line_records
    try:
        T._one_line_records = lambda *_: None  # type: ignore[assignment]
        slow = T.split_rows_checked(text, sep, quoting)
    finally:
        T._one_line_records = one_line  # type: ignore[assignment]
    assert fast == slow


def test_a_quoted_export_of_one_line_records_is_split_at_once() -> None:
    text = 'N°,Client,Montant\r\nF1,"Colin Logistics, Ltd.",12.5\r\nF2,"A ""B""",3\r\n'
    assert T._one_line_records(text, ",", True) == [
        ["N°", "Client", "Montant"],
        ["F1", "Colin Logistics, Ltd.", "12.5"],
        ["F2", 'A "B"', "3"],
    ]
    assert T._one_line_records('a,"b\nc",d\n', ",", True) is None  # over two lines
