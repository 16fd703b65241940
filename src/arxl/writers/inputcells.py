"""How the cells of an input workbook (Clients, Transactions, Paramètres) are written with
XlsxWriter: the number formats and fills, which fields are dates, amounts, days or ids, column
widths measured on the values, and one value written by its Python type (text always as text).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from decimal import Decimal

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from arxl.formats import FR_FORMATS
from arxl.formats import Formats as BookFormats
from arxl.vocab import STATUS_LABELS, Field

DATE_FORMAT = "dd/mm/yyyy"
AMOUNT_FORMAT = '#,##0.00 "€"'
DAYS_FORMAT = "0"
HEADER_FILL = "#DDEBF7"
EDITABLE_FILL = "#FFF2CC"

DATE_FIELDS = frozenset({Field.DATE, Field.DUE_DATE, Field.PAYMENT_DATE})
AMOUNT_FIELDS = frozenset({Field.AMOUNT, Field.AMOUNT_PAID, Field.CREDIT_LIMIT})
DAYS_FIELDS = frozenset({Field.TERMS})
ID_FIELDS = frozenset({Field.CLIENT_ID})
PARTIAL_LABELS = ("Partiellement payé", "Partially paid")

MIN_WIDTH, MAX_WIDTH = 9, 45
_LONGEST_STATUS = max(len(s) for pair in (*STATUS_LABELS.values(), PARTIAL_LABELS) for s in pair)
# Room for what owners type later, so that even the blank workbook is comfortable to fill in.
FIELD_MIN_WIDTH = {
    Field.NAME: 24,
    Field.ADDRESS: 30,
    Field.PHONE: 15,
    Field.EMAIL: 28,
    Field.INVOICE: 14,
    Field.STATUS: _LONGEST_STATUS + 4,  # the dropdown's labels
    Field.REMARKS: 30,
}
# Display widths of formatted values (characters), used instead of str(value).
DATE_WIDTH, AMOUNT_WIDTH = 10, 13


class Formats:
    """The cell formats of the input sheets, added once to the workbook: amounts and dates as
    the book's money and date formats say (a French book's by default)."""

    def __init__(self, wb: xlsxwriter.Workbook, book: BookFormats = FR_FORMATS) -> None:
        header = {"bold": True, "bg_color": HEADER_FILL, "border": 1, "valign": "vcenter"}
        self.header = wb.add_format(header)
        date = book.date if book != FR_FORMATS else DATE_FORMAT
        self.date = wb.add_format({"num_format": date})
        self.amount = wb.add_format(
            {"num_format": book.money if book != FR_FORMATS else AMOUNT_FORMAT}
        )
        self.days = wb.add_format({"num_format": DAYS_FORMAT})
        self.id = wb.add_format({"align": "center"})
        self.editable = wb.add_format({"bg_color": EDITABLE_FILL, "border": 1, "align": "left"})
        self.editable_date = wb.add_format(
            {"bg_color": EDITABLE_FILL, "border": 1, "num_format": date, "align": "left"}
        )
        self.help = wb.add_format({"italic": True, "font_color": "#595959"})

    def for_field(self, field: Field) -> xlsxwriter.format.Format | None:
        if field in DATE_FIELDS:
            return self.date
        if field in AMOUNT_FIELDS:
            return self.amount
        if field in DAYS_FIELDS:
            return self.days
        if field in ID_FIELDS:
            return self.id
        return None


def write_value(
    ws: Worksheet, row: int, col: int, value: object, fmt: xlsxwriter.format.Format | None
) -> None:
    """Write one cell by its Python type; text always as text, never through write()."""
    if value is None or value != value:  # None, NaN, NaT: blank
        return
    if isinstance(value, str):
        if value != "":
            ws.write_string(row, col, value, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, dt.datetime | dt.date):
        serial = excel_serial(value)
        if serial is None:
            ws.write_datetime(row, col, value, fmt)
        else:  # the number write_datetime would store, without its per-call conversions
            ws.write_number(row, col, serial, fmt)
    elif isinstance(value, int | float | Decimal):
        number = float(value)
        if math.isfinite(number):
            ws.write_number(row, col, number, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


_EPOCH = dt.datetime(1899, 12, 30)
_NO_LEAP_BUG = dt.datetime(1900, 3, 1)  # before it, Excel's serials count a 29/02/1900


def excel_serial(value: dt.date) -> float | None:
    """Excel's 1900-system serial number of a date (None before March 1900)."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is not None or value < _NO_LEAP_BUG:
        return None
    delta = value - _EPOCH
    return delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400


def column_width(header: str, field: Field, values: Iterable[object]) -> float:
    width = max(len(header) + 4, FIELD_MIN_WIDTH.get(field, 0))  # 4: the autofilter button
    for value in values:
        if value is None:
            continue
        if isinstance(value, dt.date) and field in DATE_FIELDS:
            n = DATE_WIDTH
        elif isinstance(value, int | float | Decimal) and field in AMOUNT_FIELDS:
            n = AMOUNT_WIDTH + (abs(float(value)) >= 1e6) * 4
        else:
            n = len(str(value))
        width = max(width, n + 2)
    if field in DATE_FIELDS:
        width = max(width, DATE_WIDTH + 3)
    elif field in AMOUNT_FIELDS:
        width = max(width, AMOUNT_WIDTH + 2)
    return float(min(max(width, MIN_WIDTH), MAX_WIDTH))
