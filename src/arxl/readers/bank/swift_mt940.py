"""SWIFT MT940 statements, read with the mt-940 library.

The :86: field carries the label; French and Dutch banks structure it with /ORDP/, /NAME/,
/REMI/ and /IBAN/ codes, German ones with ?20-?33 subfields: both give the payer and the
remittance apart when present. The bank reference of :61: identifies the movement.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from arxl.errors import ArxlError
from arxl.model import Issue
from arxl.readers.bank.line import BankLine, Statement, compact_iban

_CODES = re.compile(r"/(ORDP|NAME|REMI|IBAN|EREF|BENM|ADDR|CSID|MARF|BIC)/")
_GERMAN = re.compile(r"\?(\d\d)")


def sniff(head: bytes) -> bool:
    return b":20:" in head and (b":61:" in head or b":60F:" in head or b":25:" in head)


def _details(text: str) -> tuple[str, str, str, str]:
    """(label, payer, remittance, IBAN) of a :86: field."""
    flat = " ".join(text.replace("\r", "").split("\n"))
    if "?" in flat and _GERMAN.search(flat):
        parts: dict[str, str] = {}
        pieces = _GERMAN.split(flat)
        for code, value in zip(pieces[1::2], pieces[2::2], strict=False):
            parts[code] = parts.get(code, "") + value
        remit = " ".join(parts.get(f"{n}", "") for n in range(20, 30)).strip()
        payer = (parts.get("32", "") + parts.get("33", "")).strip()
        iban = compact_iban(parts.get("31", ""))
        label = " ".join(x for x in (parts.get("00", ""), payer, remit) if x)
        return label, payer, remit, iban
    fields: dict[str, str] = {}
    pieces = _CODES.split(flat)
    for code, value in zip(pieces[1::2], pieces[2::2], strict=False):
        fields.setdefault(code, value.strip(" /"))
    payer = fields.get("NAME", "") if "ORDP" in fields or "NAME" in fields else ""
    iban = compact_iban(fields.get("IBAN", ""))
    return " ".join(flat.split()), payer, fields.get("REMI", ""), iban


def read(path: Path) -> Statement:
    import mt940

    try:
        data = path.read_bytes()
        for encoding in ("utf-8", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        transactions = mt940.parse(text)
    except Exception as exc:  # the library raises ValueError, KeyError... on a bad file
        raise ArxlError(
            f"{path.name}: not a readable MT940 statement ({type(exc).__name__}: {exc})."
        ) from None
    statement = Statement(str(path), "mt940")
    statement.account = compact_iban(str(transactions.data.get("account_identification", "")))
    for k, tx in enumerate(transactions, start=1):
        d = tx.data
        when = d.get("entry_date") or d.get("date")
        if when is None or "amount" not in d:
            statement.issues.append(
                Issue(
                    path.name,
                    None,
                    ":61:",
                    k,
                    "Mouvement sans date ou sans montant lisible (ignoré)",
                    "Movement without a readable date or amount (left out)",
                )
            )
            continue
        day = dt.date(when.year, when.month, when.day)
        label, payer, remit, iban = _details(str(d.get("transaction_details") or ""))
        ref = str(d.get("bank_reference") or "")
        own = str(d.get("customer_reference") or "")
        if own.upper() == "NONREF":
            own = ""
        statement.lines.append(
            BankLine(
                date=day,
                amount=float(d["amount"].amount),
                label=label or str(d.get("extra_details") or ""),
                currency=str(d.get("currency") or "EUR"),
                remittance=" ".join(x for x in (remit, own) if x),
                payer=payer,
                iban=iban,
                bank_ref=f"{day:%Y%m%d}/{ref}" if ref else "",
                source=f"{path.name} :61: {k}",
            )
        )
    return statement
