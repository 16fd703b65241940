"""OFX statements (1.x SGML and 2.x XML), as French banks export them, read with ofxtools.

Banks put the label in NAME (32 characters) and its continuation in MEMO; the two are joined.
FITID is the bank's reference of the movement. A transaction in another currency than the
statement's (CURDEF) says so in its own CURRENCY aggregate.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from arxl.errors import ArxlError
from arxl.readers.bank.line import BankLine, Statement


def sniff(head: bytes) -> bool:
    return b"OFXHEADER" in head or b"<OFX>" in head.upper()


def read(path: Path) -> Statement:
    from ofxtools.Parser import OFXTree

    tree = OFXTree()
    try:
        tree.parse(str(path))
        ofx = tree.convert()
    except Exception as exc:  # ofxtools raises its own errors and ValueError/KeyError alike
        raise ArxlError(
            f"{path.name}: not a readable OFX statement ({type(exc).__name__}: {exc})."
        ) from None
    statement = Statement(str(path), "ofx")
    for stmt in ofx.statements:
        account = getattr(stmt, "account", None)
        if account is not None and not statement.account:
            statement.account = str(getattr(account, "acctid", "") or "")
        currency = str(getattr(stmt, "curdef", "") or "EUR")
        for k, tx in enumerate(stmt.transactions, start=1):
            posted = tx.dtposted
            day = posted.date() if isinstance(posted, dt.datetime) else posted
            name = " ".join(str(tx.name or "").split())
            memo = " ".join(str(tx.memo or "").split())
            payee = getattr(tx, "payee", None)
            payer = " ".join(str(getattr(payee, "name", "") or "").split()) if payee else ""
            statement.lines.append(
                BankLine(
                    date=day,
                    amount=float(tx.trnamt),
                    label=" ".join(x for x in (name, memo) if x) or payer,
                    currency=_currency(tx, currency),
                    remittance="",
                    payer=payer,
                    bank_ref=str(tx.fitid or ""),
                    source=f"{path.name} STMTTRN {k}",
                )
            )
    return statement


def _currency(tx: object, statement: str) -> str:
    """The currency of a transaction's amount: its own <CURRENCY> when it has one (OFX 5.2:
    the amount is in that currency), else the statement's (an <ORIGCURRENCY> amount was
    converted to it already). The aggregate is falsy even when present: test for None."""
    own = getattr(tx, "currency", None)
    return str(own.cursym) if own is not None and own.cursym else statement
