"""The command line: exit codes, the one-line errors, and files left untouched."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_workbook, sheet_values

from arxl.cli import main
from arxl.vocab import Field

CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_refresh_writes_sheets(seed_book: Path) -> None:
    code, out, err = run("refresh", str(seed_book), "--as-of", "2023-03-31")
    assert code == 0, err
    assert "Suivi, Balance âgée, Tableau croisé, Relances, Pénalités, Anomalies, Paramètres" in out
    aged = sheet_values(seed_book, "Balance âgée")
    assert aged[0] == [
        "ID Client",
        "Client",
        "Non échu",
        "1-30 j",
        "31-60 j",
        "61-90 j",
        "91 j et +",
        "Total factures",
        "Avoirs et crédits non lettrés",
        "Solde net",
    ]
    assert aged[1] == ["2", "Martin & Fils", "", 500.0, "", "", "", 500.0, "", 500.0]
    assert aged[2][1:] == ["Total", 0.0, 500.0, 0.0, 0.0, 0.0, 500.0, 0.0, 500.0]


def test_refresh_out_leaves_book_alone(seed_book: Path, tmp_path: Path) -> None:
    before = digest(seed_book)
    code, _, err = run(
        "refresh",
        str(seed_book),
        "--as-of",
        "2023-03-31",
        "--lang",
        "en",
        "-o",
        str(tmp_path / "out.xlsx"),
    )
    assert code == 0, err
    assert digest(seed_book) == before
    assert sheet_values(tmp_path / "out.xlsx", "Aged balance")[0][2] == "Current"


def test_aging_csv_by_invoice(seed_book: Path) -> None:
    code, out, _ = run("aging", str(seed_book), "--as-of", "2023-03-31", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [
        "invoice",
        "client_id",
        "client_name",
        "date",
        "due_date",
        "amount",
        "paid",
        "balance",
        "status",
        "days_overdue",
        "bucket",
        "reminder_level",
    ]
    assert rows[1] == [
        "Facture #001",
        "1",
        "Dupont SARL",
        "2023-02-01",
        "2023-03-03",
        "1000.0",
        "1000.0",
        "0.0",
        "paid",
        "0",
        "",
        "",
    ]
    assert rows[2] == [
        "Facture #002",
        "2",
        "Martin & Fils",
        "2023-02-05",
        "2023-03-07",
        "500.0",
        "0.0",
        "500.0",
        "overdue",
        "24",
        "1-30",
        "2",
    ]


def test_aging_by_client_json_and_table(seed_book: Path) -> None:
    code, out, _ = run(
        "aging", str(seed_book), "--as-of", "2023-03-31", "--by", "client", "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["rows"] == [
        {
            "client_id": "2",
            "client_name": "Martin & Fils",
            "current": 0.0,
            "1-30": 500.0,
            "31-60": 0.0,
            "61-90": 0.0,
            "91+": 0.0,
            "credits": 0.0,
            "total": 500.0,
        }
    ]
    code, out, _ = run("aging", str(seed_book), "--as-of", "2023-03-31", "--by", "client")
    assert code == 0 and "Martin & Fils" in out


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "no such file"),
        (lambda p: p.write_text("hello"), "not an Excel workbook"),
        (
            lambda p: p.write_bytes(CFB + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600),
            "password-protected",
        ),
        (lambda p: p.write_bytes(CFB + b"\0" * 600), "old Excel 97-2003 (.xls) format"),
    ],
)
def test_unusable_files_one_line_exit_1(tmp_path: Path, make, message: str) -> None:
    book = tmp_path / "book.xlsx"
    make(book)
    before = digest(book) if book.exists() else None
    code, out, err = run("refresh", str(book))
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("arxl: error: ") and message in err
    assert "Traceback" not in err
    assert (digest(book) if book.exists() else None) == before


def test_missing_column_message(tmp_path: Path) -> None:
    book = make_workbook(tmp_path / "b.xlsx", tx_header=["Date", "Client", "Facture", "Prix"])
    before = digest(book)
    code, _, err = run("refresh", str(book))
    assert code == 1
    assert err == (
        "arxl: error: sheet 'Transactions': missing required column(s) Montant (Amount) in the "
        "first 30 rows; headers found: Date, Client, Facture, Prix. Say which column is which "
        "with --map \"HEADER=field\" (Paramètres: 'Correspondance des colonnes'); fields: date, "
        "client_id, invoice, amount, status, remarks, due_date, payment_date, amount_paid, name, "
        "balance, disputed, debit, credit, currency, terms.\n"
    )
    assert digest(book) == before


def test_excel_lock_file_stops_refresh(seed_book: Path) -> None:
    (seed_book.parent / ("~$" + seed_book.name)).write_bytes(b"owner")
    before = digest(seed_book)
    code, _, err = run("refresh", str(seed_book))
    assert code == 1 and "open in Excel" in err
    assert digest(seed_book) == before


def test_verbose_shows_traceback(tmp_path: Path) -> None:
    code, _, err = run("--verbose", "refresh", str(tmp_path / "nope.xlsx"))
    assert code == 1 and "Traceback" in err


def test_usage_error_exit_2(seed_book: Path) -> None:
    code, _, err = run("aging", str(seed_book), "--as-of", "31/03/2023")
    assert code == 2 and "YYYY-MM-DD" in err


def test_init_and_demo(tmp_path: Path) -> None:
    code, _, err = run("init", str(tmp_path / "blank.xlsx"))
    assert code == 0, err
    code, _, err = run("refresh", str(tmp_path / "blank.xlsx"), "--as-of", "2026-01-01")
    assert code == 0, err
    code, out, err = run("demo", str(tmp_path / "demo.xlsx"))
    assert code == 0, err
    assert "31/10/2026" in out
    names = [r[0] for r in sheet_values(tmp_path / "demo.xlsx", "Anomalies")[1:]]
    assert names and set(names) == {"Transactions"}
    code, _, err = run("demo", str(tmp_path / "demo.xlsx"))
    assert code == 1 and "already exists" in err


# ---------------------------------------------------------------------------------------------
# arxl kpis
# ---------------------------------------------------------------------------------------------


def _kpi_book(tmp_path: Path) -> Path:
    """As of 31/12/2025: 30 000 open (1 000 of it overdue, 500 disputed) on 60 000 invoiced in
    the last 90 days; one payment dated (40 days to pay, 10 late); one invoice after D."""
    import datetime as dt

    d = dt.date
    return make_workbook(
        tmp_path / "kpis.xlsx",
        transactions=[
            [d(2025, 12, 15), 1, "F1", 28500, "En attente"],
            [d(2025, 10, 15), 2, "F2", 1000, "En attente"],
            [d(2025, 10, 20), 2, "F3", 500, "Litige"],
            [d(2025, 10, 10), 1, "F4", 30000, "Payé", "", d(2025, 11, 9), d(2025, 11, 19)],
            [d(2026, 1, 2), 1, "F5", 7000, "En attente"],
        ],
    )


def test_kpis_json(tmp_path: Path) -> None:
    book = _kpi_book(tmp_path)
    code, out, err = run("kpis", str(book), "--as-of", "2025-12-31", "--format", "json")
    assert code == 0, err
    figures = json.loads(out)
    assert figures["as_of"] == "2025-12-31"
    expected = {
        "outstanding": 30000.0,
        "overdue": 1000.0,
        "overdue_share": 1000 / 30000,
        "disputed": 500.0,
        "overdue_invoices": 1,
        "clients_to_remind": 1,
        "dso_accounting_90d": 30000 / 60000 * 90,
        # December 28 500 (31 d) leaves 1 500; November has no invoicing: the walk stops there
        # (issue 17: never through a month whose invoicing is <= 0), 31 days, a floor
        "dso_countback": 31.0,
        "avg_days_to_pay": 40.0,
        "avg_days_late": 10.0,
    }
    for key, value in expected.items():
        assert figures[key] == pytest.approx(value, abs=1e-5), key
    assert (figures["dso_countback_stop"], figures["dso_countback_month"]) == (
        "non_positive",
        "2025-11",
    )
    code, out, err = run("kpis", str(book), "--as-of", "2025-12-31")
    assert code == 0, err
    assert "Arrêté en nov. 2025" in out.replace("\n", " ") or "Stopped at" in out
    assert [r["client_id"] for r in figures["top_debtors"]] == ["1", "2"]
    assert figures["top_debtors"][1]["overdue_share"] == pytest.approx(1000 / 1500, abs=1e-5)


def test_kpis_table_says_na_without_payment_dates(seed_book: Path) -> None:
    code, out, err = run("kpis", str(seed_book), "--as-of", "2023-03-31")
    assert code == 0, err
    assert "Délai moyen de paiement" in out and "n/d" in out  # French: non disponible
    assert "500,00 €" in out


# --- arxl excel --------------------------------------------------------------------------


def test_excel_init_new_workbook_is_the_template(tmp_path: Path) -> None:
    from tests.helpers.zipparts import zip_parts

    book = tmp_path / "nouveau.xlsm"
    code, out, err = run("excel", "init", str(book))
    assert code == 0, err
    assert out == f"{book} créé.\n"
    template = Path(__file__).parents[1] / "workbook_templates" / "arxl.xlsm"
    assert zip_parts(book) == zip_parts(template)


def test_excel_init_copies_the_owner_workbook(seed_book: Path) -> None:
    before = digest(seed_book)
    code, out, err = run("excel", "init", str(seed_book))
    target = seed_book.with_suffix(".xlsm")
    assert code == 0, err
    assert out == f"{target} : copie de seed.xlsx avec la feuille Accueil et ses boutons.\n"
    assert digest(seed_book) == before
    assert sheet_values(target, "Accueil")
    code, _, err = run("excel", "init", str(seed_book))
    assert code == 1
    assert err == f"arxl: error: {target}: already exists; choose another name with -o.\n"


def test_excel_init_refuses_a_plain_xlsx_target(seed_book: Path, tmp_path: Path) -> None:
    code, _, err = run("excel", "init", str(seed_book), "-o", str(tmp_path / "x.xlsx"))
    assert code == 1
    assert err == "arxl: error: x.xlsx: a workbook with buttons must be saved as .xlsm.\n"


@pytest.mark.parametrize("command", ["refresh", "aging", "kpis", "report", "remind"])
def test_every_reading_command_takes_the_layout_options(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    for option in ("--sheet", "--map", "--clients", "--status"):
        assert option in result.output


def test_a_bad_map_value_is_a_usage_error(seed_book: Path) -> None:
    result = CliRunner().invoke(main, ["kpis", str(seed_book), "--map", "Quand=when"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: Invalid value for '--map': unknown field 'when'; use one of: "
        + ", ".join(f.value for f in Field)
        + "."
    )


@pytest.mark.parametrize("command", ["refresh", "kpis"])
def test_a_map_naming_no_column_of_the_book_stops_it(seed_book: Path, command: str) -> None:
    """A misspelt header in --map was accepted, saved in Paramètres and silently unused: it is
    one line, exit 1, the book untouched; the same header spelt right (or as its column
    letter) reads it."""
    before = seed_book.read_bytes()
    result = CliRunner().invoke(main, [command, str(seed_book), "--map", "Echeanse=due_date"])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(
        f'arxl: error: {seed_book.name}: --map "Echeanse=due_date": no column headed '
        '"Echeanse" read as due_date in Transactions'
    )
    assert "Check the header's spelling" in line
    assert seed_book.read_bytes() == before
    for right in ("Description=invoice", "C=invoice"):
        assert CliRunner().invoke(main, ["kpis", str(seed_book), "--map", right]).exit_code == 0


def test_kpis_and_remind_with_a_clients_workbook(tmp_path: Path) -> None:
    book = make_workbook(
        tmp_path / "factures.xlsx",
        clients=[],
        transactions=[[dt.date(2026, 1, 10), "C9", "F-9", 700, "En attente"]],
    )
    other = make_workbook(
        tmp_path / "clients.xlsx",
        clients=[["C9", "Neuf SA", "9 rue N", "", "neuf@example.com"]],
        transactions=[],
    )
    args = ["--as-of", "2026-03-31", "--clients", str(other)]
    result = CliRunner().invoke(main, ["kpis", str(book), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["outstanding"] == 700.0
    out = tmp_path / "relances"
    result = CliRunner().invoke(main, ["remind", str(book), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    (draft,) = out.glob("*.eml")
    assert "To: Neuf SA <neuf@example.com>" in draft.read_text()


def test_kpis_fits_the_columns_it_is_told(seed_book, monkeypatch) -> None:
    """Redirected output is 200 columns wide unless COLUMNS says otherwise (aging already
    followed it)."""
    monkeypatch.setenv("COLUMNS", "100")
    result = CliRunner().invoke(main, ["kpis", str(seed_book), "--as-of", "2023-03-31"])
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 100
