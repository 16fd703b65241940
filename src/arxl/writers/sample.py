"""The French sample (sample_data/*.csv) read into the row dicts of an input workbook, for
`arxl demo`."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from arxl.vocab import CLIENT_HEADERS, TRANSACTION_HEADERS, Field, fold, header_index
from arxl.writers.inputcells import AMOUNT_FIELDS, DATE_FIELDS, DAYS_FIELDS, ID_FIELDS

SAMPLE_CLIENTS_CSV = "clients.csv"
SAMPLE_TRANSACTIONS_CSV = "transactions.csv"
_DATE_RE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_AMOUNT_RE = re.compile(r"^-?\d+(?:,\d+)?$")  # what the generator writes: 1234,56
_INT_RE = re.compile(r"^-?\d+$")


def load_sample(sample_dir: str | Path) -> tuple[list[dict], list[dict]]:
    """Read sample_data/clients.csv and transactions.csv into write_input_workbook's dicts.

    Dates dd/mm/yyyy become dates, amounts with a decimal comma floats, numeric ids and terms
    ints. Anything else (the sample's deliberate owner mistakes, such as "31/02/2026" or
    "1 250,00 €") is kept as the raw text, so the workbook shows it as the owner typed it.
    """
    sample_dir = Path(sample_dir)
    clients = _read_sample_csv(sample_dir / SAMPLE_CLIENTS_CSV, CLIENT_HEADERS)
    transactions = _read_sample_csv(sample_dir / SAMPLE_TRANSACTIONS_CSV, TRANSACTION_HEADERS)
    return clients, transactions


def _read_sample_csv(
    path: Path, table: dict[Field, tuple[tuple[str, ...], tuple[str, ...]]]
) -> list[dict]:
    index = header_index(table)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=";")
        header = next(reader)
        fields = [index.get(fold(h), (None, None))[0] for h in header]
        out = []
        for record in reader:
            row: dict[str, object] = {}
            for field, text in zip(fields, record, strict=False):
                if field is None or text.strip() == "":
                    continue
                row[field.value] = _parse_sample_value(field, text)
            out.append(row)
    return out


def _parse_sample_value(field: Field, text: str) -> object:
    if field in DATE_FIELDS:
        m = _DATE_RE.match(text)
        if m:
            try:
                return dt.date(int(m[3]), int(m[2]), int(m[1]))
            except ValueError:
                return text
        return text
    if field in AMOUNT_FIELDS:
        return float(text.replace(",", ".")) if _AMOUNT_RE.match(text) else text
    if field in ID_FIELDS or field in DAYS_FIELDS:
        return int(text) if _INT_RE.match(text) else text
    return text
