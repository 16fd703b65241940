"""A client on hold ("Pas de relance" = oui) is listed on Relances with the reason, but is not
a client to remind: not in the key figure (today's or a past month end's), not in the refresh's
summary, and its Action says reminders are on hold rather than "Email courtois"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from conftest import make_workbook, sheet_values

import arxl
from arxl.cli import main
from arxl.rules.monthly import Ledgers, month_end_figures

D = dt.date
AS_OF = D(2026, 11, 30)
HEADER = ["ID Client", "Nom", "Adresse", "Téléphone", "Email", "Pas de relance"]
CLIENTS = [
    ["C1", "Dupont SARL", "", "", "compta@dupont.example", ""],
    ["C2", "Martin & Fils", "", "", "martin@example.com", "non"],
    ["C3", "Cave Lambert", "", "", "cave@lambert.example", "oui"],  # on hold
    ["C4", "Boulangerie Roux", "", "", "roux@example.com", "Oui"],  # on hold, nothing late
]
TRANSACTIONS = [
    [D(2026, 8, 1), "C1", "Facture #1", 1200.0, "En attente"],
    [D(2026, 8, 5), "C2", "Facture #2", 800.0, "En attente"],
    [D(2026, 8, 9), "C3", "Facture #3", 640.0, "En attente"],
    [D(2026, 11, 20), "C4", "Facture #4", 300.0, "En attente"],  # not yet due
]


def _book(tmp_path: Path) -> Path:
    return make_workbook(
        tmp_path / "livre.xlsx",
        clients=CLIENTS,
        client_header=HEADER,
        transactions=TRANSACTIONS,
    )


def test_the_client_on_hold_is_listed_but_not_counted(tmp_path: Path) -> None:
    a = arxl.analyse(_book(tmp_path), as_of=AS_OF)
    listed = dict(zip(a.reminders["client_id"], a.reminders["skip"], strict=True))
    assert set(listed) == {"C1", "C2", "C3"}
    assert listed["C3"] == "no_reminder"
    assert a.to_remind == 2
    assert a.kpis.clients_to_remind == 2


def test_a_past_month_end_does_not_count_it_either(tmp_path: Path) -> None:
    a = arxl.analyse(_book(tmp_path), as_of=AS_OF)
    ledger = a.ledger
    ledgers = Ledgers(ledger.transactions, ledger.clients, a.settings, ledger.payments)
    before = month_end_figures(ledgers, D(2026, 10, 31))
    assert before is not None and before.clients_to_remind == 2


def test_relances_says_on_hold_and_the_summary_counts_two(tmp_path: Path) -> None:
    book = _book(tmp_path)
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(
        main, ["refresh", str(book), "-o", str(out), "--as-of", AS_OF.isoformat()]
    )
    assert result.exit_code == 0, result.output
    assert "2 à relancer" in result.output
    rows = sheet_values(out, "Relances")
    header = rows[0]
    by_client = {r[0]: r for r in rows[1:] if r[0]}
    action = header.index("Action")
    assert by_client["C3"][action] == "Aucune (relances suspendues)"
    assert by_client["C1"][action] != by_client["C3"][action]


def test_a_client_without_email_is_not_told_to_be_emailed(tmp_path: Path) -> None:
    """Relances' Action for a client arxl cannot email says post or phone, as its Next
    action does; the others keep their email action."""
    clients = [*CLIENTS[:2], ["C5", "Sans Mail SARL", "", "", "", ""]]
    tx = [*TRANSACTIONS[:2], [D(2026, 8, 3), "C5", "Facture #5", 700.0, "En attente"]]
    book = make_workbook(
        tmp_path / "livre.xlsx", clients=clients, client_header=HEADER, transactions=tx
    )
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(
        main, ["refresh", str(book), "-o", str(out), "--as-of", AS_OF.isoformat()]
    )
    assert result.exit_code == 0, result.output
    rows = sheet_values(out, "Relances")
    action = rows[0].index("Action")
    by_client = {r[0]: r for r in rows[1:] if r[0]}
    assert "Email" not in by_client["C5"][action]
    assert "Courrier" in by_client["C5"][action]
    assert by_client["C1"][action].startswith("Email")
