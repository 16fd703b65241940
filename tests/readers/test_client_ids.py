"""Client codes whose leading zeros were lost on the way ("007" in Clients, 7 in Transactions,
as Excel writes a CSV saved again): the same client, its email and its credits together."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import make_workbook

from arxl.api import analyse

D = dt.date
HEADER = ["ID Client", "Nom", "Email"]
TX_HEADER = ["Date", "ID Client", "Description", "Montant", "Statut"]


def test_a_code_without_its_leading_zeros_is_the_listed_client(tmp_path: Path) -> None:
    clients = [["007", "Bond SARL", "b@x.fr"], ["0042", "Quarante", "q@x.fr"], ["12", "Douze", ""]]
    tx = [
        [D(2026, 8, 1), 7, "F-1", 500, "En attente"],  # the number Excel kept
        [D(2026, 8, 2), "007", "AV-1", -500, "Avoir"],  # as listed
        [D(2026, 8, 3), "42", "F-2", 300, "En attente"],
        [D(2026, 8, 4), "012", "F-3", 100, "En attente"],  # an export padding its codes
    ]
    path = make_workbook(
        tmp_path / "b.xlsx",
        clients=clients,
        client_header=HEADER,
        transactions=tx,
        tx_header=TX_HEADER,
    )
    a = analyse(path, as_of=D(2026, 10, 31))
    keys = dict(zip(a.items["invoice"], a.items["client_key"], strict=True))
    assert keys["F-1"] == "007" and keys["F-2"] == "0042"
    assert keys["F-3"] == "12"
    total = dict(zip(a.aged["client_id"], a.aged["total"], strict=True))
    assert total.get("007", 0) == 0  # the credit note and the invoice: nothing to chase
    reminded = set(a.reminders["client_id"]) if len(a.reminders) else set()
    assert "007" not in reminded
    unknown = [i.value for i in a.issues if "inconnu" in i.message_fr.lower()]
    assert not {"7", "42", "012"} & set(unknown)
