"""One layout for every command: --sheet, --map, --clients and --status on refresh, aging,
kpis, report and remind; refresh writes them into Paramètres, after which every command with
no option reads the book the same way (issue 17, part 5)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from email import message_from_bytes, policy
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import sheet_values
from helpers.libreoffice import convert, needs_soffice

from arxl import analyse
from arxl.cli import main

D = dt.datetime
TX_HEADER = [
    "date_emission",
    "client_nom",
    "Réf pièce",  # no synonym: --map
    "Final Invoiced Amount",
    "etatFacture",
    "Payable le",  # no synonym: --map
]
TX_ROWS = [
    [D(2026, 8, 1), "Dupont SARL", "V-1", 1000, "OK", D(2026, 8, 31)],  # paid: --status
    [D(2026, 8, 15), "dupont sarl", "V-2", 2500, "attente client", D(2026, 9, 14)],
    [D(2026, 9, 20), "Martin & Fils", "V-3", 400, "attente client", D(2026, 10, 20)],
    [D(2026, 10, 5), "Zeta", "V-4", 300, "Attente  client", D(2026, 11, 4)],
]
MAP = ("Réf pièce=invoice", "Payable le=due_date")
STATUS = "OK=Payé; attente client=En attente"


def messy_book(folder: Path, *, settings: list[list[object]] | None = None) -> Path:
    """A tracker arxl cannot read alone: the invoices in "Ventes 2026" under a "Today's Date"
    cell, a second sheet that also looks like invoices, headers in snake_case and camelCase,
    two of them without synonym; optionally the owner's own Paramètres sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ventes 2026"
    ws.append(["Today's Date", D(2026, 10, 31)])
    ws.append([])
    ws.append(TX_HEADER)
    for row in TX_ROWS:
        ws.append(row)
    old = wb.create_sheet("Ventes 2025")
    old.append(["Date", "Client", "N° facture", "Montant"])
    old.append([D(2025, 3, 1), "Ancien", "A-1", 99])
    if settings is not None:
        ps = wb.create_sheet("Paramètres")
        for row in settings:
            ps.append(row)
    wb.save(folder / "suivi.xlsx")
    return folder / "suivi.xlsx"


def clients_book(path: Path) -> Path:
    """The clients in a workbook of their own, with their ids and emails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Feuil1"
    ws.append(["clientLogin", "Raison sociale", "client_mail", "Délai de paiement"])
    ws.append(["DUP", "Dupont SARL", "compta@dupont.example", 30])
    ws.append(["MAR", "Martin & Fils", "ap@martin.example", 30])
    wb.save(path)
    return path


def options(clients: Path, *, status: bool = True) -> list[str]:
    out = ["--sheet", "ventes 2026", "--clients", str(clients)]
    out += ["--status", STATUS] if status else []
    for m in MAP:
        out += ["--map", m]
    return out


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


AGING = [
    ["V-1", "DUP", "Dupont SARL", "2026-08-01", "2026-08-31", "1000.0", "1000.0", "0.0"],
    ["V-2", "DUP", "Dupont SARL", "2026-08-15", "2026-09-14", "2500.0", "0.0", "2500.0"],
    ["V-3", "MAR", "Martin & Fils", "2026-09-20", "2026-10-20", "400.0", "0.0", "400.0"],
]


def figures(book: Path, extra: list[str], tmp: Path) -> dict[str, object]:
    """What each reading command says of the book (with the options in `extra`)."""
    rows = list(csv.reader(io.StringIO(run("aging", str(book), "--format", "csv", *extra))))
    kpis = json.loads(run("kpis", str(book), "--format", "json", *extra))
    report = tmp / f"rapport-{len(extra)}.xlsx"
    said = run("report", str(book), "--month", "2026-10", "-o", str(report), *extra)
    drafts = tmp / f"relances-{len(extra)}"
    run("remind", str(book), "--out", str(drafts), *extra)
    to = sorted(
        str(message_from_bytes(p.read_bytes(), policy=policy.default)["To"])
        for p in drafts.glob("*.eml")
    )
    return {
        "aging": [r[:8] for r in rows[1:]],
        "outstanding": kpis["outstanding"],
        "overdue": kpis["overdue"],
        "report": said.split(" : ", 1)[1],
        "to": to,
    }


EXPECTED = {
    "outstanding": 3200.0,
    "overdue": 2900.0,
    "report": "rapport de 10/2026 au 31/10/2026 — encours 3\u202f200,00 €, "
    "variation des créances : équilibrée.\n",
    "to": ["Dupont SARL <compta@dupont.example>", "Martin & Fils <ap@martin.example>"],
}


def check(got: dict[str, object]) -> None:
    aging = got.pop("aging")
    assert aging[:3] == AGING  # the clients workbook's ids, the "Today's Date" as-of date
    assert aging[3][:3] == ["V-4", aging[3][1], "Zeta"] and aging[3][1].startswith("N-")
    spaces = str.maketrans({"\u00a0": " ", "\u202f": " "})
    assert str(got.pop("report")).translate(spaces) == str(EXPECTED["report"]).translate(spaces)
    assert got == {k: v for k, v in EXPECTED.items() if k != "report"}


def test_without_options_the_other_sheet_is_read(tmp_path: Path) -> None:
    book = messy_book(tmp_path)
    rows = list(csv.reader(io.StringIO(run("aging", str(book), "--format", "csv"))))
    assert [r[0] for r in rows[1:]] == ["A-1"]  # "Ventes 2025": the only sheet it can read


def test_every_command_takes_the_options_then_paramètres_holds_them(tmp_path: Path) -> None:
    clients = clients_book(tmp_path / "clients.xlsx")
    book = messy_book(tmp_path)
    alone = run("aging", str(book), "--format", "csv", *options(clients, status=False))
    assert list(csv.reader(io.StringIO(alone)))[1][6:9] == ["0.0", "1000.0", "overdue"]  # "OK"?
    check(figures(book, options(clients), tmp_path))

    said = run("refresh", str(book), *options(clients))
    assert "4 factures" in said
    assert said.splitlines()[-1] == (
        "Paramètres : Feuille des factures, Correspondance des colonnes, Classeur des clients, "
        "Correspondance des statuts enregistré(s) ; les commandes et les boutons suivants "
        "liront le classeur de la même façon sans option."
    )
    assert len(run("refresh", str(book)).splitlines()) == 1  # no option: nothing more to say
    rows = {r[0]: r[1] for r in sheet_values(book, "Paramètres")[1:]}
    assert rows["Feuille des factures"] == "Ventes 2026"  # as the workbook spells it
    assert rows["Correspondance des colonnes"] == "Réf pièce=invoice; Payable le=due_date"
    assert rows["Classeur des clients"] == "clients.xlsx"  # beside the book: relative
    assert rows["Correspondance des statuts"] == "ok=Payé; attente client=En attente"
    labels = [r[0] for r in sheet_values(book, "Paramètres")]
    assert labels.index("Classeur des clients") == labels.index("Correspondance des colonnes") + 1

    check(figures(book, [], tmp_path))
    a = analyse(book)
    assert a.ledger.settings_values["layout"].statuses == (
        ("ok", "Payé"),
        ("attente client", "En attente"),
    )
    assert a.as_of == dt.date(2026, 10, 31)

    # the book moves with its clients workbook: the relative path still resolves
    moved = tmp_path / "ailleurs"
    moved.mkdir()
    for p in (book, clients):
        (moved / p.name).write_bytes(p.read_bytes())
    clients.unlink()
    check(figures(moved / book.name, [], tmp_path / "m"))


def test_owner_paramètres_rows_updated_in_place_others_kept(tmp_path: Path) -> None:
    clients = clients_book(tmp_path / "autre" / "clients.xlsx")  # outside the book's folder
    (tmp_path / "livres").mkdir()
    owner_rows = [
        ["Paramètre", "Valeur", "Note"],
        ["Votre raison sociale", "ACME", "ne pas toucher"],
        ["Feuille des factures"],  # the row is there, its value blank
        ["Mes notes", "rien à voir", 42],
        ["Correspondance des colonnes", "Payable le=due_date"],
        ["Correspondance des statuts", "attente client=En attente"],
    ]
    book = messy_book(tmp_path / "livres", settings=owner_rows)
    args = ["--sheet", "Ventes 2026", "--clients", str(clients), "--map", "Réf pièce=invoice"]
    run("refresh", str(book), *args, "--status", "OK=paid")
    got = sheet_values(book, "Paramètres")
    assert [r[:3] for r in got] == [
        ["Paramètre", "Valeur", "Note"],
        ["Votre raison sociale", "ACME", "ne pas toucher"],
        ["Feuille des factures", "Ventes 2026", ""],
        ["Mes notes", "rien à voir", 42],
        ["Correspondance des colonnes", "Réf pièce=invoice; Payable le=due_date", ""],
        ["Correspondance des statuts", "ok=paid; attente client=En attente", ""],
        [
            "Classeur des clients",
            str(clients.resolve()),  # outside the book's folder: the full path
            "Vide = les clients sont dans ce classeur. Sinon le fichier qui les liste (chemin "
            "relatif au dossier de ce classeur ou complet).",
        ],
    ]
    run("refresh", str(book))  # no option: Paramètres as it is, the same figures
    assert sheet_values(book, "Paramètres") == got
    out = run("aging", str(book), "--format", "csv")
    assert [r[:8] for r in csv.reader(io.StringIO(out))][1:4] == AGING


@pytest.mark.parametrize("command", ["refresh", "aging", "kpis", "remind", "report"])
def test_a_bad_status_value_is_a_usage_error(tmp_path: Path, command: str) -> None:
    book = messy_book(tmp_path)
    extra = ["--month", "2026-10"] if command == "report" else []
    result = CliRunner().invoke(main, [command, str(book), *extra, "--status", "payed=maybe"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: Invalid value for '--status': 'payed=maybe': unknown status 'maybe'; use a "
        "status such as Payé (paid), En attente (pending), En retard (overdue), Partiel "
        "(partial), Litige (disputed), Irrécouvrable (written_off), Non lettré (unapplied), "
        "brouillon (draft) or annulé (cancelled)."
    )
    result = CliRunner().invoke(main, [command, str(book), *extra, "--status", "payed"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: Invalid value for '--status': 'payed' is not VALUE=status (for example "
        '"payed=Payé" or "unpayed=En attente").'
    )


def test_a_missing_clients_workbook_named_in_paramètres(tmp_path: Path) -> None:
    book = messy_book(
        tmp_path,
        settings=[["Feuille des factures", "Ventes 2026"], ["Classeur des clients", "parti.xlsx"]],
    )
    result = CliRunner().invoke(main, ["aging", str(book), *(x for m in MAP for x in ("--map", m))])
    assert result.exit_code == 1
    assert result.output == (
        f"arxl: error: suivi.xlsx: the clients workbook {tmp_path / 'parti.xlsx'} (Paramètres: "
        "'Classeur des clients') does not exist; correct the row or clear it.\n"
    )


@needs_soffice
def test_edited_paramètres_open_in_libreoffice(tmp_path: Path) -> None:
    """The rows set in place (the owner's sheet, and one arxl wrote without cell references)
    are read back the same after LibreOffice opens and resaves the book."""
    clients = clients_book(tmp_path / "clients.xlsx")
    owner = messy_book(
        tmp_path, settings=[["Paramètre", "Valeur"], ["Feuille des factures"], ["Notes", "x"]]
    )
    run("refresh", str(owner), *options(clients))
    (tmp_path / "b").mkdir()
    created = messy_book(tmp_path / "b")
    run("refresh", str(created), *options(clients))  # arxl creates Paramètres
    run("refresh", str(created), "--status", "payed=paid")  # then sets one of its cells
    for book in (owner, created):
        before = sheet_values(book, "Paramètres")
        resaved = convert(book, "xlsx", tmp_path / "lo" / book.parent.name)
        assert sheet_values(resaved, "Paramètres") == before
        openpyxl.load_workbook(book)  # a strict reader takes it too
    rows = {r[0]: r[1] for r in sheet_values(created, "Paramètres")}
    assert rows["Correspondance des statuts"] == "payed=paid; ok=Payé; attente client=En attente"
    assert rows["Feuille des factures"] == "Ventes 2026"


def test_the_workbook_buttons_read_the_layout_paramètres_holds(tmp_path: Path) -> None:
    from helpers.memorybook import MemoryWorkbook

    from arxl import api

    clients = clients_book(tmp_path / "clients.xlsx")
    book = messy_book(tmp_path)
    run("refresh", str(book), *options(clients))
    open_book = MemoryWorkbook(book)
    result = api.refresh_open_workbook(open_book, "reminders", today=dt.date(2030, 1, 1))
    a = result.analysis
    assert a.as_of == dt.date(2026, 10, 31) and len(a.items) == 4
    emails = dict(zip(a.ledger.clients["client_id"], a.ledger.clients["email"], strict=True))
    assert emails["DUP"] == "compta@dupont.example" and emails["MAR"] == "ap@martin.example"
    assert {"DUP", "MAR"} <= set(a.reminders["client_id"])


def test_a_bad_status_row_in_paramètres_names_the_row(tmp_path: Path) -> None:
    book = messy_book(
        tmp_path,
        settings=[
            ["Feuille des factures", "Ventes 2026"],
            ["Correspondance des colonnes", "; ".join(MAP)],
            ["Correspondance des statuts", "payed=Payé; unpayed=bof"],
        ],
    )
    result = CliRunner().invoke(main, ["kpis", str(book)])
    assert result.exit_code == 1
    assert result.output.startswith(
        "arxl: error: Paramètres, row 'Correspondance des statuts': 'unpayed=bof': unknown "
        "status 'bof'; use a status such as Payé (paid)"
    )
