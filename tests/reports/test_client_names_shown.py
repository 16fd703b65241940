"""One way to name a client without a name, on every sheet: an id the Clients sheet does not
list says "(absent de Clients)" (Balance âgée, Relances, the dashboard), and a listed client
without a name (a converted export's ids) is shown by its id alone, never as absent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from conftest import make_workbook, sheet_values

from arxl.cli import main

D = dt.date
AS_OF = D(2026, 11, 30)
ABSENT = "(absent de Clients)"


def _refresh(book: Path, out: Path) -> None:
    result = CliRunner().invoke(
        main, ["refresh", str(book), "-o", str(out), "--as-of", AS_OF.isoformat()]
    )
    assert result.exit_code == 0, result.output


def _client_cells(path: Path, sheet: str, client_id: str) -> list[object]:
    return [r[1] for r in sheet_values(path, sheet) if str(r[0]).strip() == client_id]


def test_an_unknown_id_says_so_on_every_sheet(tmp_path: Path) -> None:
    book = make_workbook(
        tmp_path / "livre.xlsx",
        clients=[[1, "Dupont SARL", "", "", "compta@dupont.example"]],
        transactions=[
            [D(2026, 8, 1), 1, "Facture #1", 1200.0, "En attente"],
            [D(2026, 8, 3), 7, "Facture #2", 500.0, "En attente"],  # 7 is not in Clients
        ],
    )
    out = tmp_path / "out.xlsx"
    _refresh(book, out)
    assert _client_cells(out, "Balance âgée", "7") == [ABSENT]
    assert _client_cells(out, "Relances", "7") == [ABSENT]
    board = [str(v) for row in sheet_values(out, "Tableau de bord") for v in row]
    assert f"7 {ABSENT}" in board
    assert _client_cells(out, "Balance âgée", "1") == ["Dupont SARL"]


def test_a_listed_client_without_a_name_is_not_absent(tmp_path: Path) -> None:
    """An export with client codes and no names, converted: its clients are listed."""
    export = tmp_path / "export.csv"
    export.write_text(
        "N° facture;Date;Échéance;Code client;Montant TTC;Statut\n"
        "F001;01/08/2026;31/08/2026;00042;1 200,00;En attente\n"
        "F002;03/08/2026;02/09/2026;00043;500,00;En attente\n",
        encoding="utf-8",
    )
    out = tmp_path / "conv"
    result = CliRunner().invoke(
        main, ["convert", str(export), "-o", str(out), "--as-of", AS_OF.isoformat()]
    )
    assert result.exit_code == 0, result.output
    book = out / "export.xlsx"
    for sheet in ("Balance âgée", "Relances"):
        assert _client_cells(book, sheet, "00042") == [""], sheet
    board = [str(v) for row in sheet_values(book, "Tableau de bord") for v in row]
    assert not any(ABSENT in v for v in board)
    assert "00042" in board
