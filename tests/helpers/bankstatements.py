"""Bank statements written by the tests, one function per format, from the same movements.

A movement is (date, signed amount, label, payer name, payer IBAN, remittance, bank ref). The
CAMT.053 follows the ISO 20022 message's example structure (GrpHdr, Stmt with Acct, Bal and
Ntry > NtryDtls > TxDtls with Refs, RltdPties, RmtInf); OFX is the SGML 1.02 most French banks
still give; MT940 has :61:/:86: pairs; the two CSV layouts are those of two banks' download
pages (Débit/Crédit columns with a title block above; one signed Montant column).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

OWN_IBAN = "FR7630006000011234567890189"


@dataclass(frozen=True)
class Move:
    date: dt.date
    amount: float
    label: str
    payer: str = ""
    iban: str = ""
    remittance: str = ""
    ref: str = ""
    e2e: str = ""  # the payer's end-to-end id (CAMT EndToEndId; NOTPROVIDED when empty)
    currency: str = ""  # OFX <CURRENCY>: the amount is in this currency, not the statement's
    orig_currency: str = ""  # OFX <ORIGCURRENCY>: the amount converted from this currency


def camt053(path: Path, moves: list[Move], version: str = "08", notification: bool = False) -> Path:
    ns = f"urn:iso:std:iso:20022:tech:xsd:camt.{'054' if notification else '053'}.001.{version}"
    entries = []
    for k, m in enumerate(moves, start=1):
        credit = m.amount > 0
        role = "Dbtr" if credit else "Cdtr"
        party = (
            f"<{role}><Pty><Nm>{escape(m.payer)}</Nm></Pty></{role}>"
            if version >= "08"
            else f"<{role}><Nm>{escape(m.payer)}</Nm></{role}>"
        )
        account = f"<{role}Acct><Id><IBAN>{m.iban}</IBAN></Id></{role}Acct>" if m.iban else ""
        status = "<Sts><Cd>BOOK</Cd></Sts>" if version >= "08" else "<Sts>BOOK</Sts>"
        entries.append(
            f"""<Ntry>
  <NtryRef>{k}</NtryRef>
  <Amt Ccy="EUR">{abs(m.amount):.2f}</Amt>
  <CdtDbtInd>{"CRDT" if credit else "DBIT"}</CdtDbtInd>
  {status}
  <BookgDt><Dt>{m.date.isoformat()}</Dt></BookgDt>
  <ValDt><Dt>{m.date.isoformat()}</Dt></ValDt>
  <AcctSvcrRef>{m.ref or f"SVC{k:06d}"}</AcctSvcrRef>
  <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
  <NtryDtls><TxDtls>
    <Refs><EndToEndId>{escape(m.e2e) or "NOTPROVIDED"}</EndToEndId></Refs>
    <RltdPties>{party if m.payer else ""}{account}</RltdPties>
    <RmtInf><Ustrd>{escape(m.remittance)}</Ustrd></RmtInf>
  </TxDtls></NtryDtls>
  <AddtlNtryInf>{escape(m.label)}</AddtlNtryInf>
</Ntry>"""
        )
    block = "Ntfctn" if notification else "Stmt"
    root = "BkToCstmrDbtCdtNtfctn" if notification else "BkToCstmrStmt"
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="{ns}">
<{root}>
<GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2024-03-31T18:00:00</CreDtTm></GrpHdr>
<{block}>
  <Id>STMT-1</Id>
  <ElctrncSeqNb>1</ElctrncSeqNb>
  <CreDtTm>2024-03-31T18:00:00</CreDtTm>
  <Acct><Id><IBAN>{OWN_IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>
  <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt>
    <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-01</Dt></Dt></Bal>
  {"".join(entries)}
</{block}>
</{root}>
</Document>
""",
        encoding="utf-8",
    )
    return path


def ofx(path: Path, moves: list[Move]) -> Path:
    txs = []
    for k, m in enumerate(moves, start=1):
        name = (m.label[:32]).replace("&", "&amp;").replace("<", "&lt;")
        memo = " ".join(x for x in (m.label[32:], m.remittance) if x).replace("&", "&amp;")
        amount = f"{m.amount:.2f}".replace(".", ",")
        txs.append(
            f"<STMTTRN>\n<TRNTYPE>{'CREDIT' if m.amount > 0 else 'DEBIT'}\n"
            f"<DTPOSTED>{m.date:%Y%m%d}\n<TRNAMT>{amount}\n<FITID>{m.ref or f'FIT{k:05d}'}\n"
            f"<NAME>{name}\n"
            + (f"<MEMO>{memo}\n" if memo else "")
            + (f"<CURRENCY><CURRATE>0,92<CURSYM>{m.currency}</CURRENCY>" if m.currency else "")
            + (
                f"<ORIGCURRENCY><CURRATE>0,92<CURSYM>{m.orig_currency}</ORIGCURRENCY>"
                if m.orig_currency
                else ""
            )
            + "</STMTTRN>"
        )
    body = "\n".join(txs)
    path.write_text(
        f"""OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX>
<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>
<DTSERVER>20240331120000<LANGUAGE>FRA</SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>0<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>EUR
<BANKACCTFROM><BANKID>30006<BRANCHID>00001<ACCTID>12345678901<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20240301<DTEND>20240331
{body}
</BANKTRANLIST>
<LEDGERBAL><BALAMT>1000,00<DTASOF>20240331</LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1>
</OFX>
""",
        encoding="cp1252",
    )
    return path


def mt940(path: Path, moves: list[Move]) -> Path:
    lines = [":20:STMT2403", f":25:{OWN_IBAN}", ":28C:00042/001", ":60F:C240301EUR1000,00"]
    for k, m in enumerate(moves, start=1):
        mark = "C" if m.amount > 0 else "D"
        amount = f"{abs(m.amount):.2f}".replace(".", ",")
        ref = m.ref or f"B{k:08d}"
        lines.append(f":61:{m.date:%y%m%d}{m.date:%m%d}{mark}{amount}NTRFNONREF//{ref}")
        details = m.label
        if m.payer or m.iban or m.remittance:
            details = f"/ORDP//NAME/{m.payer}/IBAN/{m.iban}/REMI/{m.remittance or m.label}"
        lines.append(f":86:{details[:390]}")
    lines += [":62F:C240331EUR1000,00", "-"]
    path.write_bytes("\r\n".join(lines).encode("cp1252") + b"\r\n")
    return path


def csv_debit_credit(path: Path, moves: list[Move]) -> Path:
    """A bank's 'Débit / Crédit' export: title lines, ';', decimal comma, Windows-1252."""
    out = [
        "Compte courant professionnel;;;",
        f"IBAN : {OWN_IBAN};;;",
        "Solde au 31/03/2024;1 000,00 €;;",
        ";;;",
        "Date;Libellé;Débit euros;Crédit euros",
    ]
    for m in moves:
        amount = f"{abs(m.amount):,.2f}".replace(",", " ").replace(".", ",")
        debit, credit = (amount, "") if m.amount < 0 else ("", amount)
        label = " ".join(x for x in (m.label, m.remittance) if x).replace(";", ",")
        out.append(f"{m.date:%d/%m/%Y};{label};{debit};{credit}")
    path.write_bytes(("\r\n".join(out) + "\r\n").encode("cp1252"))
    return path


def csv_signed(path: Path, moves: list[Move]) -> Path:
    """Another bank's layout: operation and value dates, label and detail, signed amount."""
    out = ["Date de l'opération;Date de valeur;Libellé;Détail de l'écriture;Montant;Devise"]
    for m in moves:
        amount = f"{m.amount:.2f}".replace(".", ",")
        out.append(f"{m.date:%d/%m/%Y};{m.date:%d/%m/%Y};{m.label};{m.remittance};{amount};EUR")
    path.write_text("\ufeff" + "\n".join(out) + "\n", encoding="utf-8")
    return path


def xlsx_export(path: Path, moves: list[Move]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Relevé de compte"])
    ws.append([])
    ws.append(["Date", "Libellé", "Débit", "Crédit"])
    for m in moves:
        ws.append(
            [
                m.date,
                f"{m.label} {m.remittance}".strip(),
                -m.amount if m.amount < 0 else None,
                m.amount if m.amount > 0 else None,
            ]
        )
    wb.save(path)
    return path


WRITERS = {
    "camt053": camt053,
    "camt054": lambda p, m: camt053(p, m, notification=True),
    "camt053v02": lambda p, m: camt053(p, m, version="02"),
    "ofx": ofx,
    "mt940": mt940,
    "csv_debit_credit": csv_debit_credit,
    "csv_signed": csv_signed,
    "xlsx": xlsx_export,
}
SUFFIX = {
    "camt053": ".xml",
    "camt054": ".xml",
    "camt053v02": ".xml",
    "ofx": ".ofx",
    "mt940": ".sta",
    "csv_debit_credit": ".csv",
    "csv_signed": ".csv",
    "xlsx": ".xlsx",
}


def write(fmt: str, folder: Path, moves: list[Move]) -> Path:
    return WRITERS[fmt](folder / f"releve-{fmt}{SUFFIX[fmt]}", moves)
