"""Bank exports as CSV or xlsx: the layouts of the French banks' download pages.

One row per movement under a header found among the first rows (account and balance lines
above it are skipped): a date, a label (libellé), and either a signed amount or a Débit and a
Crédit column; optionally a value date, a detail column, the counterparty's name and IBAN, a
transaction id. Text files go through the same decoding as `arxl convert` (Windows-1252 or
UTF-8 with its BOM, `;` separator, decimal comma, dd/mm/yyyy).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from arxl.errors import MissingColumns
from arxl.model import Issue
from arxl.readers import values as V
from arxl.readers.bank.line import BankLine, Statement, compact_iban
from arxl.readers.text import read_text_rows
from arxl.readers.workbook import open_workbook
from arxl.vocab import fold

HEADER_ROWS = 30

# role -> folded headers, exact first; then prefixes (the banks add units: "Débit euros").
EXACT: dict[str, tuple[str, ...]] = {
    "date": (
        "date",
        "dateoperation",
        "datedeloperation",
        "datedoperation",
        "datecomptable",
        "datedecomptabilisation",
        "dateop",
        "bookingdate",
        "settlementdateutc",
        "operationdateutc",
    ),
    "value_date": ("datedevaleur", "datevaleur", "dateval", "valuedate"),
    "label": (
        "libelle",
        "libelleoperation",
        "libelledeloperation",
        "libellesimplifie",
        "label",
        "intitule",
        "natureoperation",
        "naturedeloperation",
        "operation",
        "description",
    ),
    "detail": (
        "detaildelecriture",
        "libellecomplementaire",
        "informationscomplementaires",
        "detail",
        "motif",
        "reference",
        "referencedeloperation",
        "libelleoperationcomplet",
    ),
    "debit": ("debit", "debiteuros", "debiteur", "montantdebit", "debiteuro"),
    "credit": ("credit", "crediteuros", "crediteur", "montantcredit", "crediteuro"),
    "amount": (
        "montant",
        "montantdeloperation",
        "montantoperation",
        "montanteneuros",
        "montanteur",
        "amount",
        "totalamountinclvat",
    ),
    "currency": ("devise", "currency"),
    "payer": ("tiers", "contrepartie", "nomdelacontrepartie", "counterpartyname", "emetteur"),
    "iban": ("iban", "ibancontrepartie", "ibandelacontrepartie"),
    "bank_ref": ("transactionid", "identifiant", "iddelatransaction", "numerodoperation"),
}
PREFIXES = (("debit", "debit"), ("credit", "credit"), ("montant", "amount"), ("date", "date"))


def _roles(cells: list[object]) -> dict[str, int]:
    out: dict[str, int] = {}
    folded = [fold(c) if isinstance(c, str) else "" for c in cells]
    for c, key in enumerate(folded):
        for role, names in EXACT.items():
            if key in names and role not in out:
                out[role] = c
                break
    for c, key in enumerate(folded):
        if key and c not in out.values():
            for prefix, role in PREFIXES:
                if key.startswith(prefix) and role not in out:
                    out[role] = c
                    break
    return out


def _usable(roles: dict[str, int]) -> bool:
    money = "amount" in roles or ("debit" in roles and "credit" in roles) or "credit" in roles
    return "date" in roles and "label" in roles and money


def sniff_text(head: bytes) -> bool:
    low = head.lower()
    return b"libell" in low or b"label" in low or b"d\xe9bit" in low or b"montant" in low


def read(path: Path, encoding: str | None = None) -> Statement:
    """A bank's CSV or xlsx export; rows without a readable date or amount are reported."""
    rows: list[list[object]]
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        book = open_workbook(path)
        rows = [list(r) for r in book.get_sheet_by_index(0).to_python(skip_empty_area=False)]
        numbers = list(range(1, len(rows) + 1))
        fmt = "xlsx"
    else:
        text = read_text_rows(path, encoding)
        rows, numbers, fmt = [list(r) for r in text.rows], text.lines, "csv"
    for h, row in enumerate(rows[:HEADER_ROWS]):
        roles = _roles(row)
        if _usable(roles):
            return _rows(path, fmt, rows[h + 1 :], numbers[h + 1 :], roles, row)
    raise MissingColumns(
        f"{path.name}: no header row with a date, a label (Libellé) and an amount (Montant, or "
        "Débit and Crédit) in its first 30 rows; is it a bank statement export?"
    )


def _column(rows: list[list[object]], c: int | None) -> list[object]:
    if c is None:
        return [""] * len(rows)
    return [r[c] if c < len(r) else "" for r in rows]


def _rows(
    path: Path,
    fmt: str,
    rows: list[list[object]],
    numbers: list[int],
    roles: dict[str, int],
    header: list[object],
) -> Statement:
    statement = Statement(str(path), fmt)
    col = {role: _column(rows, roles.get(role)) for role in EXACT}
    dates, _ = V.parse_dates(col["date"])
    values, _ = V.parse_dates(col["value_date"])
    if "amount" in roles:
        amounts, bad = V.parse_amounts(col["amount"])
        money = ["amount"] * len(rows)  # the column to point at when the amount is unreadable
    else:
        debit, bad_d = V.parse_amounts(col["debit"])
        credit, bad_c = V.parse_amounts(col["credit"])
        amounts = np.nan_to_num(np.abs(credit)) - np.nan_to_num(np.abs(debit))
        amounts[np.isnan(debit) & np.isnan(credit)] = np.nan
        bad = bad_d | bad_c
        money = ["debit" if b else "credit" for b in bad_d.tolist()]
    for i, row in enumerate(rows):
        if all(V.is_blank(v) for v in row):
            continue
        day = dates[i] if not np.isnat(dates[i]) else values[i]
        label = " ".join(str(col["label"][i] or "").split())
        if np.isnat(day) or bad[i] or np.isnan(amounts[i]):
            if fold(label).startswith(("solde", "total", "balance")) or not label:
                continue  # balance and total lines of the export
            role = "date" if np.isnat(day) else money[i]
            statement.issues.append(
                Issue(
                    path.name,
                    numbers[i],
                    str(header[roles[role]]) if role in roles else "",
                    col[role][i],
                    f"« {label} » : {'date' if role == 'date' else 'montant'} illisible (ligne "
                    "ignorée)",
                    f"'{label}': unreadable {'date' if role == 'date' else 'amount'} (line left "
                    "out)",
                )
            )
            continue
        detail = " ".join(str(col["detail"][i] or "").split())
        statement.lines.append(
            BankLine(
                date=dt.date.fromisoformat(str(np.datetime64(day, "D"))),
                amount=round(float(amounts[i]), 2),
                label=" ".join(x for x in (label, detail) if x),
                currency=str(col["currency"][i] or "EUR").strip() or "EUR",
                remittance=detail,
                payer=" ".join(str(col["payer"][i] or "").split()),
                iban=compact_iban(str(col["iban"][i] or "")),
                bank_ref=str(col["bank_ref"][i] or "").strip(),
                source=f"{path.name} ligne {numbers[i]}",
            )
        )
    return statement
