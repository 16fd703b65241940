"""Whole books in the shapes real owners keep (issue 17), through the CLI as a new user runs it:
an English template with its own Dashboard sheet, snake_case headers, dollar amounts as text,
credit memos, advances, misspelt statuses, drafts, a dispute in the remarks, blank clients and
amounts in the millions. Every figure is worked out by hand below."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from conftest import sheet_values

from arxl.cli import main

D = dt.date


def _template(path: Path) -> Path:
    wb = openpyxl.Workbook()
    dash = wb.active
    dash.title = "Dashboard"  # the owner's, used by their own formulas
    dash["A1"] = "My receivables"
    dash["B2"] = "=SUM(Invoices!D4:D20)"
    ws = wb.create_sheet("Invoices")
    ws["A1"], ws["B1"] = "Today's Date", D(2026, 11, 30)
    ws.append([])
    ws.append(
        [
            "transaction_date",
            "customer_name",
            "invoice_no",
            "final_invoiced_amount",
            "invoice_status",
            "remarks",
        ]
    )
    rows = [
        # Acme: 2 invoices, a credit memo naming the first, an unreferenced advance
        [D(2026, 6, 1), "Acme Corp", "INV-111", "$10,500.00", "unpayed", ""],
        [D(2026, 6, 8), "Acme Corp", "INV-112", "$4,500.00", "unpayed", ""],
        [D(2026, 7, 1), "Acme Corp", "CM-111", "-$10,500.00", "", "credit memo for INV-111"],
        [D(2026, 7, 2), "Acme Corp", "ADV-7", "-$1,000.00", "", "advance received"],
        # Globex owes nothing: invoice payed
        [D(2026, 8, 1), "Globex", "INV-113", "$2,000.00", "payed", ""],
        # Initech: a large invoice, a disputed one, a draft
        [D(2026, 9, 1), "Initech", "INV-114", "$1,250,000.00", "unpayed", ""],
        [D(2026, 9, 2), "Initech", "INV-115", "$800.00", "unpayed", "Disputing due overcharge"],
        [D(2026, 10, 1), "Initech", "INV-116", "$5,000.00", "Draft", ""],
        # nobody
        [D(2026, 10, 5), None, "INV-117", "$432,618.00", "unpayed", ""],
        # Umbrella: a credit larger than its only invoice
        [D(2026, 9, 10), "Umbrella", "INV-118", "$300.00", "unpayed", ""],
        [D(2026, 9, 20), "Umbrella", "RET-1", "-$900.00", "", "Return of goods"],
    ]
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_an_english_template_as_a_new_user_refreshes_it(tmp_path: Path) -> None:
    book = _template(tmp_path / "tracker.xlsx")
    run = CliRunner().invoke(main, ["refresh", str(book)])
    assert run.exit_code == 0, run.output
    wb = openpyxl.load_workbook(book)
    assert wb["Dashboard"]["B2"].value == "=SUM(Invoices!D4:D20)"  # the owner's, untouched
    assert "Dashboard (arxl)" in wb.sheetnames

    aged = sheet_values(book, "Aged balance")
    head = aged[0]
    assert head[-3:] == ["Invoices total", "Open credits", "Net balance"]
    net = {r[1]: r[-3:] for r in aged[1:-1]}
    # Acme: 15 000 - 10 500 (CM-111 on INV-111) - 1 000 (advance on INV-112): 3 500
    # Initech: 1 250 000 + 800 disputed (the draft is not a receivable)
    # Umbrella: 300 - 900: nothing owed, 600 of credit; Globex: nothing
    assert net == {
        "Initech": [1_250_800, "", 1_250_800],  # nothing in a column: a blank cell
        "Acme Corp": [3_500, "", 3_500],
        "Umbrella": ["", -600, -600],
    }
    assert aged[-1][-3:] == [1_254_300, -600, 1_253_700]

    reminders = sheet_values(book, "Reminders")
    chased = {r[1]: r[-2] for r in reminders[1:-1] if r and r[1]}  # the total row last
    assert chased == {"Initech": 1_250_000, "Acme Corp": 3_500}

    issues = [(r[1], r[2], r[4]) for r in sheet_values(book, "Issues")[1:] if r and r[0]]
    messages = " | ".join(m for _, _, m in issues)
    assert "treated as disputed" in messages or "contestée" in messages
    assert "not a receivable" in messages or "pas une créance" in messages
    assert any(row == 12 for row, _, _ in issues)  # INV-117, no client
    assert "Dashboard (arxl)" in messages

    # every other command reads it the same way, with no option
    kpis = CliRunner().invoke(main, ["kpis", str(book), "--format", "json"])
    assert kpis.exit_code == 0, kpis.output
    aging = CliRunner().invoke(main, ["aging", str(book), "--by", "client", "--format", "json"])
    assert aging.exit_code == 0, aging.output
    totals = {r["client_name"]: r["total"] for r in json.loads(aging.stdout)["rows"]}
    assert totals == {"Initech": 1_250_800, "Acme Corp": 3_500, "Umbrella": -600}
    # a second refresh changes nothing in the figures and adds no sheet
    names = wb.sheetnames
    again = CliRunner().invoke(main, ["refresh", str(book)])
    assert again.exit_code == 0, again.output
    assert openpyxl.load_workbook(book).sheetnames == names
    assert sheet_values(book, "Aged balance") == aged
