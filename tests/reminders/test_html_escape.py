"""The HTML email shows the owner's texts as typed, never as markup: an invoice reference or a
name holding "<", ">" or "&" is escaped once wherever it appears (the invoice table, and the
sentences the shared text macros write: the payment reference, the sender), as in the
plain-text email."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from conftest import make_workbook

from arxl.api.remind import remind
from tests.reminders.test_interest_date import TEMPLATES, keep_only_j2

D = dt.date


def test_references_and_names_are_escaped_in_every_sentence(tmp_path: Path) -> None:
    book = make_workbook(
        tmp_path / "b.xlsx",
        clients=[[1, "Élan & Fils <Paris>", "", "c@l.test", ""]],
        transactions=[[D(2026, 9, 1), 1, "Facture 12 <b>&amp;</b>", 1000, "", D(2026, 10, 1)]],
        client_header=["ID Client", "Nom", "Adresse", "Email", "Langue"],
        tx_header=["Date", "ID Client", "Description", "Montant", "Statut", "Échéance"],
        extra_sheets={
            "Paramètres": [["Paramètre", "Valeur"], ["Votre raison sociale", "Durand & Cie <SARL>"]]
        },
    )
    shutil.copytree(TEMPLATES, tmp_path / "workbook_templates", ignore=keep_only_j2)
    (rem,) = remind(book, out_dir=tmp_path / "out", as_of=D(2026, 11, 30)).reminders
    typed = "Facture 12 &lt;b&gt;&amp;amp;&lt;/b&gt;"
    assert "Facture 12 <b>&amp;</b>" in rem.text  # the plain text as typed
    assert "<b>" not in rem.html and "<SARL>" not in rem.html and "<Paris>" not in rem.html
    assert rem.html.count(typed) == rem.text.count("Facture 12 <b>&amp;</b>") >= 2
    assert "Durand &amp; Cie &lt;SARL&gt;" in rem.html
