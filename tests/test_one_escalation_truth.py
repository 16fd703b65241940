"""One escalation truth (issue 18): the level on the Relances sheet is the level of the draft
`arxl remind` writes, for every client of several books (the demo, a book with a reminder log,
a book with holds, disputes and a client who owes nothing)."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes, policy
from pathlib import Path

from conftest import make_workbook, sheet_values

import arxl
from arxl.api.demo import DEMO_AS_OF, make_demo

D = dt.date
AS_OF = D(2026, 3, 31)
CLIENT_HEADER = ["ID Client", "Nom", "Adresse", "Email", "Pas de relance", "Type"]
CLIENTS = [
    [1, "Alpha SARL", "1 rue A, 75001 Paris", "compta@alpha.example", "", ""],
    [2, "Beta SAS", "2 rue B, Lyon", "compta@beta.example", "", ""],
    [3, "Gamma", "3 rue C", "gamma@example.com", "oui", ""],
    [4, "Delta", "4 rue D", "delta@example.com", "", ""],
    [5, "Epsilon", "5 rue E", "eps@example.com", "", ""],
    [6, "Zeta", "6 rue F", "", "", ""],
    [7, "Eta", "7 rue G", "eta@example.com", "", ""],
]
TX_HEADER = ["Date", "ID Client", "Description", "Montant", "Statut", "Remarques", "Échéance"]
TRANSACTIONS = [
    # Alpha: 200 days late, nothing logged: level 1 first (lateness alone gives 4)
    [D(2025, 8, 1), 1, "F-01", 1000, "En attente", "", D(2025, 9, 12)],
    # Beta: 100 days late, level 1 logged 20 days ago: level 2 now
    [D(2025, 11, 1), 2, "F-02", 2000, "En attente", "", D(2025, 12, 21)],
    # Gamma: "Pas de relance"
    [D(2026, 1, 1), 3, "F-03", 900, "En attente", "", D(2026, 2, 1)],
    # Delta: level 2 logged 3 days ago: too soon for level 3
    [D(2025, 12, 1), 4, "F-04", 800, "En attente", "", D(2026, 1, 1)],
    # Epsilon: only a disputed invoice, and one whose remark says so
    [D(2026, 1, 1), 5, "F-05", 700, "Litige", "", D(2026, 2, 1)],
    [D(2026, 1, 2), 5, "F-06", 300, "En attente", "client conteste la remise", D(2026, 2, 2)],
    # Zeta: no email
    [D(2026, 2, 1), 6, "F-07", 400, "En attente", "", D(2026, 3, 3)],
    # Eta: owes nothing (a credit note covers the invoice)
    [D(2026, 1, 1), 7, "F-08", 500, "En attente", "", D(2026, 2, 1)],
    [D(2026, 2, 1), 7, "Avoir sur F-08", -500, "", "", None],
]
LOG_HEADER = ["Date", "ID Client", "Client", "Niveau", "Canal"]
LOG = [
    [D(2026, 3, 11), 2, "Beta SAS", 1, "Email"],
    [D(2026, 3, 10), 4, "Delta", 1, "Email"],
    [D(2026, 3, 28), 4, "Delta", 2, "Email"],
]


def _relances(book: Path, result: arxl.RefreshResult) -> dict[str, list[object]]:
    rows = sheet_values(result.path, result.sheets["reminders"])
    return {str(r[0]): r for r in rows[1:] if r and r[0] not in ("", None)}


def _drafted_levels(result) -> dict[str, int]:
    out = {}
    for path in result.drafts.values():
        msg = message_from_bytes(Path(path).read_bytes(), policy=policy.default)
        out[str(msg["X-Arxl-Client"])] = int(msg["X-Arxl-Level"])
    return out


def _check_same_levels(book: Path, as_of: dt.date, tmp_path: Path) -> dict[str, list[object]]:
    refreshed = arxl.refresh_workbook(book, out=tmp_path / "refreshed.xlsx", as_of=as_of)
    relances = _relances(book, refreshed)
    drafted = arxl.remind(book, out_dir=tmp_path / "drafts", as_of=as_of)
    levels = _drafted_levels(drafted)
    assert levels, "no draft at all"
    for client, level in levels.items():
        assert client in relances, f"client {client} drafted but not on Relances"
        assert relances[client][2] == level, (client, relances[client], level)
    # and the plan remind used is the sheet's, client by client
    plan = drafted.plan.set_index("client_id")["level"].to_dict()
    for client, row in relances.items():
        assert plan[client] == row[2], (client, plan[client], row)
    return relances


def test_a_book_with_a_log_holds_disputes_and_net_positions(tmp_path) -> None:
    book = make_workbook(
        tmp_path / "f.xlsx",
        clients=CLIENTS,
        transactions=TRANSACTIONS,
        client_header=CLIENT_HEADER,
        tx_header=TX_HEADER,
        extra_sheets={"Journal des relances": [LOG_HEADER, *LOG]},
    )
    relances = _check_same_levels(book, AS_OF, tmp_path)
    assert {k: v[2] for k, v in relances.items()} == {"1": 1, "2": 2, "3": 1, "4": 3, "6": 1}
    header = sheet_values(tmp_path / "refreshed.xlsx", "Relances")[0]
    last, action = header.index("Dernière relance"), header.index("Prochaine action")
    lateness = header.index("Selon le retard")
    # Alpha: 200 days late (level 4 by lateness), nothing logged yet: level 1, then one by one
    assert relances["1"][lateness] == "4 – Recouvrement"
    assert relances["1"][last] == "Aucune (journal vide)"
    assert relances["1"][action] == (
        "Relance courtoise aujourd'hui, puis un niveau de plus tous les 7 j au moins"
    )
    # dates as the owner's invoice cells show them (openpyxl's yyyy-mm-dd here)
    assert relances["2"][last] == "2026-03-11 (niveau 1)"
    assert relances["4"][last] == "2026-03-28 (niveau 2)"
    assert relances["4"][action].startswith("Mise en demeure à partir du 2026-04-04")
    assert relances["3"][action].startswith("Aucune : relances suspendues")
    assert "pas d'email" in relances["6"][action]
    # Epsilon's invoices are disputed, Eta owes nothing: not on the sheet, no draft
    assert "5" not in relances and "7" not in relances


def test_the_demo(tmp_path) -> None:
    demo = make_demo(tmp_path / "demo.xlsx").path
    relances = _check_same_levels(demo, DEMO_AS_OF, tmp_path)
    # the demo has no log: every client starts at level 1 (or 0 before the due date)
    assert {row[2] for row in relances.values()} <= {0, 1}
