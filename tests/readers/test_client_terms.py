"""A client's payment terms as owners write them in the Clients sheet ("45 jours", "60 j",
"à réception", "45 jours fin de mois"): each invoice's due date from them, by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import make_workbook

from arxl.api import analyse
from arxl.api.convert import convert_file
from arxl.api.convert_inputs import ConvertOptions

D = dt.date
HEADER = ["ID Client", "Nom", "Email", "Délai de paiement"]
CLIENTS = [
    [1, "Alpha", "a@x.fr", "45 jours"],
    [2, "Bravo", "b@x.fr", "60 j"],
    [3, "Charlie", "c@x.fr", "à réception"],
    [4, "Delta", "d@x.fr", "45 jours fin de mois"],
    [5, "Echo", "e@x.fr", "Fin de mois + 45 jours"],
    [6, "Foxtrot", "f@x.fr", 20],
    [7, "Golf", "g@x.fr", "selon contrat"],
]
TX_HEADER = ["Date", "ID Client", "Description", "Montant", "Statut"]
TX = [
    [D(2026, 8, 31), 1, "F-1", 100, "En attente"],
    [D(2026, 8, 31), 2, "F-2", 100, "En attente"],
    [D(2026, 10, 20), 3, "F-3", 100, "En attente"],
    [D(2026, 8, 10), 4, "F-4", 100, "En attente"],
    [D(2026, 8, 10), 5, "F-5", 100, "En attente"],
    [D(2026, 10, 1), 6, "F-6", 100, "En attente"],
    [D(2026, 9, 1), 7, "F-7", 100, "En attente"],
]
# by hand: 31/08 + 45 = 15/10; 31/08 + 60 = 30/10; on receipt = the invoice date; 10/08 + 45
# = 24/09, then its month's end 30/09; end of August 31/08 + 45 = 15/10; 01/10 + 20 = 21/10;
# unreadable terms: the 30 days by default, 01/09 + 30 = 01/10
DUE = {
    "F-1": D(2026, 10, 15),
    "F-2": D(2026, 10, 30),
    "F-3": D(2026, 10, 20),
    "F-4": D(2026, 9, 30),
    "F-5": D(2026, 10, 15),
    "F-6": D(2026, 10, 21),
    "F-7": D(2026, 10, 1),
}
AS_OF = D(2026, 10, 31)
DAYS = {"F-1": 16, "F-2": 1, "F-3": 11, "F-4": 31, "F-5": 16, "F-6": 10, "F-7": 30}


def dues(a) -> dict[str, dt.date]:
    return {r.invoice: r.due.date() for r in a.items.itertuples()}


def test_terms_in_words_give_the_due_dates(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "b.xlsx",
        clients=CLIENTS,
        client_header=HEADER,
        transactions=TX,
        tx_header=TX_HEADER,
    )
    a = analyse(path, as_of=AS_OF)
    assert dues(a) == DUE
    days = {r.invoice: int(r.days_overdue) for r in a.items.itertuples()}
    assert days == DAYS
    flagged = [(i.sheet, i.row, i.value) for i in a.issues if "Délai" in i.message_fr]
    assert flagged == [("Clients", 8, "selon contrat")]


def test_a_clients_file_with_month_end_terms_survives_the_converted_workbook(
    tmp_path: Path,
) -> None:
    """convert --terms clients.csv: the converted workbook's Clients sheet keeps "45 jours fin
    de mois" in words, so a refresh of it gives the same due dates as the conversion."""
    export = tmp_path / "export.csv"
    export.write_text(
        "N° facture;Date;Code client;Client;Montant TTC\n"
        "F-4;10/08/2026;4;Delta;100,00\n"
        "F-5;10/08/2026;5;Echo;100,00\n"
        "F-1;31/08/2026;1;Alpha;100,00\n",
        encoding="utf-8",
    )
    clients = tmp_path / "clients.csv"
    clients.write_text(
        "Code client;Nom;Délai de paiement\n"
        "4;Delta;45 jours fin de mois\n5;Echo;fin de mois + 45 jours\n1;Alpha;45 jours\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.xlsx"
    result = convert_file(export, out, ConvertOptions(as_of=AS_OF, clients_file=clients))
    assert result.ok, result.error
    again = analyse(out, as_of=AS_OF)
    assert dues(again) == {k: DUE[k] for k in ("F-4", "F-5", "F-1")}
