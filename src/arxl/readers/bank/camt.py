"""ISO 20022 bank-to-customer statements: camt.053 (statement) and camt.054 (notification).

Read with lxml whatever the message version (.001.02 to .001.13): elements are found by local
name. No maintained Python library reads both messages across versions with the ordering
party's name, account and remittance kept, and the structure is plain: Stmt/Ntfctn > Ntry
(amount, CRDT/DBIT, booking date, AcctSvcrRef) > NtryDtls > TxDtls (references, related
parties, RmtInf). An entry batching several transfers (one TxDtls each, with its own amount)
becomes one line per transfer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lxml import etree

from arxl.errors import ArxlError
from arxl.model import Issue
from arxl.readers.bank.line import BankLine, Statement, compact_iban

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def sniff(head: bytes) -> bool:
    return b"BkToCstmrStmt" in head or b"BkToCstmrDbtCdtNtfctn" in head or b"camt.05" in head


def _text(el: etree._Element | None, path: str) -> str:
    if el is None:
        return ""
    found = el.find(path)
    return " ".join((found.text or "").split()) if found is not None else ""


def _all(el: etree._Element, path: str) -> list[str]:
    return [" ".join((x.text or "").split()) for x in el.iterfind(path) if (x.text or "").strip()]


def _date(el: etree._Element, tag: str) -> dt.date | None:
    text = _text(el, f"{{*}}{tag}/{{*}}Dt") or _text(el, f"{{*}}{tag}/{{*}}DtTm")[:10]
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _party(tx: etree._Element, role: str) -> tuple[str, str]:
    """(name, IBAN) of the debtor (or ultimate debtor) of a transaction, versions 02 and 08."""
    parties = tx.find("{*}RltdPties")
    if parties is None:
        return "", ""
    name = (
        _text(parties, f"{{*}}{role}/{{*}}Nm")
        or _text(parties, f"{{*}}{role}/{{*}}Pty/{{*}}Nm")
        or _text(parties, f"{{*}}Ultmt{role}/{{*}}Nm")
        or _text(parties, f"{{*}}Ultmt{role}/{{*}}Pty/{{*}}Nm")
    )
    iban = _text(parties, f"{{*}}{role}Acct/{{*}}Id/{{*}}IBAN")
    return name, compact_iban(iban)


def _remittance(tx: etree._Element) -> str:
    parts = _all(tx, "{*}RmtInf/{*}Ustrd")
    parts += _all(tx, "{*}RmtInf/{*}Strd/{*}CdtrRefInf/{*}Ref")
    parts += _all(tx, "{*}RmtInf/{*}Strd/{*}RfrdDocInf/{*}Nb")
    parts += _all(tx, "{*}RmtInf/{*}Strd/{*}AddtlRmtInf")
    return " ".join(dict.fromkeys(parts))


def _amount(el: etree._Element, *paths: str) -> tuple[float | None, str]:
    for path in paths:
        found = el.find(path)
        if found is not None and (found.text or "").strip():
            try:
                return float(found.text.strip()), found.get("Ccy", "")
            except ValueError:
                return None, ""
    return None, ""


def read(path: Path) -> Statement:
    """The booked entries of a camt.053 or camt.054 file (pending entries are left out)."""
    try:
        root = etree.parse(str(path), _PARSER).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        raise ArxlError(f"{path.name}: not a readable CAMT XML file ({exc}).") from None
    notification = root.find("{*}BkToCstmrDbtCdtNtfctn") is not None
    blocks = root.findall("{*}BkToCstmrStmt/{*}Stmt") + root.findall(
        "{*}BkToCstmrDbtCdtNtfctn/{*}Ntfctn"
    )
    if not blocks:
        raise ArxlError(
            f"{path.name}: an XML file without a camt.053 statement (BkToCstmrStmt/Stmt) nor "
            "a camt.054 notification (BkToCstmrDbtCdtNtfctn/Ntfctn)."
        )
    statement = Statement(str(path), "camt.054" if notification else "camt.053")
    statement.account = compact_iban(_text(blocks[0], "{*}Acct/{*}Id/{*}IBAN"))
    for block in blocks:
        for entry in block.iterfind("{*}Ntry"):
            _entry(path, entry, statement)
    return statement


def _entry(path: Path, entry: etree._Element, statement: Statement) -> None:
    where = f"{path.name} ligne {entry.sourceline}"
    status = _text(entry, "{*}Sts/{*}Cd") or _text(entry, "{*}Sts")
    if status and status.upper() not in ("BOOK", "BOOKED"):
        # pending or informational: not booked yet; said, so that every entry is accounted for
        statement.issues.append(
            Issue(
                path.name,
                entry.sourceline,
                "Ntry/Sts",
                status,
                f"Écriture non comptabilisée par la banque ({status}) : ignorée jusqu'au relevé "
                "qui la comptabilise",
                f"Entry not booked by the bank ({status}): left out until the statement that "
                "books it",
            )
        )
        return
    amount, currency = _amount(entry, "{*}Amt")
    day = _date(entry, "BookgDt") or _date(entry, "ValDt")
    if amount is None or day is None:
        statement.issues.append(
            Issue(
                path.name,
                entry.sourceline,
                "Ntry/Amt" if amount is None else "Ntry/BookgDt",
                _text(entry, "{*}AcctSvcrRef") or "",
                "Écriture sans montant ou sans date lisible (ignorée)",
                "Entry without a readable amount or date (left out)",
            )
        )
        return
    credit = _text(entry, "{*}CdtDbtInd").upper() != "DBIT"
    reversal = _text(entry, "{*}RvslInd").lower() == "true"
    sign = 1.0 if credit != reversal else -1.0  # a reversed debit gives money back
    role = "Dbtr" if credit else "Cdtr"
    info = _text(entry, "{*}AddtlNtryInf")
    entry_ref = _text(entry, "{*}AcctSvcrRef") or _text(entry, "{*}NtryRef")
    txs = entry.findall("{*}NtryDtls/{*}TxDtls")
    amounts = [
        _amount(tx, "{*}Amt", "{*}AmtDtls/{*}TxAmt/{*}Amt", "{*}AmtDtls/{*}InstdAmt/{*}Amt")[0]
        for tx in txs
    ]
    split = len(txs) > 1 and all(a is not None for a in amounts)
    for k, tx in enumerate(txs if split else txs[:1] or [None]):
        name, iban = _party(tx, role) if tx is not None else ("", "")
        remit = _remittance(tx) if tx is not None else ""
        refs = tx.find("{*}Refs") if tx is not None else None
        tx_ref = _text(refs, "{*}AcctSvcrRef") or _text(refs, "{*}TxId")
        e2e = _text(refs, "{*}EndToEndId")
        if e2e.upper() == "NOTPROVIDED":
            e2e = ""
        own = tx_ref if split else (entry_ref or tx_ref)
        ref = own or (f"{entry_ref}/{k + 1}" if split and entry_ref else "")
        label = info or " ".join(x for x in (name, remit) if x)
        statement.lines.append(
            BankLine(
                date=day,
                amount=sign * abs((amounts[k] if split else amount) or 0.0),
                label=label,
                currency=currency or "EUR",
                remittance=" ".join(x for x in (remit, e2e) if x),
                payer=name,
                iban=iban,
                bank_ref=ref,
                source=where,
            )
        )
