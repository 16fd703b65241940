"""What the owner confirmed in Rapprochement becomes payments: the rows to post, the analysis
once they are applied (in memory), and the Rapprochement and Paiements sheets written.

Both `arxl bank` (api.bank) and every refresh (api.refresh, so the refresh button too) post
the rows the owner validated: this module sits below both, and neither imports the other."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from arxl.api.analysis import Analysis, analyse_ledger
from arxl.model import Issue
from arxl.readers.bank.sheet import read_table
from arxl.readers.layout import PAYMENTS, Layout
from arxl.readers.tables import locate
from arxl.readers.workbook import SheetSource
from arxl.reports import reconciliation as recon
from arxl.reports.reconciliation import RowState
from arxl.rules.allocation import OPEN
from arxl.rules.bankrefs import ReferenceIndex
from arxl.rules.deposits import Split, split_by_client
from arxl.sheets.spec import Kind
from arxl.vocab import EntryKind, Field, Lang, fold, t
from arxl.writers.append import append_rows
from arxl.writers.graft import owned_sheet_names, write_sheets

_KINDS = {"date": "date", "posted": "date", "amount": "number", "applied": "number"}
_KINDS |= {"unapplied": "number", "score": "number"}


@dataclass
class Posting:
    """The Rapprochement sheet read back with the owner's decisions applied: its rows (states
    updated), those to post to Paiements, and what could not be done (Anomalies)."""

    sheet: str
    rows: pd.DataFrame
    to_post: pd.DataFrame
    rejected: int = 0
    changed: bool = False  # a row was posted or newly rejected: the sheet is written again
    issues: list[Issue] = field(default_factory=list)

    @property
    def lines(self) -> int:
        """How many Rapprochement rows are posted (a deposit of two clients: two payments)."""
        return posted_lines(self.to_post)


def posted_lines(to_post: pd.DataFrame) -> int:
    """The Rapprochement rows the payments to post come from."""
    return int(to_post["key"].nunique()) if len(to_post) else 0


def pending(
    book: Path, source: SheetSource | None, analysis: Analysis, day: dt.date
) -> Posting | None:
    """What the owner decided in the book's Rapprochement sheet (None: the book has none).
    With `Validation automatique du rapprochement` at oui, the sure rows are validated too."""
    sheet = owned_sheet_names(book).get(recon.KEY)
    if sheet is None:
        return None
    source = source if source is not None else SheetSource(book)
    rows, excel_rows = previous_rows(source, sheet)
    before = rows["state"].tolist()
    blocked = payments_table(source, analysis.ledger.payments_sheet)
    to_post, rejected, issues = owner_decisions(
        rows, analysis, day, blocked, excel_rows, sheet, analysis.settings.auto_validate
    )
    changed = before != rows["state"].tolist()
    return Posting(sheet, rows, to_post, rejected, changed, issues)


def previous_rows(source: SheetSource, sheet: str | None) -> tuple[pd.DataFrame, list[int]]:
    """The rows of the Rapprochement sheet (recon.ROW_COLUMNS), and the Excel row of each."""
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in recon.ROW_COLUMNS})
    if sheet is None:
        return empty, []
    frame, excel_rows = read_table(source, sheet, recon.HEADERS, _KINDS)
    if frame.empty:
        return empty, []
    frame["state"] = [
        (recon.state_of(s) or RowState.IDENTIFY).value for s in frame["state"].tolist()
    ]
    return frame, excel_rows


def owner_decisions(
    previous: pd.DataFrame,
    analysis: Analysis,
    day: dt.date,
    blocked: str | None = None,
    excel_rows: list[int] | None = None,
    sheet: str = "",
    auto: bool = False,
) -> tuple[pd.DataFrame, int, list[Issue]]:
    """Mark the rows of Rapprochement the owner confirmed (to post) or rejected, in place;
    (the rows to post, how many were rejected, the rows that could not be posted). `blocked`:
    the Excel table the Paiements sheet is, which arxl cannot add rows to (nothing is
    posted; the confirmations wait). `auto`: a sure row with nothing typed is confirmed."""
    rejected = 0
    waiting = 0
    issues: list[Issue] = []
    out: list[dict[str, object]] = []  # the rows to post, a deposit's one per client
    owners = invoice_owners(analysis)
    ids = dict(
        zip(analysis.ledger.clients["client_id"], analysis.ledger.clients["name"], strict=False)
    )
    sheet = sheet or recon.sheet_title(analysis.lang)
    confirm = recon.HEADERS["confirm"][analysis.lang is Lang.EN]
    for i, r in enumerate(previous.itertuples(index=False)):
        if r.state == RowState.POSTED.value:
            continue
        word = fold(r.confirm)
        if auto and not word and r.state == RowState.SURE.value:
            word = "auto"
            previous.at[i, "confirm"] = "auto"
        where = excel_rows[i] if excel_rows and i < len(excel_rows) else None
        if word in recon.NO:
            if r.state != RowState.REJECTED.value:
                previous.at[i, "state"] = RowState.REJECTED.value
                rejected += 1
        elif word in recon.YES and blocked:
            waiting += 1
        elif word in recon.YES:
            named = owners(r.invoices) if r.invoices else ""
            client = r.client_id or named
            split = (
                split_by_client(r.invoices, analysis.items) if r.invoices and not named else None
            )
            if split is not None and (len(split.parts) > 1 or not client):
                # invoices of several clients (a deposit of cheques), or none the book knows
                if client or not split.fits(r.amount):
                    issues.append(_split_issue(split, r, analysis, sheet, where))
                    continue
                names = [str(ids.get(c, "")) for c in split.clients]
                previous.at[i, "client_id"] = ", ".join(split.clients)
                previous.at[i, "client_name"] = r.client_name or ", ".join(names)
                previous.at[i, "state"] = RowState.POSTED.value
                previous.at[i, "posted"] = pd.Timestamp(day)
                whole = previous.iloc[i].to_dict()
                out += [
                    whole
                    | {"client_id": p.client_id, "client_name": name}
                    | {"invoices": ", ".join(p.invoices), "amount": p.amount}
                    for p, name in zip(split.parts, names, strict=True)
                ]
                continue
            if not client:
                issues.append(
                    Issue(
                        sheet,
                        where,
                        confirm,
                        r.label,
                        "Ligne validée sans client ni facture : indiquez-les (non reportée)",
                        "Row confirmed without a client or invoices: give them (not posted)",
                    )
                )
                continue
            if named and named != client:
                issues.append(
                    Issue(
                        sheet,
                        where,
                        recon.HEADERS["invoices"][analysis.lang is Lang.EN],
                        r.invoices,
                        f"Factures du client {named}, pas de {client} : corrigez le client ou "
                        "les factures (non reportée)",
                        f"Invoices of client {named}, not {client}: correct the client or the "
                        "invoices (not posted)",
                    )
                )
                continue
            if r.invoices and split_by_client(r.invoices, analysis.items).settled:
                header = recon.HEADERS["invoices"][analysis.lang is Lang.EN]
                issues.append(Issue(sheet, where, header, r.invoices, *ALREADY_SETTLED))
                continue
            previous.at[i, "client_id"] = client
            if not r.client_name:
                previous.at[i, "client_name"] = ids.get(client, "")
            previous.at[i, "state"] = RowState.POSTED.value
            previous.at[i, "posted"] = pd.Timestamp(day)
            out.append(previous.iloc[i].to_dict())
    if waiting:
        issues.append(
            Issue(
                analysis.ledger.payments_sheet,
                None,
                "",
                blocked,
                f"{waiting} ligne(s) validée(s) non reportée(s) : la feuille est un tableau Excel "
                f"({blocked}) ; convertissez-le en plage (Création de tableau > Convertir en "
                "plage) puis actualisez",
                f"{waiting} confirmed row(s) not posted: the sheet is an Excel table "
                f"({blocked}); convert it to a range (Table Design > Convert to Range), then "
                "refresh",
            )
        )
    return pd.DataFrame(out, columns=previous.columns), rejected, issues


ALREADY_SETTLED = (
    "Factures déjà réglées : ce paiement a-t-il déjà été reporté (relevé importé deux fois) ? "
    "Vérifiez, ou videz Factures pour l'imputer aux plus anciennes (non reportée)",
    "Invoices already settled: was this payment posted before (a statement imported twice)? "
    "Check, or clear Invoices to apply it to the oldest (not posted)",
)


def _split_issue(split: Split, r: Any, analysis: Analysis, sheet: str, where: int | None) -> Issue:
    """Why a row confirmed with invoices of several clients (or unknown ones) is not posted."""
    money = analysis.formats.money_text
    fr, en = [], []
    for p in split.parts:
        fr.append(f"client {p.client_id} : {', '.join(p.invoices)} = {money(p.amount)}")
        en.append(f"client {p.client_id}: {', '.join(p.invoices)} = {money(p.amount)}")
    if split.unknown:
        fr.append(f"inconnue(s) : {', '.join(split.unknown)}")
        en.append(f"unknown: {', '.join(split.unknown)}")
    if split.shared:
        fr.append(f"facture(s) de plusieurs clients : {', '.join(split.shared)}")
        en.append(f"invoice(s) of several clients: {', '.join(split.shared)}")
    total, amount = money(split.total), money(abs(float(r.amount)))
    listed = (" ; ".join(fr), "; ".join(en))
    if r.client_id:
        c = r.client_id
        why = (
            f"Ligne validée pour le client {c}, ses factures ({listed[0]}) pas toutes de {c} : "
            "corrigez le client (videz-le pour un paiement par client) ou les factures",
            f"Row confirmed for client {c}, its invoices ({listed[1]}) not all {c}'s: correct "
            "the client (empty it for one payment per client) or the invoices",
        )
    elif total == amount:  # the sum is right: an invoice unknown, shared, or paid already
        why = (
            f"Ligne validée sans client, ses factures ({listed[0]}) ne se répartissent pas "
            "entre clients : corrigez les factures ou indiquez le client",
            f"Row confirmed without a client, its invoices ({listed[1]}) cannot be shared "
            "between clients: correct the invoices or give the client",
        )
    else:
        why = (
            f"Ligne validée sans client, ses factures ({listed[0]}) font {total}, pas {amount} : "
            "corrigez les factures ou indiquez le client",
            f"Row confirmed without a client, its invoices ({listed[1]}) make {total}, not "
            f"{amount}: correct the invoices or give the client",
        )
    return Issue(
        sheet,
        where,
        recon.HEADERS["invoices"][analysis.lang is Lang.EN],
        r.invoices,
        f"{why[0]} (non reportée)",
        f"{why[1]} (not posted)",
    )


def invoice_owners(analysis: Analysis):  # noqa: ANN202 - a small closure
    items = analysis.items
    index = ReferenceIndex(items["invoice"].astype(str).tolist())
    clients = items["client_id"].astype(str).tolist()

    def owner(text: str) -> str:
        found = {clients[p] for hit in index.find(str(text)) for p in hit}
        return found.pop() if len(found) == 1 else ""

    return owner


FEE_TEXT = ("Frais bancaires (écart toléré)", "Bank fee (within the tolerance)")


def with_fees(rows: pd.DataFrame, analysis: Analysis, tolerance: float) -> pd.DataFrame:
    """The rows to post, each followed by the bank fee it leaves when it pays the invoices it
    names less than their balance by no more than the tolerance (Paramètres' Tolérance frais
    bancaires): that gap posted beside it, named so, so that the invoices are settled and the
    client is not chased for the bank's fee (the README's promise: such a credit still
    matches). The gap counts as collected; delete its row in Paiements to chase it."""
    if rows.empty or tolerance <= 0:
        return rows
    items = analysis.items
    open_ = items["status"].isin(OPEN).to_numpy()
    balance = {
        (str(c), str(i)): float(b)
        for c, i, b, o in zip(
            items["client_id"], items["invoice"], items["balance"], open_, strict=True
        )
        if o
    }
    text = FEE_TEXT[analysis.lang is Lang.EN]
    out = []
    for r in rows.to_dict("records"):
        out.append(r)
        numbers = [x.strip() for x in str(r.get("invoices") or "").split(",") if x.strip()]
        owed = sum(balance.get((str(r["client_id"]), n), 0.0) for n in numbers)
        gap = round(owed - abs(float(r["amount"])), 2)
        if numbers and 0 < gap <= tolerance + 1e-9:
            out.append({**r, "amount": gap, "key": f"{r['key']}#frais", "description": text})
    return pd.DataFrame(
        out, columns=[*rows.columns, *(["description"] if "description" not in rows else [])]
    )


def with_payments(analysis: Analysis, rows: pd.DataFrame) -> Analysis:
    """The analysis once the confirmed rows are payments (in memory, before any write)."""
    ledger = analysis.ledger
    keys = dict(zip(ledger.clients["client_id"], ledger.clients["client_key"], strict=False))
    extra = pd.DataFrame(
        {
            "sheet": ledger.payments_sheet or "Paiements",
            "row": np.arange(1_000_000, 1_000_000 + len(rows), dtype=np.int64),
            "date": pd.to_datetime(rows["date"]).astype("datetime64[ns]"),
            "client_key": [keys.get(c, c) for c in rows["client_id"]],
            "client_id": rows["client_id"].astype(str).to_numpy(),
            "kind": EntryKind.PAYMENT.value,
            "amount": rows["amount"].astype(float).abs().to_numpy(),
            "label": rows["invoices"].astype(str).to_numpy(),
            "text": rows["invoices"].astype(str).to_numpy(),
            "closed": False,
        }
    )
    payments = extra if ledger.payments is None else pd.concat([ledger.payments, extra])
    return analyse_ledger(
        dataclasses.replace(ledger, payments=payments.reset_index(drop=True)),
        as_of=analysis.as_of,
        lang=analysis.lang,
    )


def write_book(
    src: Path,
    work: Path,
    rows: pd.DataFrame,
    to_post: pd.DataFrame,
    analysis: Analysis,
    source: SheetSource,
    issues: list[Issue],
) -> tuple[str, str]:
    """Rapprochement and (new) Paiements into `work`; the names the two sheets have there."""
    lang = analysis.lang
    ledger = analysis.ledger
    fm = analysis.formats  # the book's money and dates, as in every sheet arxl writes
    create = [] if ledger.payments_sheet or not len(to_post) else [recon.paiements_spec(lang, fm)]
    written = write_sheets(src, work, [recon.build(rows, analysis.as_of, lang, fm)], create)
    pay_sheet = ledger.payments_sheet or written.sheets.get("paiements", "")
    if len(to_post):
        columns, ref_col = payment_columns(source, ledger.payments_sheet)
        label = t("Virement", "Transfer", lang)
        cells = []
        for r in to_post.itertuples(index=False):
            values = {
                Field.DATE: (Kind.DATE, pd.Timestamp(r.date).date()),
                Field.CLIENT_ID: (Kind.TEXT, r.client_id),
                Field.NAME: (Kind.TEXT, r.client_name),
                Field.AMOUNT: (Kind.MONEY, abs(float(r.amount))),
                Field.REFERENCE: (Kind.TEXT, r.invoices),
                Field.DESCRIPTION: (Kind.TEXT, _libelle(r, label)),
            }
            if Field.REFERENCE not in columns:  # the invoice numbers must be read somewhere
                values[Field.DESCRIPTION] = (Kind.TEXT, f"{r.invoices} {label}".strip())
            row = [(columns[f], *v) for f, v in values.items() if f in columns]
            if ref_col is not None:
                row.append((ref_col, Kind.TEXT, r.key))
            cells.append(row)
        append_rows(work, work, pay_sheet, cells, fm)
    return written.sheets[recon.KEY], pay_sheet


def _text(value: object) -> str:
    """A cell's text, "" for an empty one (a missing value in a frame is NaN, not "")."""
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def _libelle(row: object, transfer: str) -> str:
    """A posted row's Libellé: the fee's name for a fee row, else the bank's label, else
    "Virement <payer>"."""
    said = _text(getattr(row, "description", "")) or _text(getattr(row, "label", ""))
    return said.strip() or f"{transfer} {_text(getattr(row, 'payer', ''))}".strip()


def payment_columns(source: SheetSource, sheet: str) -> tuple[dict[Field, int], int | None]:
    """0-based column of each field in the Paiements sheet (the one arxl creates if none),
    and of its Réf. banque column if it has one."""
    if not sheet:
        order = (Field.DATE, Field.CLIENT_ID, Field.NAME, Field.AMOUNT, Field.REFERENCE)
        return {f: i for i, f in enumerate((*order, Field.DESCRIPTION))}, len(order) + 1
    found, _ = locate(source, sheet, PAYMENTS, Layout())
    if found is None:
        return {Field.DATE: 0, Field.AMOUNT: 1, Field.REFERENCE: 2}, None
    names = {fold(w) for w in recon.BANK_REF}
    ref = next((i for i, c in enumerate(found.header_cells) if fold(c) in names), None)
    shift = found.first_col - 1
    return {f: shift + c for f, c in found.columns.items()}, None if ref is None else shift + ref


def posted_keys(source: SheetSource, sheet: str) -> set[str]:
    """The bank lines the Paiements sheet says its rows came from."""
    if not sheet:
        return set()
    frame, _ = read_table(source, sheet, {"key": recon.BANK_REF}, {})
    return set(frame["key"]) - {""} if "key" in frame else set()


def payments_table(source: SheetSource, sheet: str) -> str | None:
    """The name of the Excel table the Paiements sheet's payments are in, if they are."""
    if not sheet:
        return None
    found, _ = locate(source, sheet, PAYMENTS, Layout())
    return found.table if found is not None else None
