"""`arxl aging` in a terminal (cli/printed.py, reports/export.aging_table): the book's
language and number style, the open invoices unless --all, a total, and columns that fit."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_workbook

from arxl.cli import main

d = dt.date
CLIENTS = [
    [1, "Dupont SARL", "", "", "", 30],
    [2, "Société Générale des Travaux Publics et Privés du Grand Ouest", "", "", "", 30],
]
TRANSACTIONS = [
    [d(2025, 9, 1), 1, "FA-2025-0001", 1000, "Payé", "", d(2025, 9, 20), d(2025, 9, 20)],
    [d(2025, 10, 1), 1, "FA-2025-0002", 12345.5, "En attente"],
    [d(2025, 11, 20), 2, "FA-2025-0003", 1234567.89, "En attente"],
]
AS_OF = ("--as-of", "2025-12-31")


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workbook(
        tmp_path_factory.mktemp("aging") / "book.xlsx", clients=CLIENTS, transactions=TRANSACTIONS
    )


def aging(book: Path, *args: str, columns: int = 120) -> list[str]:
    result = CliRunner(env={"COLUMNS": str(columns)}).invoke(
        main, ["aging", str(book), *AS_OF, *args]
    )
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_open_invoices_only_by_default_in_french(book: Path) -> None:
    out = "\n".join(aging(book))
    assert "Balance âgée au 2025-12-31 – factures ouvertes" in out
    assert "FA-2025-0001" not in out  # paid
    assert "FA-2025-0002" in out and "FA-2025-0003" in out
    assert "12\u00a0345,50" in out and "1\u00a0234\u00a0567,89" in out
    assert "Échéance" in out and "2025-10-31" in out  # the book's date cells (yyyy-mm-dd)


def test_all_lists_the_paid_ones_and_the_total_adds_up(book: Path) -> None:
    lines = aging(book, "--all")
    out = "\n".join(lines)
    assert "FA-2025-0001" in out and "toutes les factures" in out
    total = [line for line in lines if line.strip().startswith("Total")]
    assert len(total) == 1
    assert "3 factures" in total[0]
    assert "1\u00a0247\u00a0913,39" in total[0]  # amounts: 1 000 + 12 345,50 + 1 234 567,89
    assert "1\u00a0246\u00a0913,39" in total[0]  # balances: the paid one is 0
    open_total = [line for line in aging(book) if line.strip().startswith("Total")][0]
    assert "2 factures" in open_total and "1\u00a0246\u00a0913,39" in open_total


def test_english_labels_and_numbers(book: Path) -> None:
    out = "\n".join(aging(book, "--lang", "en"))
    assert "Aging as of 2025-12-31 – open invoices" in out
    assert "Balance" in out and "1,234,567.89" in out


@pytest.mark.parametrize("columns", [80, 100])
def test_columns_fit_the_terminal_and_numbers_are_never_cut(book: Path, columns: int) -> None:
    for args in ((), ("--by", "client")):
        lines = aging(book, *args, columns=columns)
        assert max(len(line) for line in lines) <= columns, args
        out = "\n".join(lines)
        assert "1\u00a0234\u00a0567,89" in out, args  # the long amount whole
        assert "Société Gén" in out  # the long name shortened, not dropped


def test_client_table_has_a_total(book: Path) -> None:
    lines = aging(book, "--by", "client")
    total = [line for line in lines if line.strip().startswith("Total")]
    assert len(total) == 1 and total[0].rstrip().endswith("1\u00a0246\u00a0913,39")


def _amounts(line: str) -> list[float]:
    found = re.findall(r"-?\d{1,3}(?:[ \u00a0\u202f]\d{3})*,\d\d", line)
    return [float(re.sub(r"[ \u00a0\u202f]", "", x).replace(",", ".")) for x in found]


def test_a_narrow_terminal_groups_the_emptiest_buckets_first(book: Path) -> None:
    """When amount columns must go, the empty buckets go before those that hold money (the
    big invoice at 1-30 days, Dupont's at 61-90 stay; Non échu, 31-60 and 91+ go first),
    and then the smallest: never the net balance. They are summed in one column "Autres", so
    that each row still adds up to its net balance (a client owing only at 61-90 days showed
    zeros everywhere but its net balance)."""
    lines = aging(book, "--by", "client", columns=72)
    header = next(line for line in lines if "Solde net" in line)
    at = next(k for k, line in enumerate(lines) if line.strip().startswith("Autres :"))
    caption = " ".join(" ".join(lines[at:]).split())  # the caption may wrap
    assert "1-30 j" in header and "61-90 j" in header and "Autres" in header
    for empty in ("Non échu", "31-60 j", "91 j et +"):
        assert empty in caption and empty not in header
    rows = [ln for ln in lines if re.search(r"\d,\d\d$", ln.rstrip())]
    assert len(rows) > 2
    for line in rows:  # each row (and the total) adds up to its net balance
        *parts, net = _amounts(line)[-4:]
        assert abs(sum(parts) - net) < 0.005, line
    narrow = aging(book, "--by", "client", columns=50)
    header = next(line for line in narrow if "Solde net" in line)
    assert "Autres" in header and "61-90 j" not in header


def test_a_narrow_terminal_keeps_the_oldest_bucket_and_the_credits(tmp_path: Path) -> None:
    """91 days and more is what matters most, and the credits are what the net balance is net
    of: when they hold money they are the last amounts left out, even when others hold more."""
    d = dt.date
    tx = [
        [d(2025, 12, 20), 1, "F-1", 5000, "En attente"],  # current
        [d(2025, 11, 15), 1, "F-2", 4000, "En attente"],  # 1-30
        [d(2025, 8, 1), 1, "F-3", 300, "En attente"],  # 91+
        [d(2025, 12, 2), 2, "AV-1", -3500, "Avoir"],  # 500 left once F-4 is settled
        [d(2025, 10, 20), 2, "F-4", 3000, "En attente"],  # 31-60
    ]
    path = make_workbook(tmp_path / "b.xlsx", clients=CLIENTS, transactions=tx)
    lines = aging(path, "--by", "client", columns=66)
    header = next(line for line in lines if "Solde net" in line)
    assert "91 j et +" in header and "Crédits" in header
    assert "Autres :" in " ".join(lines)
