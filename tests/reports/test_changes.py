"""Quoi de neuf (What changed): arxl remembers a summary of each refresh inside the workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import python_calamine
from conftest import make_workbook, sheet_values

import arxl
from tests.helpers.zipparts import zip_parts

D = dt.date
TX = [
    [D(2026, 1, 5), 1, "Facture #001", 1000, "En attente"],
    [D(2026, 1, 10), 2, "Facture #002", 500, "En attente"],
    [D(2026, 2, 20), 1, "Facture #003", 300, "En attente"],
    [D(2026, 2, 25), 2, "Virement Facture #002", -500, ""],
]


def test_changes_between_two_refreshes(tmp_path: Path) -> None:
    book = make_workbook(tmp_path / "b.xlsx", transactions=TX)
    arxl.refresh_workbook(book, as_of=D(2026, 2, 1))
    first = sheet_values(book, "Quoi de neuf")
    assert first[1][0].startswith("Première analyse")
    assert 'state="hidden"' in zip_parts(book)["xl/workbook.xml"].decode()

    arxl.refresh_workbook(book, as_of=D(2026, 4, 15))
    assert sheet_values(book, "Quoi de neuf")[1:] == [
        ["Nouvelle facture", "1", "Dupont SARL", "Facture #003", "", "En retard", ""],
        ["Paiement reçu", "2", "Martin & Fils", "Virement Facture #002", "", "Paiement", 500.0],
        ["Passée en retard", "1", "Dupont SARL", "Facture #001", "En attente", "En retard", ""],
        [
            "Niveau de relance en hausse",
            "1",
            "Dupont SARL",
            "",
            "Rappel avant échéance",
            "Relance courtoise",  # what arxl remind sends: level 1 first (issue 18)
            "",
        ],
        ["Nouveau blocage", "1", "Dupont SARL", "", "", "Bloqué", ""],
    ]
    arxl.refresh_workbook(book, as_of=D(2026, 4, 15))
    assert sheet_values(book, "Quoi de neuf")[1][0] == "Aucun changement depuis le 15/04/2026."
    names = python_calamine.CalamineWorkbook.from_path(str(book)).sheet_names
    assert names.count("arxl_etat") == 1 and names.count("Quoi de neuf") == 1
