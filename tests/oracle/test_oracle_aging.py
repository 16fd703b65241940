"""Oracle tests for `arxl aging`: the CLI's CSV is compared with an independent recomputation
(`reference.py`) of the issue's rules on owner-style workbooks.

Tests named `test_reference_*` / `test_generator_*` check the oracle itself and do not need the
engine; the others run `python -m arxl aging ...` in a subprocess.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from .reference import (
    BUCKETS,
    CLIENT_HEADER,
    HEADERS,
    INVOICE_HEADER,
    MINIMAL_TX_FIELDS,
    OUTPUT_STATUSES,
    TX_FIELDS,
    Client,
    Ledger,
    Txn,
    canonical_id,
    compare_by_client,
    compare_by_invoice,
    decode_own_amount,
    decode_own_date,
    expected_by_client,
    expected_by_invoice,
    make_ledger_workbook,
    parse_csv,
    write_ledger_workbook,
)

D = dt.date
DAY = dt.timedelta(days=1)

# --------------------------------------------------------------------------------------
# Running the CLI
# --------------------------------------------------------------------------------------


def _fingerprint(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), st.st_mtime_ns, st.st_size


def run_aging(
    path: Path, as_of: dt.date, by: str
) -> tuple[list[str], list[dict[str, str]], subprocess.CompletedProcess[str]]:
    before = _fingerprint(path)
    cmd = [
        sys.executable,
        "-m",
        "arxl",
        "aging",
        str(path),
        "--as-of",
        as_of.isoformat(),
        "--format",
        "csv",
        "--by",
        by,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", timeout=120)
    where = f"`{' '.join(cmd[2:])}`"
    assert proc.returncode == 0, (
        f"{where} exited {proc.returncode}\nstderr:\n{proc.stderr[-3000:]}\n"
        f"stdout:\n{proc.stdout[:1000]}"
    )
    assert _fingerprint(path) == before, f"{where} modified the workbook (aging is read-only)"
    header, rows = parse_csv(proc.stdout)
    want = INVOICE_HEADER if by == "invoice" else CLIENT_HEADER
    assert header == want, f"{where}: header {header!r}, expected {want!r}"
    return header, rows, proc


def check_by_invoice(path: Path, ledger: Ledger, as_of: dt.date) -> None:
    expected = expected_by_invoice(ledger.records, ledger.clients, as_of)
    _, rows, proc = run_aging(path, as_of, "invoice")
    problems = compare_by_invoice(rows, expected, ledger.records)
    assert not problems, (
        f"aging --by invoice --as-of {as_of} on {path.name}:\n"
        + "\n".join(problems)
        + f"\nstderr tail:\n{proc.stderr[-1500:]}"
    )


def check_by_client(
    path: Path, ledger: Ledger, as_of: dt.date, require_unknown_clients: bool = False
) -> None:
    expected = expected_by_client(ledger.records, ledger.clients, as_of)
    _, rows, proc = run_aging(path, as_of, "client")
    problems = compare_by_client(rows, expected, require_unknown_clients)
    assert not problems, (
        f"aging --by client --as-of {as_of} on {path.name}:\n"
        + "\n".join(problems)
        + f"\nstderr tail:\n{proc.stderr[-1500:]}"
    )


def assert_reference(expected: list[dict[str, Any]], hand: dict[str, dict[str, Any]]) -> None:
    """The oracle agrees with a hand-written table (invoice -> subset of fields)."""
    got = {r["invoice"]: r for r in expected}
    assert list(got) == list(hand), f"invoices {list(got)} != {list(hand)}"
    for inv, fields in hand.items():
        for f, v in fields.items():
            actual = got[inv][f]
            if isinstance(v, float):
                assert abs(actual - v) < 1e-9, (inv, f, actual, v)
            else:
                assert actual == v, (inv, f, actual, v)


# --------------------------------------------------------------------------------------
# Random ledgers
# --------------------------------------------------------------------------------------

# (seed, layout, lang, title_rows, text_values, bad_rows, n_invoices)
RANDOM_CASES = [
    (11, "minimal", "fr", 0, True, True, 250),
    (12, "minimal", "en", 2, True, True, 250),
    (13, "rich", "fr", 1, True, True, 300),
    (14, "rich", "en", 0, True, True, 250),
    (21, "minimal", "fr", 3, True, True, 200),
    (22, "minimal", "en", 0, True, True, 200),
    (23, "rich", "fr", 0, True, True, 400),
    (24, "rich", "en", 9, True, True, 200),
    (31, "rich", "fr", 0, False, False, 200),
    (32, "minimal", "en", 4, False, True, 200),
]


def _case_id(case: tuple) -> str:
    seed, layout, lang, title, text, bad, n = case
    return f"s{seed}-{layout}-{lang}-t{title}{'-text' if text else '-clean'}{'-bad' if bad else ''}"


def as_of_for(ledger: Ledger, label: str) -> dt.date:
    dates = sorted(t.date for t in ledger.records if t.valid)  # type: ignore[type-var]
    if label == "early":  # an actual invoice date: half the invoices are after it
        return dates[len(dates) // 2]
    if label == "mid":
        return dates[int(len(dates) * 0.8)]
    if label == "late":
        return dates[-1] + 20 * DAY
    if label == "before_all":
        return dates[0] - DAY
    raise ValueError(label)


@pytest.fixture(scope="module")
def random_ledger(tmp_path_factory):
    cache: dict[tuple, tuple[Path, Ledger]] = {}

    def get(case: tuple) -> tuple[Path, Ledger]:
        if case not in cache:
            seed, layout, lang, title, text, bad, n = case
            path = tmp_path_factory.mktemp("ledgers") / f"{_case_id(case)}.xlsx"
            ledger = make_ledger_workbook(
                path,
                random.Random(seed),
                n,
                layout=layout,
                lang=lang,
                text_values=text,
                bad_rows=bad,
                title_rows=title,
            )
            cache[case] = (path, ledger)
        return cache[case]

    return get


@pytest.mark.parametrize("case", RANDOM_CASES, ids=_case_id)
def test_generator_writes_what_it_claims(random_ledger, case):
    """Self-check of the generator: the workbook opens in openpyxl and each row decodes (with a
    tiny decoder for exactly the forms we write) to the ground truth."""
    path, ledger = random_ledger(case)
    _, layout, lang, title, text, bad, n = case
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Clients", "Transactions"]
    ws = wb["Transactions"]
    fields = TX_FIELDS if layout == "rich" else MINIMAL_TX_FIELDS
    header = [c.value for c in ws[title + 1]]
    assert header == [HEADERS[lang]["tx"][f] for f in fields]
    ws_c = wb["Clients"]
    for c in ledger.clients.values():
        assert canonical_id(ws_c.cell(row=c.row, column=1).value) == c.client_id
        assert ws_c.cell(row=c.row, column=2).value == c.name
    n_rows = 0
    for t in ledger.records:
        cells = {f: ws.cell(row=t.row, column=j).value for j, f in enumerate(fields, start=1)}
        assert canonical_id(cells["client"]) == t.client_id
        assert cells["invoice"] == t.invoice
        if t.valid:
            n_rows += 1
            assert decode_own_date(cells["date"]) == t.date, (t.row, cells)
            assert abs(decode_own_amount(cells["amount"]) - t.amount) < 1e-9, (t.row, cells)
            if layout == "rich":
                assert decode_own_date(cells["due"]) == t.due
                assert decode_own_date(cells["pay_date"]) == t.pay_date
                got_paid = decode_own_amount(cells["paid"])
                assert (got_paid is None) == (t.amount_paid is None)
        else:
            assert decode_own_date(cells["date"]) is None or (
                decode_own_amount(cells["amount"]) is None
            ), (t.row, cells)
    assert n_rows == sum(t.valid for t in ledger.records)
    assert n_rows >= n
    if bad:
        kinds = {t.anomaly for t in ledger.records if t.anomaly}
        assert {"bad_date", "missing_date", "bad_amount", "missing_amount"} <= kinds
        assert {"unknown_client", "duplicate_invoice"} <= kinds


@pytest.mark.parametrize("case", RANDOM_CASES[:4], ids=_case_id)
def test_generator_covers_interesting_as_of(random_ledger, case):
    """The 'early' as-of date falls before some invoice dates, and (rich) before some payment
    dates of invoices already issued; every output status and bucket shows up somewhere."""
    _, ledger = random_ledger(case)
    early = as_of_for(ledger, "early")
    valid = [t for t in ledger.records if t.valid]
    assert any(t.date > early for t in valid)
    assert any(t.date == early for t in valid)
    if ledger.layout == "rich":
        assert any(t.date <= early < t.pay_date for t in valid if t.pay_date is not None)
    statuses, buckets, levels = set(), set(), set()
    for label in ("early", "mid", "late"):
        for r in expected_by_invoice(ledger.records, ledger.clients, as_of_for(ledger, label)):
            statuses.add(r["status"])
            buckets.add(r["bucket"])
            levels.add(r["reminder_level"])
    assert statuses == set(OUTPUT_STATUSES)
    assert set(BUCKETS) <= buckets
    assert {1, 2, 3, 4} <= levels


INVOICE_RUNS = [(c, lab) for c in RANDOM_CASES for lab in ("early", "late")] + [
    (c, "mid") for c in RANDOM_CASES[1:3]
]
CLIENT_RUNS = [(c, "early") for c in RANDOM_CASES[:3]] + [(c, "late") for c in RANDOM_CASES[3:]]


@pytest.mark.parametrize(
    ("case", "label"), INVOICE_RUNS, ids=[f"{_case_id(c)}-{lab}" for c, lab in INVOICE_RUNS]
)
def test_random_ledger_by_invoice(random_ledger, case, label):
    path, ledger = random_ledger(case)
    check_by_invoice(path, ledger, as_of_for(ledger, label))


@pytest.mark.parametrize(
    ("case", "label"), CLIENT_RUNS, ids=[f"{_case_id(c)}-{lab}" for c, lab in CLIENT_RUNS]
)
def test_random_ledger_by_client(random_ledger, case, label):
    path, ledger = random_ledger(case)
    check_by_client(path, ledger, as_of_for(ledger, label))


def test_as_of_before_every_invoice(random_ledger):
    path, ledger = random_ledger(RANDOM_CASES[2])
    as_of = as_of_for(ledger, "before_all")
    assert expected_by_invoice(ledger.records, ledger.clients, as_of) == []
    _, rows, _ = run_aging(path, as_of, "invoice")
    assert rows == []
    _, rows, _ = run_aging(path, as_of, "client")
    assert rows == []


def test_aging_is_read_only(random_ledger, tmp_path):
    """Neither mode touches the workbook nor leaves anything next to it."""
    src, ledger = random_ledger(RANDOM_CASES[3])
    path = tmp_path / "book.xlsx"
    path.write_bytes(src.read_bytes())
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    listing = sorted(os.listdir(tmp_path))
    before = _fingerprint(path)
    as_of = as_of_for(ledger, "mid")
    run_aging(path, as_of, "invoice")
    run_aging(path, as_of, "client")
    assert _fingerprint(path) == before
    assert sorted(os.listdir(tmp_path)) == listing


# --------------------------------------------------------------------------------------
# The seed guide's own two tables
# --------------------------------------------------------------------------------------


def _seed_guide(path: Path, text_dates: bool) -> Ledger:
    clients = [
        Client("1", "Dupont SARL", "123 Rue A", "0123456789", "dupont@example.com"),
        Client("2", "Martin & Fils", "456 Rue B", "0987654321", "martin@example.com"),
    ]
    txns = [
        Txn("Facture #001", "1", D(2023, 2, 1), 1000.0, "paid"),
        Txn("Facture #002", "2", D(2023, 2, 5), 500.0, "pending"),
    ]
    if text_dates:
        txns[0].raw["date"] = "01/02/2023"
        txns[1].raw["date"] = "05/02/2023"
    return write_ledger_workbook(path, clients, txns, layout="minimal", lang="fr")


_P1 = {
    "client_id": "1",
    "client_name": "Dupont SARL",
    "date": D(2023, 2, 1),
    "due_date": D(2023, 3, 3),
    "amount": 1000.0,
    "paid": 1000.0,
    "balance": 0.0,
    "status": "paid",
    "days_overdue": 0,
    "bucket": "",
    "reminder_level": None,
}
_P2 = {
    "client_id": "2",
    "client_name": "Martin & Fils",
    "date": D(2023, 2, 5),
    "due_date": D(2023, 3, 7),
    "amount": 500.0,
    "paid": 0.0,
    "balance": 500.0,
}
SEED_GUIDE = {
    D(2023, 2, 1): {"Facture #001": _P1},  # #002 is dated after the as-of date
    D(2023, 3, 7): {
        "Facture #001": _P1,
        "Facture #002": _P2
        | {"status": "pending", "days_overdue": 0, "bucket": "current", "reminder_level": 0},
    },
    D(2023, 3, 8): {
        "Facture #001": _P1,
        "Facture #002": _P2
        | {"status": "overdue", "days_overdue": 1, "bucket": "1-30", "reminder_level": 1},
    },
    D(2023, 6, 1): {
        "Facture #001": _P1,
        "Facture #002": _P2
        | {"status": "overdue", "days_overdue": 86, "bucket": "61-90", "reminder_level": 4},
    },
}


@pytest.mark.parametrize("as_of", list(SEED_GUIDE), ids=str)
def test_reference_seed_guide(tmp_path, as_of):
    ledger = _seed_guide(tmp_path / "guide.xlsx", text_dates=False)
    assert_reference(expected_by_invoice(ledger.records, ledger.clients, as_of), SEED_GUIDE[as_of])


SEED_GUIDE_RUNS = [(d, True) for d in SEED_GUIDE] + [(D(2023, 2, 1), False), (D(2023, 3, 8), False)]


@pytest.mark.parametrize(
    ("as_of", "text_dates"),
    SEED_GUIDE_RUNS,
    ids=[f"{d}-{'text' if t else 'excel'}-dates" for d, t in SEED_GUIDE_RUNS],
)
def test_seed_guide_by_invoice(tmp_path, as_of, text_dates):
    path = tmp_path / "guide.xlsx"
    ledger = _seed_guide(path, text_dates)
    check_by_invoice(path, ledger, as_of)


@pytest.mark.parametrize("as_of", [D(2023, 3, 7), D(2023, 3, 8)], ids=str)
def test_seed_guide_by_client(tmp_path, as_of):
    path = tmp_path / "guide.xlsx"
    ledger = _seed_guide(path, text_dates=True)
    expected = expected_by_client(ledger.records, ledger.clients, as_of)
    bucket = "current" if as_of == D(2023, 3, 7) else "1-30"
    assert list(expected) == ["2"] and expected["2"][bucket] == 500.0
    assert expected["2"]["total"] == 500.0
    check_by_client(path, ledger, as_of)


# --------------------------------------------------------------------------------------
# Boundaries around the due date
# --------------------------------------------------------------------------------------

AS_OF = D(2026, 3, 15)

# k = as_of - due (negative: due in -k days) -> (status, days_overdue, bucket, reminder_level)
DAY_TABLE: dict[int, tuple[str, int, str, int | None]] = {
    -30: ("pending", 0, "current", None),
    -6: ("pending", 0, "current", None),
    -5: ("pending", 0, "current", 0),
    -1: ("pending", 0, "current", 0),
    0: ("pending", 0, "current", 0),  # due today
    1: ("overdue", 1, "1-30", 1),
    14: ("overdue", 14, "1-30", 1),
    15: ("overdue", 15, "1-30", 2),
    29: ("overdue", 29, "1-30", 2),
    30: ("overdue", 30, "1-30", 3),
    31: ("overdue", 31, "31-60", 3),
    44: ("overdue", 44, "31-60", 3),
    45: ("overdue", 45, "31-60", 4),
    46: ("overdue", 46, "31-60", 4),
    60: ("overdue", 60, "31-60", 4),
    61: ("overdue", 61, "61-90", 4),
    90: ("overdue", 90, "61-90", 4),
    91: ("overdue", 91, "91+", 4),
    400: ("overdue", 400, "91+", 4),
}


def _boundary_ledger(path: Path, layout: str, lang: str) -> tuple[Ledger, dict]:
    clients = [Client("7", "Garage Moreau"), Client("8", "Café de la Gare")]
    txns: list[Txn] = []
    hand: dict[str, dict[str, Any]] = {}
    for i, (k, (status, days, bucket, level)) in enumerate(DAY_TABLE.items()):
        due = AS_OF - k * DAY
        inv = f"B-{i:02d} k={k}"
        if layout == "minimal":  # due = date + 30 (no terms column)
            t = Txn(inv, "7", due - 30 * DAY, 100.0 + i, "pending")
        else:  # explicit Échéance; typed "En retard" even when not due yet
            t = Txn(inv, "8", AS_OF - 100 * DAY, 100.0 + i, "overdue", due=due)
        txns.append(t)
        hand[inv] = {
            "due_date": due,
            "status": status,
            "days_overdue": days,
            "bucket": bucket,
            "reminder_level": level,
            "balance": 100.0 + i,
        }
    # dated on the as-of date: included; dated the day after: left out
    txns.append(Txn("B-on", "7", AS_OF, 10.0, "pending"))
    hand["B-on"] = {"status": "pending", "bucket": "current", "reminder_level": None}
    txns.append(Txn("B-after", "7", AS_OF + DAY, 10.0, "pending"))
    return write_ledger_workbook(path, clients, txns, layout=layout, lang=lang), hand


@pytest.mark.parametrize(("layout", "lang"), [("minimal", "fr"), ("rich", "en")])
def test_reference_due_boundaries(tmp_path, layout, lang):
    ledger, hand = _boundary_ledger(tmp_path / "b.xlsx", layout, lang)
    assert_reference(expected_by_invoice(ledger.records, ledger.clients, AS_OF), hand)


@pytest.mark.parametrize(("layout", "lang"), [("minimal", "fr"), ("rich", "en")])
def test_due_boundaries(tmp_path, layout, lang):
    path = tmp_path / "b.xlsx"
    ledger, _ = _boundary_ledger(path, layout, lang)
    check_by_invoice(path, ledger, AS_OF)
    check_by_client(path, ledger, AS_OF)


# --------------------------------------------------------------------------------------
# Payment rules, paid to the cent, status precedence (rich layout)
# --------------------------------------------------------------------------------------


def _payments_ledger(path: Path) -> tuple[Ledger, dict]:
    clients = [Client("3", "Dupont SARL", terms=30), Client("4", "Martin & Fils", terms=30)]
    due_past = AS_OF - 40 * DAY  # 40 days overdue when open
    due_soon = AS_OF + 3 * DAY
    due_later = AS_OF + 10 * DAY

    def tx(inv, status, *, amount=100.0, due=due_past, pay=None, paid=None, cid="3") -> Txn:
        return Txn(
            inv, cid, due - 30 * DAY, amount, status, due=due, pay_date=pay, amount_paid=paid
        )

    txns = [
        # paid to the cent
        tx("C-0.004", "partial", paid=99.996),
        tx("C-0.006", "partial", paid=99.994),
        tx("C-amt-0.004", "partial", amount=100.004, paid=100.0),
        tx("C-amt-0.006", "partial", amount=100.006, paid=100.0),
        tx("C-paid-status-short", "paid", paid=99.994),
        # payment dates and the as-of date
        tx("P-after", "paid", pay=AS_OF + DAY),
        tx("P-after-with-amount", "paid", pay=AS_OF + DAY, paid=100.0),
        tx("P-on", "paid", pay=AS_OF),
        tx("P-pending-with-date", "pending", pay=AS_OF - 3 * DAY),
        tx("P-pending-partial", "pending", pay=AS_OF - 3 * DAY, paid=40.0),
        tx("P-partial-no-date", "partial", paid=30.0),
        tx("P-partial-nothing", "partial"),
        tx("P-paid-zero", "paid", paid=0.0),
        # precedence
        tx("S-disputed", "disputed", cid="4"),
        tx("S-disputed-paid", "disputed", paid=100.0, cid="4"),
        tx("S-written-off-paid", "written_off", paid=100.0),
        tx("S-written-off", "written_off", paid=25.0),
        tx("S-late-typed-not-due", "overdue", due=due_later),
        tx("S-late-typed-soon", "overdue", due=due_soon),
        tx("S-pending-typed-late", "pending"),
        tx("S-blank-status", ""),
        tx("S-disputed-not-due", "disputed", due=due_soon, cid="4"),
    ]
    open40 = {"status": "overdue", "days_overdue": 40, "bucket": "31-60", "reminder_level": 3}
    paid = {"status": "paid", "days_overdue": 0, "bucket": "", "reminder_level": None}
    hand = {
        "C-0.004": paid | {"paid": 99.996},
        "C-0.006": open40 | {"paid": 99.994},
        "C-amt-0.004": paid | {"paid": 100.0},
        "C-amt-0.006": open40 | {"paid": 100.0},
        "C-paid-status-short": open40 | {"paid": 99.994},
        "P-after": open40 | {"paid": 0.0, "balance": 100.0},
        "P-after-with-amount": open40 | {"paid": 0.0},
        "P-on": paid | {"paid": 100.0, "balance": 0.0},
        "P-pending-with-date": paid | {"paid": 100.0},
        "P-pending-partial": open40 | {"paid": 40.0, "balance": 60.0},
        "P-partial-no-date": open40 | {"paid": 30.0, "balance": 70.0},
        "P-partial-nothing": open40 | {"paid": 0.0},
        "P-paid-zero": open40 | {"paid": 0.0},
        "S-disputed": {"status": "disputed", "days_overdue": 40, "bucket": "31-60"}
        | {"reminder_level": None},
        "S-disputed-paid": paid,
        "S-written-off-paid": {"status": "written_off", "days_overdue": 0, "bucket": ""}
        | {"reminder_level": None, "balance": 0.0},
        "S-written-off": {"status": "written_off", "days_overdue": 0, "bucket": ""}
        | {"reminder_level": None, "paid": 25.0, "balance": 75.0},
        "S-late-typed-not-due": {"status": "pending", "days_overdue": 0, "bucket": "current"}
        | {"reminder_level": None},
        "S-late-typed-soon": {"status": "pending", "days_overdue": 0, "bucket": "current"}
        | {"reminder_level": 0},
        "S-pending-typed-late": open40,
        "S-blank-status": open40,
        "S-disputed-not-due": {"status": "disputed", "days_overdue": 0, "bucket": "current"}
        | {"reminder_level": None},
    }
    return write_ledger_workbook(path, clients, txns, layout="rich", lang="fr"), hand


def test_reference_payments(tmp_path):
    ledger, hand = _payments_ledger(tmp_path / "p.xlsx")
    assert_reference(expected_by_invoice(ledger.records, ledger.clients, AS_OF), hand)


def test_payments_and_precedence(tmp_path):
    path = tmp_path / "p.xlsx"
    ledger, _ = _payments_ledger(path)
    check_by_invoice(path, ledger, AS_OF)
    check_by_client(path, ledger, AS_OF)


# --------------------------------------------------------------------------------------
# Due date sources, client ids, bad rows, duplicates (rich, text values, title rows)
# --------------------------------------------------------------------------------------


def _messy_ledger(path: Path) -> tuple[Ledger, dict, dt.date]:
    clients = [
        Client("12", "Boulangerie Lefèvre", terms=45, raw={"id": " 12 "}),
        Client("13", "Éts Rousseau", terms=None, raw={"id": "13"}),
        Client("14", "Hôtel des Pins", terms=0, raw={"id": 14.0}),
    ]
    d0 = D(2026, 2, 1)
    txns = [
        Txn("M-terms45", "12", d0, 1234.56, "pending", raw={"client": 12.0}),
        Txn("M-terms-blank", "13", d0, 10.0, "pending", raw={"client": "13.0"}),
        Txn("M-terms0", "14", d0, 10.0, "pending", raw={"client": " 14"}),
        Txn("M-unknown", "777", d0, 10.0, "pending", raw={"client": 777}),
        Txn("M-echeance", "12", d0, 10.0, "pending", due=D(2026, 3, 20), raw={"due": "20/03/2026"}),
        Txn("M-dup", "12", d0, 20.0, "pending"),
        Txn("M-dup", "13", d0 + DAY, 30.0, "paid"),
        # French text amounts with the various spaces, text dates in both forms
        Txn("M-fr1", "13", d0, 1234.56, "pending", raw={"amount": "1\u202f234,56\u00a0€"}),
        Txn("M-fr2", "13", d0, 1234.56, "pending", raw={"amount": "1\u00a0234,56 €"}),
        Txn(
            "M-fr3", "13", d0, 1234.5, "pending", raw={"amount": "1 234,50€", "date": "01/02/2026"}
        ),
        Txn(
            "M-iso", "13", d0, 7.0, "pending", raw={"date": "2026-02-01", "status": "EN ATTENTE  "}
        ),
        Txn("M-partial", "12", d0, 100.0, "partial", amount_paid=60.0, raw={"paid": "60,00 €"}),
        Txn("M-million", "13", d0, 1234567.89, "paid", raw={"amount": "1 234 567,89 €"}),
        Txn("M-leap", "13", D(2024, 2, 29), 5.0, "pending", raw={"date": "29/02/2024"}),
        # bad rows: left out entirely
        Txn("X-bad-date", "12", None, 10.0, "pending", raw={"date": "31/02/2026"}),
        Txn("X-demain", "12", None, 10.0, "pending", raw={"date": "demain"}),
        Txn("X-not-leap", "12", None, 10.0, "pending", raw={"date": "29/02/2025"}),
        Txn("X-iso-bad", "12", None, 10.0, "pending", raw={"date": "2026-02-30"}),
        Txn("X-no-date", "12", None, 10.0, "pending"),
        Txn("X-abc", "12", d0, None, "pending", raw={"amount": "abc"}),
        Txn("X-no-amount", "12", d0, None, "pending"),
    ]
    for t in txns:
        if t.invoice.startswith("X-"):
            t.anomaly = t.invoice
    as_of = D(2026, 3, 18)
    hand = {
        "M-terms45": {"client_id": "12", "due_date": D(2026, 3, 18), "reminder_level": 0}
        | {"client_name": "Boulangerie Lefèvre", "status": "pending", "amount": 1234.56},
        "M-terms-blank": {"client_id": "13", "due_date": D(2026, 3, 3), "status": "overdue"}
        | {"days_overdue": 15, "reminder_level": 2},
        "M-terms0": {"client_id": "14", "due_date": d0, "status": "overdue"}
        | {"days_overdue": 45, "bucket": "31-60", "reminder_level": 4},
        "M-unknown": {"client_id": "777", "client_name": "", "due_date": D(2026, 3, 3)},
        "M-echeance": {"due_date": D(2026, 3, 20), "status": "pending", "reminder_level": 0},
        "M-dup": {"client_id": "12", "amount": 20.0, "status": "pending"},
        "M-fr1": {"amount": 1234.56, "balance": 1234.56},
        "M-fr2": {"amount": 1234.56},
        "M-fr3": {"amount": 1234.5, "date": d0},
        "M-iso": {"date": d0, "status": "overdue"},
        "M-partial": {"paid": 60.0, "balance": 40.0, "status": "pending", "reminder_level": 0},
        "M-million": {"amount": 1234567.89, "paid": 1234567.89, "status": "paid"},
        "M-leap": {"date": D(2024, 2, 29), "due_date": D(2024, 3, 30), "bucket": "91+"},
    }
    ledger = write_ledger_workbook(path, clients, txns, layout="rich", lang="fr", title_rows=3)
    return ledger, hand, as_of


def test_reference_messy(tmp_path):
    ledger, hand, as_of = _messy_ledger(tmp_path / "m.xlsx")
    expected = expected_by_invoice(ledger.records, ledger.clients, as_of)
    assert [r["invoice"] for r in expected] == [
        "M-terms45",
        "M-terms-blank",
        "M-terms0",
        "M-unknown",
        "M-echeance",
        "M-dup",
        "M-dup",
        "M-fr1",
        "M-fr2",
        "M-fr3",
        "M-iso",
        "M-partial",
        "M-million",
        "M-leap",
    ]
    assert expected[6]["client_id"] == "13" and expected[6]["status"] == "paid"
    first = {}
    for r in expected:
        first.setdefault(r["invoice"], r)
    for inv, fields in hand.items():
        for f, v in fields.items():
            assert first[inv][f] == v, (inv, f, first[inv][f], v)


def test_messy_ledger(tmp_path):
    path = tmp_path / "m.xlsx"
    ledger, _, as_of = _messy_ledger(path)
    check_by_invoice(path, ledger, as_of)
    check_by_client(path, ledger, as_of)
