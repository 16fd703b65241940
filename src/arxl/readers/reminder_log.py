"""Read the Journal des relances (Reminder log) sheet: the reminders already sent, by client.

The sheet belongs to the owner (who may add a phone call by hand, reorder or rename columns):
columns are found by header, and its layout is kept so that arxl appends in the same places.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from arxl.cells import plain_text
from arxl.errors import MissingColumns
from arxl.model import Issue
from arxl.readers import values as V
from arxl.readers.bounds import LEFT_OUT, Bounds, outside_years
from arxl.readers.layout import Kind, Layout
from arxl.readers.tables import locate
from arxl.readers.workbook import SheetSource, find_sheet
from arxl.vocab import LOG_HEADERS, LOG_REQUIRED, LOG_SHEET_NAMES, REMINDER_LABELS, LogField, fold

LOG_KIND = Kind("relances", "reminders sent", LOG_HEADERS, LOG_REQUIRED, ())  # type: ignore[arg-type]
_LEVEL_WORDS = {fold(label): level for level, pair in REMINDER_LABELS.items() for label in pair}

# invoices: the cell as typed ("" when the sheet has no such column or the row none)
LOG_COLUMNS = ["row", "date", "client_key", "level", "channel", "message_id", "invoices"]


@dataclass(frozen=True)
class LogLayout:
    """Where the log sheet's columns are, so that appended rows line up with the owner's."""

    sheet: str
    columns: dict[LogField, int]  # field -> 0-based column index in the sheet
    last_row: int  # Excel number of the last row holding anything (the header at least)


def empty_log() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row": pd.Series(dtype=np.int64),
            "date": pd.Series(dtype="datetime64[ns]"),
            "client_key": pd.Series(dtype=object),
            "level": pd.Series(dtype=np.int64),
            "channel": pd.Series(dtype=object),
            "message_id": pd.Series(dtype=object),
            "invoices": pd.Series(dtype=object),
        }
    )


def read_log(
    source: SheetSource, names: list[str], bounds: Bounds | None = None
) -> tuple[pd.DataFrame, LogLayout | None, list[Issue]]:
    """The logged reminders (columns LOG_COLUMNS), the sheet layout, and unreadable rows."""
    name = find_sheet(names, LOG_SHEET_NAMES)
    if name is None:
        return empty_log(), None, []
    raw, first_row, first_col = source.rows(name)
    table, attempt = locate(source, name, LOG_KIND, Layout())
    if table is None:
        seen = ", ".join(attempt.headers[:8]) if attempt is not None and attempt.headers else ""
        raise MissingColumns(
            f"{source.path.name}: the sheet '{name}' is where arxl reads and writes its "
            f"reminder log, but it has no Date, ID Client and Niveau columns"
            + (f" (columns found: {seen})" if seen else "")
            + ": rename that sheet if it is something else of yours, or give it those columns."
        )
    last_row = first_row + len(raw) - 1 if raw else first_row
    layout = LogLayout(
        name,
        {f: c + first_col - 1 for f, c in table.columns.items()},
        last_row,  # type: ignore[misc]
    )
    issues: list[Issue] = []
    rows: list[tuple[int, object, str, int, str, str, str]] = []
    cells = {f: [r[c] if c < len(r) else "" for r in table.rows] for f, c in table.columns.items()}
    dates, bad_dates = V.parse_dates(cells[LogField.DATE])
    bounds = bounds or Bounds()
    odd = outside_years(dates, bounds.years)
    ids = V.id_texts(cells[LogField.CLIENT_ID])
    for i, level_cell in enumerate(cells[LogField.LEVEL]):
        row = table.first_row + i
        if not ids[i] and V.is_blank(level_cell) and np.isnat(dates[i]):
            continue  # a blank row
        level = _level(level_cell)
        problem = None
        if odd[i]:
            problem = bounds.date_message("Date", "Date", LEFT_OUT)
        elif bad_dates[i] or np.isnat(dates[i]):
            problem = ("Date illisible (ligne ignorée)", "Unreadable date (row left out)")
        elif not ids[i]:
            problem = ("ID client manquant (ligne ignorée)", "Missing client id (row left out)")
        elif level is None:
            problem = ("Niveau 0 à 4 attendu (ligne ignorée)", "Level 0 to 4 expected (left out)")
        if problem is not None:
            issues.append(Issue(name, row, "", "", *problem))
            continue
        channel = cells.get(LogField.CHANNEL, [""] * len(ids))[i]
        message_id = cells.get(LogField.MESSAGE_ID, [""] * len(ids))[i]
        invoices = cells.get(LogField.INVOICES, [""] * len(ids))[i]
        rows.append(
            (
                row,
                dates[i],
                ids[i],
                level,
                plain_text(channel),
                plain_text(message_id),
                plain_text(invoices),
            )
        )
    if not rows:
        return empty_log(), layout, issues
    frame = pd.DataFrame(rows, columns=LOG_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    frame["level"] = frame["level"].astype(np.int64)
    return frame, layout, issues


def _level(cell: object) -> int | None:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        level = int(cell) if float(cell).is_integer() else None
    else:
        text = plain_text(cell)
        level = int(text) if text.isdigit() else _LEVEL_WORDS.get(fold(text))
    return level if level is not None and 0 <= level <= 4 else None
