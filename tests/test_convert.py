"""`arxl convert` end to end: batches, the written workbooks, the real files in ../shared/data."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import SHARED, converted_export, make_workbook, needs_shared_data, sheet_values
from readers.test_fec import write_fec

from arxl.api.convert import ConvertOptions, analyse_converted, convert, read_input
from arxl.cli import main

IBM = SHARED / "data" / "ibm-ar" / "WA_Fn-UseC_-Accounts-Receivable.csv"
IBM_FR = SHARED / "data" / "ibm-ar" / "WA_Fn-UseC_-Accounts-Receivable_excel-fr-resave.csv"
D = dt.date


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def ibm_expected(path: Path, as_of: dt.date) -> dict[tuple[str, int], dict]:
    """Open invoices at D recomputed from the file with the csv module: InvoiceDate <= D <
    SettledDate; due = DueDate; days overdue = max(0, D - due)."""

    def date(text: str, month_first: bool) -> dt.date:
        a, b, y = (int(x) for x in text.split("/"))
        return dt.date(y, a, b) if month_first else dt.date(y, b, a)

    month_first = path == IBM
    out = {}
    with path.open(newline="") as fh:
        for r in csv.DictReader(fh):
            start = date(r["InvoiceDate"], month_first)
            settled = date(r["SettledDate"], month_first)
            if start <= as_of < settled:
                due = date(r["DueDate"], month_first)
                out[(r["customerID"], int(r["invoiceNumber"]))] = {
                    "due": due,
                    "balance": round(float(r["InvoiceAmount"]), 2),
                    "days": max(0, (as_of - due).days),
                    "disputed": r["Disputed"] == "Yes",
                }
    return out


def open_items(path: Path, as_of: dt.date) -> dict[tuple[str, int], dict]:
    options = ConvertOptions(as_of=as_of)
    ledger, _ = read_input(path, options)
    a = analyse_converted(ledger, options)
    items = a.items[a.items["bucket"] != ""]
    return {
        (r.client_id, int(r.invoice)): {
            "due": r.due.date(),
            "balance": round(r.balance, 2),
            "days": int(r.days_overdue),
            "disputed": r.status == "disputed",
        }
        for r in items.itertuples()
    }


@needs_shared_data
@pytest.mark.parametrize("as_of", [D(2012, 6, 30), D(2013, 3, 15), D(2013, 12, 31)])
def test_ibm_sample_and_its_french_resave(as_of: dt.date) -> None:
    got, got_fr = open_items(IBM, as_of), open_items(IBM_FR, as_of)
    assert got == ibm_expected(IBM, as_of)
    assert got_fr == ibm_expected(IBM_FR, as_of)
    assert got == got_fr and len(got) > 10


@needs_shared_data
def test_ibm_reads_every_row_with_leading_zeros() -> None:
    ledger, _ = read_input(IBM, ConvertOptions(as_of=D(2013, 12, 31)))
    assert ledger.tally.rows == ledger.tally.transactions == 2466
    assert ledger.transactions["invoice"].iat[0] == "0000611365"
    assert len(ledger.clients) == 100 and not ledger.issues


@needs_shared_data
def test_batch_with_a_failing_file(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(IBM, src / "ibm.csv")
    write_fec(src / "FEC.txt")
    (src / "bad.csv").write_text("Ref;Quand\nA;01/01/2024\n")
    (src / "empty.csv").write_text("")
    (src / "blank.csv").write_text("\n \n;;\n")
    (src / "notes.md").write_text("not an export")  # ignored: not an export's extension
    out = tmp_path / "out"
    code, stdout, stderr = run("convert", str(src), "-o", str(out), "--as-of", "2013-06-30")
    assert code == 1
    assert re.search(r"arxl: error: bad\.csv: no header row .* Columns found: Ref, Quand", stderr)
    for name in ("empty.csv", "blank.csv"):  # said as such, not as a missing header
        assert f"arxl: error: {name}: the file is empty (no text in it): export" in stderr
    lines = stdout.splitlines()
    assert lines[-1] == "2 converti(s), 3 en échec."  # as many French inputs as English
    assert lines[1].startswith("ibm.csv -> ")
    assert (
        "[csv]: 2466 rows = 2466 transactions; 2466 invoices (536 dated after the as-of date: "
        "not followed yet), 100 clients" in lines[1]
    )
    assert lines[0].startswith("FEC.txt -> ")
    assert (
        "[fec] : 19 lignes = 0 transaction + 1 écartée(s) (voir Anomalies) + 4 sur d'autres "
        "comptes + 14 passée(s) après la date d'analyse ;" in lines[0]
    )
    assert sorted(p.name for p in out.iterdir()) == ["FEC.xlsx", "ibm.xlsx"]


def test_converted_workbook(tmp_path: Path) -> None:
    src = tmp_path / "factures.csv"
    src.write_bytes(
        (
            "Export 2024\n"
            "N° facture;Date;Échéance;Code client;Client;Montant TTC\n"
            "000123;05/01/2024;04/02/2024;00042;Dupont SARL;1 234,56\n"
            "=1+1;01/03/2024;31/03/2024;00043;@Martin;250,00\n"
            "000125;15/03/2024;;00043;-Martin;douze\n"
        ).encode("cp1252")
    )
    code, stdout, err = run("convert", str(src), "-o", str(tmp_path), "--as-of", "2024-03-31")
    assert code == 0, err
    assert "3 lignes = 2 transactions + 1 écartée(s) (voir Anomalies) ; 2 factures" in stdout
    book = tmp_path / "factures.xlsx"
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[:3] == ["Clients", "Transactions", "Paramètres"]
    tx = wb["Transactions"]
    assert tx["C3"].value == "=1+1" and tx["C3"].data_type == "s"  # text, not a formula
    assert tx["B2"].value == "00042" and tx["C2"].value == "000123"
    cl = wb["Clients"]
    assert [c.value for c in cl["B"]][1:] == ["Dupont SARL", "@Martin"]
    aged = sheet_values(book, "Balance âgée")
    assert aged[1][:2] == ["00042", "Dupont SARL"] and aged[1][-1] == 1234.56
    issues = sheet_values(book, "Anomalies")
    assert issues[1][:4] == ["factures.csv", 5, "Montant TTC", "douze"]
    # the workbook refreshes to the same picture (the as-of date is in Paramètres)
    before = sheet_values(book, "Balance âgée")
    code, _, err = run("refresh", str(book))
    assert code == 0, err
    assert sheet_values(book, "Balance âgée") == before


def test_fec_workbook_refreshes_to_the_same_balances(tmp_path: Path) -> None:
    path = write_fec(tmp_path / "FEC.txt")
    code, _, err = run("convert", str(path), "-o", str(tmp_path), "--as-of", "2024-03-31")
    assert code == 0, err
    book = tmp_path / "FEC.xlsx"
    first = sheet_values(book, "Balance âgée")
    assert {r[0]: r[-1] for r in first[1:-1]} == {"C001": 1700, "411MARTIN": 1800, "C002": 350}
    code, _, err = run("refresh", str(book))
    assert code == 0, err
    assert sheet_values(book, "Balance âgée") == first


def test_a_code_written_two_ways_is_one_client_in_convert_as_in_refresh(tmp_path: Path) -> None:
    """'c001' and 'C001' in one export are one client (as a refresh of the converted workbook,
    or of a book whose Clients sheet lists both, reads them): its advance is set against its
    invoice, one line of the aged balance, once in Clients; 'b7' and 'B7' too, written as
    their first row writes them, and '00042' and '42' (its credit note settles F-5)."""
    rows = [
        "N° facture;Date;Échéance;Code client;Client;Montant TTC;Réglé;Statut",
        "F-1;15/01/2026;14/02/2026;C001;Dupont SARL;1 200,00;1 200,00;réglée",
        "F-2;10/03/2026;09/04/2026;c001;Dupont SARL;2 500,00;1 000,00;impayé",
        "ACPT-01;10/06/2026;;C001;Dupont SARL;-1 000,00;;",
        "F-3;10/03/2026;09/04/2026;b7;Beta;700,00;;impayé",
        "F-4;10/04/2026;09/05/2026;B7;Beta;300,00;;impayé",
        "F-5;10/04/2026;09/05/2026;00042;Alpha;100,00;;impayé",
        "AV-5;20/04/2026;;42;Alpha;-100,00;;",
    ]
    src = tmp_path / "case.csv"
    src.write_text("\n".join(rows) + "\n", encoding="cp1252")
    code, _, err = run("convert", str(src), "-o", str(tmp_path / "o"), "--as-of", "2026-06-30")
    assert code == 0, err
    book = tmp_path / "o" / "case.xlsx"
    aged = sheet_values(book, "Balance âgée")
    assert {r[0]: r[-1] for r in aged[1:-1]} == {"C001": 500, "b7": 1000}
    assert [r[0] for r in sheet_values(book, "Clients")[1:]] == ["C001", "b7", "00042"]
    code, _, err = run("refresh", str(book), "--as-of", "2026-06-30")
    assert code == 0, err
    assert sheet_values(book, "Balance âgée") == aged


def test_a_credits_piece_and_text_are_written_once(tmp_path: Path) -> None:
    """A FEC credit note whose text already says its piece ("Avoir AV001", piece AV001) is
    described "Avoir AV001" (not "Avoir AV001 Avoir AV001"), a payment's remarks say each
    word once; the refreshed workbook reads the same balances."""
    lines = [
        ("VE", "1", "20240110", "411000", "Clients", "C1", "Un", "FA1", "20240110", "Facture",
         "1000,00", "0,00", "", ""),
        ("VE", "2", "20240120", "411000", "Clients", "C1", "Un", "AV001", "20240120",
         "Avoir AV001", "0,00", "200,00", "", ""),
        ("BQ", "3", "20240301", "411000", "Clients", "C1", "Un", "VIR2", "20240301",
         "Règlement partiel FA1", "0,00", "300,00", "", ""),
    ]  # fmt: skip
    path = write_fec(tmp_path / "FEC.txt", lines)
    code, _, err = run("convert", str(path), "-o", str(tmp_path), "--as-of", "2024-03-31")
    assert code == 0, err
    book = tmp_path / "FEC.xlsx"
    credits = [r for r in sheet_values(book, "Transactions")[1:] if r[3] < 0]
    described = {r[2]: r[5] for r in credits}
    assert described == {
        "Avoir AV001": "Avoir AV001",
        "Règlement VIR2 Règlement partiel FA1": "Règlement partiel FA1 VIR2",
    }
    first = sheet_values(book, "Balance âgée")
    assert {r[0]: r[-1] for r in first[1:-1]} == {"C1": 500}
    code, _, err = run("refresh", str(book))
    assert code == 0, err
    assert sheet_values(book, "Balance âgée") == first


def test_a_converted_fec_is_under_french_law(tmp_path: Path) -> None:
    """A FEC is the French tax administration's export: the workbook says Pays FR, so its late
    invoices get the L441-10 penalties; a CSV export says no country (no statutory penalties)."""
    path = write_fec(tmp_path / "FEC.txt")
    code, _, err = run("convert", str(path), "-o", str(tmp_path), "--as-of", "2024-03-31")
    assert code == 0, err
    book = tmp_path / "FEC.xlsx"
    params = {r[0]: r[1] for r in sheet_values(book, "Paramètres")[1:] if r and r[0]}
    assert params.get("Pays") == "FR"
    header, *rows = sheet_values(book, "Pénalités")
    indemnity = header.index("Indemnité forfaitaire")
    late = [r for r in rows if r[0] and r[0] != "Total"]
    assert late and all(r[indemnity] == 40 for r in late)  # €40 per late invoice
    ledger, fmt = read_input(path, ConvertOptions(as_of=dt.date(2024, 3, 31)))
    assert (fmt, ledger.settings_values["country"]) == ("fec", "FR")


def test_jobs_and_merge(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for k in range(4):
        (src / f"f{k}.csv").write_text(
            f"Invoice;Client;Date;Amount\nI{k};C{k % 2};01/02/2024;{10 * (k + 1)}\n"
        )
    one = convert([src], tmp_path / "a", ConvertOptions(as_of=D(2024, 3, 31)), jobs=1)
    two = convert(
        [str(src / "*.csv")], tmp_path / "b", ConvertOptions(as_of=D(2024, 3, 31)), jobs=2
    )
    assert [r.ok for r in one] == [r.ok for r in two] == [True] * 4
    for r1, r2 in zip(one, two, strict=True):
        assert r1.source == r2.source
        assert sheet_values(r1.out, "Follow-up") == sheet_values(r2.out, "Follow-up")
    merged = tmp_path / "all.xlsx"
    code, stdout, err = run(
        "convert", str(src), "--merge", str(merged), "--as-of", "2024-03-31", "--jobs", "2"
    )
    assert code == 0, err
    # English headers (Invoice, Amount; Client and Date are both languages'): English sheets
    assert "all.xlsx [merge]: 4 rows = 4 transactions; 4 invoices, 2 clients" in stdout
    aged = sheet_values(merged, "Aged balance")
    assert {r[1]: r[-1] for r in aged[1:-1]} == {"C0": 40, "C1": 60}


def test_jobs_where_processes_cannot_fork(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows starts its workers by spawning them (no fork): --jobs works there too."""
    import multiprocessing

    get_context = multiprocessing.get_context

    def windows_context(method: str | None = None):
        if method == "fork":  # what Windows says
            raise ValueError("cannot find context for 'fork'")
        return get_context(method)

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(multiprocessing, "get_context", windows_context)
    src = tmp_path / "in"
    src.mkdir()
    for k in range(3):
        (src / f"f{k}.csv").write_text(f"Invoice;Client;Date;Amount\nI{k};C{k};01/02/2024;5\n")
    done = convert([src], tmp_path / "out", ConvertOptions(as_of=D(2024, 3, 31)), jobs=2)
    assert [r.ok for r in done] == [True] * 3
    assert sheet_values(done[2].out, "Aged balance")[1][1] == "C2"


def test_an_english_summary_writes_its_amounts_as_an_english_reader_does(
    tmp_path: Path,
) -> None:
    (tmp_path / "en.csv").write_text(
        'Invoice,Client,Date,Amount\nI-1,Acme,02/01/2024,"1,234,567.50"\nI-2,Beta,02/03/2024,300\n'
    )
    code, stdout, err = run(
        "convert", str(tmp_path / "en.csv"), "-o", str(tmp_path), "--as-of", "2024-03-31",
        "--lang", "en",
    )  # fmt: skip
    assert code == 0, err
    assert "2 invoices, 2 clients, open balance 1,234,867.50, 0 anomalies" in stdout


def test_merge_applies_each_credit_to_its_own_files_client(tmp_path: Path) -> None:
    """Two exports number their lines alike: a credit note at line 3 of one file must not
    settle the invoice at line 3 of another (cash application knows invoices by row). The
    merged book says what it says once refreshed."""
    header = "N° facture;Date;Client;Montant TTC\n"
    (tmp_path / "a.csv").write_text(
        header + "A-1;01/05/2026;Alpha;100,00\nA-2;02/05/2026;Alpha;-40,00\n", "utf-8"
    )
    (tmp_path / "b.csv").write_text(
        header + "B-0;01/04/2026;Beta;10,00\nB-1;03/05/2026;Beta;1000,00\n", "utf-8"
    )
    merged = tmp_path / "ab.xlsx"
    args = [str(tmp_path / "a.csv"), str(tmp_path / "b.csv"), "--merge", str(merged)]
    code, stdout, err = run("convert", *args, "--as-of", "2026-06-30")
    assert code == 0, err
    assert "solde ouvert 1\u00a0070,00, 0 anomalie" in stdout
    assert stdout.strip().splitlines()[-1] == "2 lu(s), 0 en échec ; ab.xlsx écrit."
    aged = sheet_values(merged, "Balance âgée")
    by_name = {r[1]: r[-1] for r in aged[1:-1]}
    assert by_name == {"Alpha": 60, "Beta": 1010}
    suivi = sheet_values(merged, "Suivi")
    refreshed = tmp_path / "again.xlsx"
    code, _, err = run("refresh", str(merged), "-o", str(refreshed), "--as-of", "2026-06-30")
    assert code == 0, err
    # the same figures; the lettering cites the credit note's line in its file at first, its
    # row in Transactions once refreshed
    settled = suivi[0].index("Réglée par")
    assert "(a.csv 3)" in suivi[1][settled]
    again = sheet_values(refreshed, "Suivi")
    assert [r[:settled] + r[settled + 1 :] for r in again] == [
        r[:settled] + r[settled + 1 :] for r in suivi
    ]
    assert sheet_values(refreshed, "Balance âgée") == aged


def test_the_currency_the_amounts_write_is_the_books(tmp_path: Path) -> None:
    """A file's amounts say their currency: a dollar export converted in French is shown in
    dollars (Paramètres says USD), and it is not merged with a euro one (arxl converts
    nothing), which would add dollars and euros up as euros."""
    (tmp_path / "usd.csv").write_text(
        "invoice_number,invoice_date,customer_name,amount\n"
        'INV-1,2026-01-10,Acme Corp,"$1,250,000.00"\nINV-2,2026-04-01,Acme Corp,$20.00\n',
        "utf-8",
    )
    (tmp_path / "eur.csv").write_text(
        "N° facture;Date;Client;Montant TTC\nF-1;01/05/2026;Alpha;1 000,00 €\n", "utf-8"
    )
    code, _, err = run(
        "convert", str(tmp_path / "usd.csv"), "-o", str(tmp_path), "--lang", "fr",
        "--as-of", "2026-06-30",
    )  # fmt: skip
    assert code == 0, err
    book = openpyxl.load_workbook(tmp_path / "usd.xlsx")
    suivi = book["Suivi"]
    header = [c.value for c in suivi[1]]
    assert '"$"' in suivi.cell(2, header.index("Montant") + 1).number_format
    settings = {r[0].value: r[1].value for r in book["Paramètres"].iter_rows() if r[0].value}
    assert settings["Devise"] == "USD"
    merged = tmp_path / "both.xlsx"
    code, stdout, err = run(
        "convert", str(tmp_path / "usd.csv"), str(tmp_path / "eur.csv"), "--merge", str(merged)
    )
    assert code == 1 and not merged.exists()
    assert "different currencies (EUR: eur.csv; USD: usd.csv)" in err
    assert stdout.strip().splitlines()[-1] == "2 lu(s), 0 en échec ; both.xlsx non écrit."


def test_converting_a_folder_again_leaves_its_outputs_out(tmp_path: Path) -> None:
    """`arxl convert .` writes beside the exports: run again, it converts the exports again,
    not the workbooks it wrote (which came out as x.csv.xlsx and x.xlsx.xlsx, then failed)."""
    (tmp_path / "x.csv").write_text("Invoice;Client;Date;Amount\nI;C;01/02/2024;1\n")
    for _ in range(3):
        code, stdout, err = run(
            "convert", str(tmp_path), "-o", str(tmp_path), "--as-of", "2024-03-31"
        )
        assert code == 0, err
        assert stdout.strip().splitlines()[-1] == "1 converted, 0 failed."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv", "x.xlsx"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_exports_of_one_name_in_two_folders_each_get_their_workbook(
    tmp_path: Path, jobs: str
) -> None:
    """client-a/export.csv and client-b/export.csv (an accountant's folder per client) went
    to one export.csv.xlsx, the second replacing the first; a case-insensitive disk (Windows,
    macOS) would do the same with Export.csv and export.txt. Each input now has its own
    workbook, and a file named twice (its folder and itself) is converted once."""
    header = "Invoice;Client;Date;Amount\n"
    folders = {"client-a": "A-1;Alpha;01/02/2024;100\n", "client-b": "B-1;Beta;01/02/2024;200\n"}
    for folder, row in folders.items():
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "export.csv").write_text(header + row)
    (tmp_path / "client-b" / "Export.txt").write_text(header + "B-2;Beta;01/03/2024;300\n")
    out = tmp_path / "out"
    code, stdout, err = run(
        "convert",
        str(tmp_path / "client-a"),
        str(tmp_path / "client-b"),
        str(tmp_path / "client-a" / "export.csv"),
        "-o",
        str(out),
        "--as-of",
        "2024-03-31",
        "--jobs",
        jobs,
    )
    assert code == 0, err
    assert stdout.strip().splitlines()[-1] == "3 converted, 0 failed."
    invoices = {
        p.name: [
            v for r in sheet_values(p, "Transactions")[1:] for v in r if v in ("A-1", "B-1", "B-2")
        ]
        for p in out.iterdir()
    }
    assert invoices == {
        "export (client-a).xlsx": ["A-1"],
        "Export.txt.xlsx": ["B-2"],
        "export (client-b).xlsx": ["B-1"],
    }


def test_a_conversion_of_another_export_of_that_name_is_not_written_over_it(
    tmp_path: Path,
) -> None:
    """client-a/export.csv converted alone into out/ is out/export.xlsx; client-b/export.csv
    converted alone later would be out/export.xlsx too: it is refused, client-a's workbook
    kept; client-a's export converted again (a new month's) replaces its own workbook."""
    header = "N° facture;Date;Client;Montant TTC\n"
    for folder, row in (
        ("client-a", "A-1;01/02/2024;Alpha;100\n"),
        ("client-b", "B-1;01/02/2024;Beta;200\n"),
    ):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "export.csv").write_text(header + row, "utf-8")
    out = tmp_path / "out"

    def convert_one(folder: str) -> tuple[int, str, str]:
        return run(
            "convert",
            str(tmp_path / folder / "export.csv"),
            "-o",
            str(out),
            "--as-of",
            "2024-03-31",
        )

    code, _, err = convert_one("client-a")
    assert code == 0, err
    before = (out / "export.xlsx").read_bytes()
    code, _, err = convert_one("client-b")
    assert code == 1
    assert "is the conversion of another export (client-a/export.csv), not of client-b/" in err
    assert (out / "export.xlsx").read_bytes() == before
    (tmp_path / "client-a" / "export.csv").write_text(header + "A-2;01/03/2024;Alpha;50\n")
    code, _, err = convert_one("client-a")
    assert code == 0, err
    rows = sheet_values(out / "export.xlsx", "Transactions")[1:]
    assert [v for r in rows for v in r if v in ("A-1", "A-2")] == ["A-2"]


def test_rows_left_out_stay_in_the_book_after_a_refresh(tmp_path: Path) -> None:
    """The rows of an export that gave no transaction (a draft, an invoice without a client,
    an unreadable amount) are written as the file had them in Lignes écartées, with why: a
    refresh writes Anomalies again from the workbook, so without it they would be lost."""
    (tmp_path / "f.csv").write_text(
        "N° facture;Date;Client;Montant TTC;Statut\n"
        "F-1;01/05/2026;Alpha;100,00;En attente\n"
        "F-2;02/05/2026;;780,00;En attente\n"
        "F-3;03/05/2026;Alpha;douze;En attente\n"
        "F-4;04/05/2026;Alpha;50,00;Brouillon\n"
        "Total;;;930,00;\n",
        "utf-8",
    )
    code, _, err = run(
        "convert", str(tmp_path / "f.csv"), "-o", str(tmp_path), "--as-of", "2026-06-30"
    )
    assert code == 0, err
    book = tmp_path / "f.xlsx"
    left = sheet_values(book, "Lignes écartées")
    assert left[0] == [
        "Fichier",
        "Ligne",
        "Raison",
        "N° facture",
        "Date",
        "Client",
        "Montant TTC",
        "Statut",
    ]
    assert [(r[1], r[3], r[6]) for r in left[1:]] == [
        (3, "F-2", "780,00"),
        (4, "F-3", "douze"),
        (5, "F-4", "50,00"),
    ]
    assert "client" in left[1][2] and "illisible" in left[2][2] and "Brouillon" in left[3][2]
    code, _, err = run("refresh", str(book))
    assert code == 0, err
    assert sheet_values(book, "Lignes écartées") == left
    nothing = tmp_path / "clean"
    nothing.mkdir()
    (nothing / "g.csv").write_text("N° facture;Date;Client;Montant TTC\nG-1;01/05/2026;A;1,00\n")
    code, _, err = run("convert", str(nothing / "g.csv"), "-o", str(nothing))
    assert code == 0, err
    assert "Lignes écartées" not in sheet_names(nothing / "g.xlsx")


def sheet_names(path: Path) -> list[str]:
    return openpyxl.load_workbook(path, read_only=True).sheetnames


def test_an_xls_or_ods_workbook_is_said_what_to_do(tmp_path: Path) -> None:
    for name in ("old.xls", "calc.ods"):
        (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500)
        code, _, err = run("convert", str(tmp_path / name), "-o", str(tmp_path / "out"))
        assert code == 1
        assert f"{name}: a workbook in {name[-4:]} format" in err and "save it as .xlsx" in err


def test_existing_file_not_written_by_arxl_is_kept(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("Invoice;Client;Date;Amount\nI;C;01/02/2024;1\n")
    mine = tmp_path / "out" / "x.xlsx"
    mine.parent.mkdir()
    wb = openpyxl.Workbook()
    wb.save(mine)
    before = mine.read_bytes()
    code, _, err = run("convert", str(tmp_path / "x.csv"), "-o", str(mine.parent))
    assert code == 1 and "was not made by arxl convert" in err
    assert mine.read_bytes() == before


def test_fec_credits_are_written_as_credit_rows_and_read_back(tmp_path: Path) -> None:
    from readers.test_fec import MESSY_LINES

    path = write_fec(tmp_path / "FEC.txt", MESSY_LINES)
    code, stdout, err = run("convert", str(path), "-o", str(tmp_path), "--as-of", "2024-06-30")
    assert code == 0, err
    # open invoices 500 + 960 + 600 + 100 + 50 + 60 + 70 = 2340, less C020's unapplied 700
    assert (
        "[fec] : 36 lignes = 15 transactions + 1 regroupée(s) avec elles (lignes de facture, "
        "règlements lettrés) + 19 sur d'autres comptes + 1 passée(s) après la date d'analyse ; "
        "9 factures, 6 avoirs et règlements, 5 clients, solde ouvert 1\u00a0640,00" in stdout
    )
    book = tmp_path / "FEC.xlsx"
    tx = sheet_values(book, "Transactions")
    credits = sorted((r[1], r[2].split()[0], r[3]) for r in tx[1:] if r[3] < 0)
    assert credits == [
        ("C010", "Avoir", -240),
        ("C010", "Règlement", -2000),
        ("C010", "Règlement", -400),  # "A nouveau avoir": the word kept in the remarks
        ("C010", "Règlement", -100),
        ("C020", "Règlement", -1000),
        ("C040", "Règlement", -100),
    ]
    # refreshed, the workbook gives the same figures (the source rows are the workbook's now)
    aged = sheet_values(book, "Balance âgée")
    suivi = [r[:14] for r in sheet_values(book, "Suivi")]
    code, _, err = run("refresh", str(book))
    assert code == 0, err
    assert sheet_values(book, "Balance âgée") == aged
    assert [r[:14] for r in sheet_values(book, "Suivi")] == suivi


def test_convert_takes_the_status_meanings(tmp_path: Path) -> None:
    """`--status` on convert too: a word of the export's own (here 'à voir', a draft)."""
    from click.testing import CliRunner

    from arxl.cli import main

    src = tmp_path / "export.csv"
    src.write_text(
        "N° facture;Client;Date;Montant;Statut\n"
        "F1;Dupont;01/09/2026;100,00;Réglée\n"
        "F2;Dupont;02/09/2026;200,00;à voir\n"
        "F3;Martin;03/09/2026;300,00;Émise\n",
        encoding="utf-8",
    )
    args = ["convert", str(src), "-o", str(tmp_path / "out"), "--as-of", "2026-10-31"]
    plain = CliRunner().invoke(main, args)
    assert plain.exit_code == 0, plain.output
    aged = sheet_values(tmp_path / "out" / "export.xlsx", "Balance âgée")
    assert aged[-1][-1] == 500  # 'à voir' unknown: worked out as open
    mapped = CliRunner().invoke(
        main, [*args, "-o", str(tmp_path / "out2"), "--status", "à voir=draft"]
    )
    assert mapped.exit_code == 0, mapped.output
    aged = sheet_values(tmp_path / "out2" / "export.xlsx", "Balance âgée")
    assert aged[-1][-1] == 300  # F2 is a draft: not a receivable
    bad = CliRunner().invoke(main, [*args, "--status", "à voir=peut-être"])
    assert bad.exit_code == 2 and "unknown status 'peut-être'" in bad.output


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_credit_note_the_export_says_used_up_stays_used_up_after_a_refresh(
    tmp_path: Path, lang: str
) -> None:
    """AV1 was applied in the accounting software (nothing left of it); AV2 has 300 left. The
    converted book and a refresh of it agree: Hooli owes 400 (not 300), Vandelay 1 500 - 300."""
    src = tmp_path / "ventes.csv"
    src.write_bytes(
        (
            "N° facture;Date;Échéance;Client;Montant TTC;Réglé;Reste à payer;Statut\r\n"
            "F1;01/08/2026;31/08/2026;Hooli;1 000,00;600,00;400,00;Partiellement payée\r\n"
            "AV1;05/08/2026;05/08/2026;Hooli;-100,00;-100,00;0,00;Avoir imputé\r\n"
            "F2;01/09/2026;01/10/2026;Vandelay;2 000,00;500,00;1 500,00;Partiellement payée\r\n"
            "AV2;10/09/2026;10/09/2026;Vandelay;-800,00;-500,00;-300,00;Avoir\r\n"
        ).encode("cp1252")
    )
    args = ["convert", str(src), "-o", str(tmp_path / "out"), "--as-of", "2026-10-31"]
    code, _, err = run(*args, "--lang", lang)
    assert code == 0, err
    book = tmp_path / "out" / "ventes.xlsx"
    aged_sheet = "Balance âgée" if lang == "fr" else "Aged balance"

    def nets() -> dict[str, float]:
        rows = sheet_values(book, aged_sheet)
        header = next(r for r in rows if r and r[0] in ("Client", "ID Client", "Client ID"))
        net = header.index("Solde net" if lang == "fr" else "Net balance")
        at = header.index("Client") if "Client" in header else 0
        return {
            r[at]: r[net] for r in rows[rows.index(header) + 1 :] if r[at] in ("Hooli", "Vandelay")
        }

    converted = nets()
    assert converted == {"Hooli": 400, "Vandelay": 1200}
    code, _, err = run("refresh", str(book), "--as-of", "2026-10-31")
    assert code == 0, err
    assert nets() == converted


def test_fec_lines_left_out_are_kept_in_the_book(tmp_path: Path) -> None:
    """A 411 line whose amount cannot be read ("douze") is in Anomalies and, as the file has
    it, in Lignes écartées: a refresh rewrites Anomalies, the line is not lost with it."""
    path = write_fec(tmp_path / "FEC.txt")
    code, _, err = run("convert", str(path), "-o", str(tmp_path), "--as-of", "2024-03-31")
    assert code == 0, err
    book = tmp_path / "FEC.xlsx"
    kept = sheet_values(book, "Lignes écartées")
    assert kept[0][:4] == ["Fichier", "Ligne", "Raison", "JournalCode"]
    (line,) = kept[1:]
    assert line[0] == "FEC.txt" and line[2] == "Montant illisible (ligne ignorée)"
    assert "FA-007" in line and "douze" in line
    code, _, err = run("refresh", str(book), "--as-of", "2024-03-31")
    assert code == 0, err
    assert sheet_values(book, "Lignes écartées") == kept


def test_a_workbook_of_the_owners_is_never_replaced_by_a_conversion(tmp_path: Path) -> None:
    """An owner's workbook refreshed once carries arxl's sheets, but it is not convert's
    output: --merge and -o into it are refused, the file byte for byte as it was. A converted
    workbook the owner added a sheet to is refused too; a converted one as arxl left it (and
    refreshed) is replaced."""
    src = tmp_path / "ventes.csv"
    src.write_text("N° facture;Date;Client;Montant TTC\nF1;01/08/2026;Azur;100,00\n", "utf-8")
    owner = make_workbook(tmp_path / "factures.xlsx")
    code, _, err = run("refresh", str(owner), "--as-of", "2026-10-31")
    assert code == 0, err
    before = owner.read_bytes()
    code, _, err = run("convert", str(src), "--merge", str(owner), "--as-of", "2026-10-31")
    assert code == 1 and "was not made by arxl convert" in err and owner.read_bytes() == before

    out = tmp_path / "out"
    code, _, err = run("convert", str(src), "-o", str(out), "--as-of", "2026-10-31")
    assert code == 0, err
    book = out / "ventes.xlsx"
    code, _, err = run("refresh", str(book), "--as-of", "2026-10-31")
    assert code == 0, err
    code, _, err = run("convert", str(src), "-o", str(out), "--as-of", "2026-10-31")
    assert code == 0, err  # convert's own output, refreshed: replaced
    wb = openpyxl.load_workbook(book)
    wb.create_sheet("Mes notes")["A1"] = "à rappeler lundi"
    wb.save(book)
    before = book.read_bytes()
    code, _, err = run("convert", str(src), "-o", str(out), "--as-of", "2026-10-31")
    assert code == 1 and "holds sheets of yours (Mes notes)" in err
    assert book.read_bytes() == before


def test_a_converted_workbook_worked_in_is_not_replaced_by_the_next_conversion(
    tmp_path: Path,
) -> None:
    """A workbook convert made, then opened and saved with a note typed in Transactions: the
    next conversion into that folder would lose the note. It is refused with one line, the
    file as it was, and the other inputs are converted."""
    src = tmp_path / "ventes.csv"
    src.write_text("N° facture;Date;Client;Montant TTC\nF1;01/08/2026;Azur;100,00\n", "utf-8")
    (tmp_path / "autre.csv").write_text(
        "N° facture;Date;Client;Montant TTC\nG1;01/08/2026;Brume;50,00\n", "utf-8"
    )
    out = tmp_path / "out"
    code, _, err = run("convert", str(src), "-o", str(out), "--as-of", "2026-10-31")
    assert code == 0, err
    book = out / "ventes.xlsx"
    wb = openpyxl.load_workbook(book)
    wb["Transactions"]["F2"] = "client prévenu par téléphone"
    wb.save(book)
    before = book.read_bytes()
    code, stdout, err = run(
        "convert", str(src), str(tmp_path / "autre.csv"), "-o", str(out), "--as-of", "2026-10-31"
    )
    assert code == 1
    assert "ventes.xlsx: was saved by another program after arxl convert made it" in err
    assert "move it away" in err
    assert book.read_bytes() == before
    assert stdout.strip().splitlines()[-1] == "1 converti(s), 1 en échec."
    assert (out / "autre.xlsx").exists()


def test_an_output_folder_that_is_a_file_says_so(tmp_path: Path) -> None:
    """-o naming an existing file (a workbook name, as --merge takes) stops with one line
    saying what -o is, exit 1, the file untouched; not "run arxl again"."""
    src = tmp_path / "factures.csv"
    src.write_text("N° facture;Date;Code client;Montant TTC\nF1;05/01/2024;C1;100,00\n")
    book = tmp_path / "odd.xlsx"
    book.write_bytes(b"mine")
    code, _, err = run("convert", str(src), "-o", str(book), "--as-of", "2024-03-31")
    assert code == 1
    assert "-o is the folder the workbooks go to" in err and "--merge" in err
    assert "run arxl again" not in err
    assert book.read_bytes() == b"mine"


def test_a_map_naming_no_header_of_the_export_is_said(tmp_path: Path) -> None:
    """--map names a header the CSV export does not have: said, whether the table is still
    found without it (then unused: exit 1 all the same) or not (the misspelt header named
    beside what is missing); the letter or the header as written converts."""
    src = tmp_path / "e.csv"
    src.write_text("N° facture;Date;Code client;Montnt TTC;Echeance\nF1;05/01/2024;C1;100,00;\n")
    args = ["-o", str(tmp_path / "o"), "--as-of", "2024-03-31"]
    code, _, err = run("convert", str(src), "--map", "Montant TTC=amount", *args)
    assert code == 1
    assert 'Still missing: Montant (Amount). --map "Montant TTC=amount": no column headed' in err
    code, _, err = run(
        "convert", str(src), "--map", "Montnt TTC=amount", "--map", "Payable=due_date", *args
    )
    assert code == 1 and '--map "Payable=due_date": no column headed "Payable"' in err
    assert not (tmp_path / "o" / "e.xlsx").exists()
    for ok in ("Montnt TTC=amount", "D=amount"):
        code, _, err = run("convert", str(src), "--map", ok, *args)
        assert code == 0, err


def test_invoices_dated_after_the_as_of_date_are_said(tmp_path: Path) -> None:
    """An invoice dated after the as-of date is in Transactions but not followed yet: the
    summary says how many, in the input's language (a newcomer saw one vanish unexplained)."""
    src = tmp_path / "f.csv"
    src.write_text(
        "N° facture;Date;Code client;Montant TTC\n"
        "F1;05/01/2024;C1;100,00\nF2;05/05/2024;C1;50,00\nF3;06/05/2024;C2;70,00\n"
    )
    code, out, err = run("convert", str(src), "-o", str(tmp_path), "--as-of", "2024-03-31")
    assert code == 0, err
    assert "3 factures (dont 2 datées après la date d'analyse : hors suivi), 2 clients" in out
    en = tmp_path / "e.csv"
    en.write_text("Invoice #,Date,Customer ID,Amount\nF1,2024-01-05,C1,100.00\n")
    code, out, err = run("convert", str(en), "-o", str(tmp_path), "--as-of", "2024-03-31")
    assert code == 0, err
    assert "1 invoice, 1 client" in out and "dated after" not in out


def _journal(path: Path) -> Path:
    """A sales and receipts journal over 15 months: invoices, credit notes naming their
    invoice, payments naming one or two invoices (some partial, some early), a payment without
    a client, amounts in the thousands."""
    import random

    rng = random.Random(7)
    rows = ["Date;Type;N° pièce;ID Client;Client;Libellé;Montant;Échéance"]
    start = dt.date(2025, 3, 1)
    invoices: list[tuple[str, str, dt.date, float]] = []
    for k in range(1, 361):
        day = start + dt.timedelta(days=rng.randrange(450))
        client = f"C{rng.randrange(1, 13):03d}"
        amount = round(rng.uniform(50, 9_000), 2)
        due = day + dt.timedelta(days=rng.choice([0, 30, 45]))
        number = f"F{k:05d}"
        invoices.append((number, client, day, amount))
        rows.append(
            f"{day:%d/%m/%Y};Facture;{number};{client};Client {client};Facture {number};"
            f"{amount:.2f}".replace(".", ",")
            + f";{due:%d/%m/%Y}"
        )
    for n, (number, client, day, amount) in enumerate(rng.sample(invoices, 220)):
        when = day + dt.timedelta(days=rng.randrange(-5, 120))
        if n % 7 == 0:
            rows.append(
                f"{when:%d/%m/%Y};Avoir;AV{n:04d};{client};Client {client};"
                f"Avoir sur facture {number};-{amount * 0.3:.2f}".replace(".", ",")
                + ";"
            )
            continue
        paid = amount if n % 3 else round(amount * 0.6, 2)
        who = "" if n == 11 else client
        rows.append(
            f"{when:%d/%m/%Y};Règlement;RG{n:04d};{who};Client {client};Règlement {number};"
            f"-{paid:.2f}".replace(".", ",")
            + ";"
        )
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _parts(book: Path) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(book) as z:
        return {n: z.read(n) for n in z.namelist() if not n.startswith("docProps/")}


def test_a_dashboard_worked_out_in_another_process_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big ledger with payments has its month-end pictures worked out in a forked process
    (arxl.background) while the other sheets are written: the workbook is the same, byte for
    byte, as the one worked out in one process, in the usual order."""
    from arxl.api import owned_sheets
    from arxl.background import cores

    source = _journal(tmp_path / "journal.csv")
    forked: list[bool] = []

    def recorded(*args: object, **kwargs: object):
        pending = owned_sheets_ahead(*args, **kwargs)
        forked.append(pending.forked)
        return pending

    owned_sheets_ahead = owned_sheets.ahead
    monkeypatch.setattr(owned_sheets, "ahead", recorded)
    outputs = {}
    for name, rows in (("here", 10**9), ("ahead", 0)):
        monkeypatch.setattr(owned_sheets, "AHEAD_ROWS", rows)
        code, _, err = run(
            "convert", str(source), "-o", str(tmp_path / name), "--as-of", "2026-05-31"
        )
        assert code == 0, err
        outputs[name] = _parts(tmp_path / name / "journal.xlsx")
    assert forked == [cores() > 1 and hasattr(os, "fork")]  # "here" never asked for it
    trend = sheet_values(tmp_path / "ahead" / "journal.xlsx", "Tableau de bord")
    assert len(trend) > 20  # the dashboard was written, with its series
    # and a refresh of the converted book, the same way
    book = str(tmp_path / "here" / "journal.xlsx")
    for name, rows in (("refreshed here", 10**9), ("refreshed ahead", 0)):
        monkeypatch.setattr(owned_sheets, "AHEAD_ROWS", rows)
        out = str(tmp_path / f"{name}.xlsx")
        code, _, err = run("refresh", book, "-o", out, "--as-of", "2026-05-31")
        assert code == 0, err
        outputs[name] = _parts(Path(out))
    assert forked[1:] == forked[:1]
    for a, b in (("ahead", "here"), ("refreshed ahead", "refreshed here")):
        assert outputs[a].keys() == outputs[b].keys()
        for part, data in outputs[b].items():
            assert outputs[a][part] == data, (a, part)


def _cells(book: Path) -> list[tuple[str, list[tuple]]]:
    """Each sheet's name and cells as an owner sees them: value, number format, font, fill."""
    wb = openpyxl.load_workbook(book)
    return [
        (
            ws.title,
            [
                (c.coordinate, c.value, c.number_format, c.font.b, c.font.color, c.fill.fgColor)
                for row in ws.iter_rows()
                for c in row
            ],
        )
        for ws in wb.worksheets
    ]


def test_a_big_ledger_with_payments_has_its_dashboard_built_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From LATE_DASHBOARD_ROWS rows, a ledger with payments has its dashboard built after the
    other sheets, rendered as each is built (while another process works out its month ends),
    by convert and by refresh: the tabs are in the same order and hold the same cells, formats
    and colours as with the dashboard in its turn; and whether the month ends were worked out
    in another process or not, the workbook is the same byte for byte."""
    from arxl.api import owned_sheets

    source = _journal(tmp_path / "journal.csv")
    books = {}
    for name, late, ahead in (
        ("in turn", 10**9, 10**9),
        ("last", 0, 10**9),
        ("last ahead", 0, 0),
    ):
        monkeypatch.setattr(owned_sheets, "LATE_DASHBOARD_ROWS", late)
        monkeypatch.setattr(owned_sheets, "AHEAD_ROWS", ahead)
        code, _, err = run(
            "convert", str(source), "-o", str(tmp_path / name), "--as-of", "2026-05-31"
        )
        assert code == 0, err
        books[name] = tmp_path / name / "journal.xlsx"
        # and the refresh of one same converted book, the same way
        refreshed = tmp_path / f"refreshed {name}.xlsx"
        code, _, err = run(
            "refresh", str(tmp_path / "in turn" / "journal.xlsx"), "-o", str(refreshed)
        )
        assert code == 0, err
        books[f"refreshed {name}"] = refreshed
    for prefix in ("", "refreshed "):
        in_turn, last = _cells(books[prefix + "in turn"]), _cells(books[prefix + "last"])
        assert [n for n, _ in last] == [n for n, _ in in_turn]
        assert "Lettrage" in [n for n, _ in in_turn]  # the payments were applied
        for (name, got), (_, want) in zip(last, in_turn, strict=True):
            assert got == want, (prefix, name)
        # the sheets did arrive in another order: the parts are numbered otherwise
        assert _parts(books[prefix + "last"]) != _parts(books[prefix + "in turn"])
        assert _parts(books[prefix + "last ahead"]) == _parts(books[prefix + "last"])


@pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(),
    reason="the workers inherit this test's stand-ins only when forked",
)
@pytest.mark.parametrize(
    ("idle", "jobs", "forks"), [(False, 2, False), (True, 2, True), (False, 1, True)]
)
def test_a_batch_forks_for_a_big_ledger_only_while_a_core_is_idle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, idle: bool, jobs: int, forks: bool
) -> None:
    """convert --jobs: a worker's big ledger with payments has its month ends worked out by
    a child only while a core is idle (the workbook is the same either way:
    test_a_big_ledger_with_payments_has_its_dashboard_built_last); one file at a time, as
    before."""
    import os

    from arxl import background
    from arxl.api import owned_sheets
    from arxl.api.convert import convert
    from arxl.api.convert_inputs import ConvertOptions

    if not hasattr(os, "fork"):
        pytest.skip("forks only where the system can")
    sources = [_journal(tmp_path / f"journal{k}.csv") for k in range(2)]
    said = tmp_path / "forked"
    said.mkdir()
    real = owned_sheets.ahead

    def noted(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        pending = real(fn, *args, **kwargs)
        (said / f"{os.getpid()}-{len(list(said.iterdir()))}").write_text(str(pending.forked))
        return pending

    monkeypatch.setattr(owned_sheets, "AHEAD_ROWS", 0)
    monkeypatch.setattr(owned_sheets, "ahead", noted)
    monkeypatch.setattr(background, "cores", lambda: 2)
    monkeypatch.setattr(background, "idle_core", lambda: idle)
    options = ConvertOptions(as_of=dt.date(2026, 5, 31))
    results = convert(sources, tmp_path / "out", options, jobs=jobs)
    assert all(r.ok for r in results), [r.error for r in results]
    assert sorted(p.read_text() for p in said.iterdir()) == [str(forks)] * 2


def _marked(folder: str, k: int) -> int:
    import time

    time.sleep(0.05)
    (Path(folder) / f"{k}.done").write_text("")
    return k


def test_an_interrupted_batch_conversion_starts_no_more_files(tmp_path: Path) -> None:
    """Ctrl-C sent to convert --jobs alone (not to its workers) stops it after the files being
    converted, rather than after every file of the batch."""
    from arxl.api.workers import run_each

    def interrupt(_step: str, _share: float) -> None:
        raise KeyboardInterrupt

    args = [(str(tmp_path), k) for k in range(40)]
    with pytest.raises(KeyboardInterrupt):
        run_each(_marked, args, 2, interrupt)  # interrupted once the first batch is in
    assert 0 < len(list(tmp_path.glob("*.done"))) < 40


def _early_entries(tmp_path: Path) -> Path:
    """A converted export whose credit note and payment are dated before their invoice."""
    return converted_export(
        tmp_path / "ventes.csv",
        "Date;Client;Facture;Montant;Échéance\n"
        "20/04/2026;Garage Martin;F002;2 500,00 €;20/05/2026\n"
        "15/04/2026;Garage Martin;Avoir sur F002;-500,00 €;15/04/2026\n"
        "10/04/2026;Garage Martin;Virement F002;-1 000,00 €;\n",
        D(2026, 6, 30),
    )


def test_lettrage_says_a_credit_note_before_its_invoice_is_one(tmp_path: Path) -> None:
    """Lettrage's remark for an entry dated before the invoice it settles names it as it is:
    a credit note, or a payment."""
    rows = sheet_values(_early_entries(tmp_path), "Lettrage")
    remarks = {r[5]: r[-1] for r in rows[1:] if r[5]}
    assert remarks == {
        "Avoir sur F002": "Avoir antérieur à la facture",
        "Virement F002": "Paiement antérieur à la facture",
    }, rows


def test_an_entry_before_its_invoice_is_said_with_its_date(tmp_path: Path) -> None:
    """Anomalies says it under the Date column with the date; the label is in the message."""
    early = [r for r in sheet_values(_early_entries(tmp_path), "Anomalies") if r[2] == "Date"]
    assert [r[3] for r in early] == ["15/04/2026", "10/04/2026"], early
    assert early[0][4] == "Avoir daté avant la facture qu'il règle (F002) : Avoir sur F002"
