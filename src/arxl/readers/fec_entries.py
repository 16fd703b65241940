"""The entries of a FEC: cells, amounts, which entry a line belongs to, what its journal is, and
what each receivable line is (an invoice that is a sale or not, a payment, a credit note).
readers.fec reads the receivables with it; docs/fec.md lists the journal codes."""

from __future__ import annotations

import re
from enum import StrEnum

import numpy as np

from arxl.model import Issue
from arxl.readers import values as V
from arxl.readers.text import TextRows
from arxl.vocab import EntryKind, fold, fold_words

RECEIVABLE_PREFIX = "411"
CASH_PREFIX = "5"  # financial accounts: 512 bank, 53 cash, 58 internal transfers
SALES_PREFIXES = ("70", "4457")  # sales (706, 707, 709...) and output VAT (44571...)
# Sens as words (folded) or as a sign: "+1" / "-1" (fold would drop the minus), "1", "+", "-"
_DEBIT_SENS = frozenset(("d", "debit"))
_CREDIT_SENS = frozenset(("c", "credit"))
_SIGNS = {"+1": 1.0, "1": 1.0, "+": 1.0, "-1": -1.0, "-": -1.0}


class Journal(StrEnum):
    """What a journal holds, from its code or its label (docs/fec.md lists the packages)."""

    SALES = "sales"
    BANK = "bank"  # bank and cash
    MISC = "misc"  # opérations diverses
    OPENING = "opening"  # à-nouveaux
    OTHER = "other"  # purchases, payroll, anything else


# Journal codes as the major French packages name them (Sage, Cegid, EBP, Odoo, Dolibarr,
# Pennylane, Tiime...), with an optional number (BQ1, BNK2, VT01); then words of the label.
_JOURNAL_CODES = (
    (Journal.SALES, r"VE|VT|VTE|VEN|VENT|VENTE|VENTES|V|INV|FAC|FACT|SAL|SALE|SALES"),
    (
        Journal.BANK,
        r"BQ|BQE|BK|BNK|BAN|BANQ|BANK|BANQUE|CA|CAI|CAIS|CAISSE|CSH|CASH|CS|CB|CHQ|LCR|REG|"
        r"TRE|TRESO|BEU|BNP|SG|CIC|LCL|CE|BP|CCP|LBP|CM|CIO|HSBC|QONTO|SHINE|STRIPE|PAYPAL",
    ),
    (Journal.MISC, r"OD|ODS|OPD|MISC|DIV|DIVERS|EXT"),
    (Journal.OPENING, r"AN|RAN|ANO|ANX|OUV|OUVERTURE|REPORT"),
)
_CODE_PATTERNS = tuple(
    (kind, re.compile(rf"^(?:{codes})[-_ ]?[0-9]*$")) for kind, codes in _JOURNAL_CODES
)
_JOURNAL_WORDS = (
    (Journal.OPENING, ("a nouveau", "a nouveaux", "report a nouveau", "ouverture", "opening")),
    (Journal.BANK, ("banque", "banques", "bank", "caisse", "cash", "tresorerie", "reglements")),
    (Journal.SALES, ("vente", "ventes", "sales", "factures clients", "customer invoices")),
    (Journal.MISC, ("operations diverses", "divers", "miscellaneous", "misc")),
)


def journal_kind(code: str, label: str = "") -> Journal:
    """The kind of a journal: from its code (VE, BQ1, OD, AN, BNK1...), else its label."""
    key = code.strip().upper()
    for kind, pattern in _CODE_PATTERNS:
        if key and pattern.match(key):
            return kind
    words = f" {fold_words(label)} "
    for kind, names in _JOURNAL_WORDS:
        if any(f" {w} " in words for w in names):
            return kind
    return Journal.OTHER


def cells(rows: list[list[str]], c: int | None) -> list[str]:
    if c is None:
        return [""] * len(rows)
    return [r[c].strip() if c < len(r) else "" for r in rows]


def amounts(rows: list[list[str]], cols: dict[str, int], name: str) -> tuple[np.ndarray, ...]:
    """(net, bad mask, raw text shown in Anomalies, column name)."""
    if "Debit" in cols:
        draw, craw = cells(rows, cols["Debit"]), cells(rows, cols["Credit"])
        debit, dbad = V.parse_amounts(draw, decimal=",")
        credit, cbad = V.parse_amounts(craw, decimal=",")
        net = np.nan_to_num(debit) - np.nan_to_num(credit)
        bad = dbad | cbad | (np.isnan(debit) & np.isnan(credit))
        raw = [f"{d} / {c}" for d, c in zip(draw, craw, strict=True)]
        return net, bad, np.array(raw, dtype=object)
    mraw, sraw = cells(rows, cols["Montant"]), cells(rows, cols["Sens"])
    amount, abad = V.parse_amounts(mraw, decimal=",")
    sign = np.array([_sign(s) for s in sraw])
    net = amount * sign
    bad = abad | np.isnan(net)
    raw = [f"{m} {s}" for m, s in zip(mraw, sraw, strict=True)]
    return net, bad, np.array(raw, dtype=object)


def _sign(text: str) -> float:
    """1.0 for a debit, -1.0 for a credit, NaN when the Sens cell says neither."""
    sign = _SIGNS.get("".join(text.split()))
    if sign is not None:
        return sign
    word = fold(text)
    return 1.0 if word in _DEBIT_SENS else -1.0 if word in _CREDIT_SENS else np.nan


def entry_keys(rows: list[list[str]], cols: dict[str, int]) -> list[tuple[str, str, str]]:
    """The entry of each line: journal and EcritureNum (numbered per journal in many
    packages), else journal, date and piece when EcritureNum is blank."""
    journal = cells(rows, cols.get("JournalCode"))
    num = cells(rows, cols.get("EcritureNum"))
    date = cells(rows, cols.get("EcritureDate"))
    piece = cells(rows, cols.get("PieceRef"))
    return [
        (j, n, "") if n else (j, d, p) for j, n, d, p in zip(journal, num, date, piece, strict=True)
    ]


def classify(
    rows: list[list[str]],
    cols: dict[str, int],
    account: list[str],
    debit_rows: list[int],
    credit_rows: list[int],
) -> tuple[dict[int, EntryKind], set[int]]:
    """What each receivable line is, from its entry and journal (positions in `rows`):
    (payment or credit note for each credit line, the debit lines that are sales).

    A credit is a payment when its journal is a bank or cash journal or its entry touches a 5xx
    account; else a credit note when its entry debits a sales (70x) or output VAT (4457x)
    account, or when it is in a sales journal and its entry has no line outside 411 (an export
    that left the other lines out); else a payment (miscellaneous, opening and any other
    entries, and a sales-journal entry that moves a credit between 411 and another account, are
    not sales). A debit is a sale when its entry credits 70x or 4457x, or it is in a sales
    journal without a 5xx line, or in an opening entry (last year's invoices); a debit in a bank
    entry (a refund paid out) or a miscellaneous one (a transfer between clients) is not."""
    if not credit_rows and not debit_rows:
        return {}, set()
    keys = entry_keys(rows, cols)
    wanted = {keys[i] for i in (*credit_rows, *debit_rows)}
    cash: set[tuple[str, str, str]] = set()
    others: set[tuple[str, str, str]] = set()  # entries with a line outside 411, 5xx, 70x
    sales_lines = []
    for i, (k, a) in enumerate(zip(keys, account, strict=True)):
        if k not in wanted:
            continue
        if a.startswith(CASH_PREFIX):
            cash.add(k)
        elif a.startswith(SALES_PREFIXES):
            sales_lines.append(i)
        elif not a.startswith(RECEIVABLE_PREFIX):
            others.add(k)
    debited: set[tuple[str, str, str]] = set()  # a sale reversed: a credit note
    credited: set[tuple[str, str, str]] = set()  # a sale
    if sales_lines:
        net, _, _ = amounts([rows[i] for i in sales_lines], cols, "")
        for i, v in zip(sales_lines, net.tolist(), strict=True):
            if v > 0:
                debited.add(keys[i])
            elif v < 0:
                credited.add(keys[i])
    memo: dict[tuple[str, str], Journal] = {}

    def journal(positions: list[int]) -> list[Journal]:
        codes = cells([rows[i] for i in positions], cols.get("JournalCode"))
        labels = cells([rows[i] for i in positions], cols.get("JournalLib"))
        out = []
        for j, lab in zip(codes, labels, strict=True):
            jk = memo.get((j, lab))
            if jk is None:
                jk = memo[(j, lab)] = journal_kind(j, lab)
            out.append(jk)
        return out

    kinds: dict[int, EntryKind] = {}
    for i, jk in zip(credit_rows, journal(credit_rows), strict=True):
        k = keys[i]
        if jk is Journal.BANK or k in cash:
            kinds[i] = EntryKind.PAYMENT
        elif k in debited or (jk is Journal.SALES and k not in others):
            kinds[i] = EntryKind.CREDIT
        else:
            kinds[i] = EntryKind.PAYMENT
    sales = {
        i
        for i, jk in zip(debit_rows, journal(debit_rows), strict=True)
        if keys[i] in credited
        or jk is Journal.OPENING
        or (jk is Journal.SALES and keys[i] not in cash)
    }
    return kinds, sales


def left_out_lines(text: TextRows, issues: list[Issue], name: str) -> list[tuple]:
    """The 411 lines left out (unreadable date or amount) as the file has them, with why."""
    gone = [i for i in issues if i.message_en.endswith("(line left out)") and i.row is not None]
    if not gone:
        return []
    row_at = dict(zip(text.lines, text.rows, strict=True))
    rows = [(i.row, list(row_at.get(i.row, [])), i.message_fr, i.message_en) for i in gone]
    return [(name, list(text.rows[0]), rows)]
