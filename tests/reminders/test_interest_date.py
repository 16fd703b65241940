"""The reminders say to which day the interest they quote is counted: "au <date of the
letter>" when it runs to that day, "calculées jusqu'au 30/06/2026" when a half-year whose rate
arxl does not have (2026-S2 here, the bundled table stopping at 2026-S1) cut it short; never
"as of today" for interest that stops months before."""

from __future__ import annotations

import datetime as dt
import html
import shutil
from pathlib import Path

import pytest
from conftest import make_workbook

from arxl.api.remind import remind

# the templates of this checkout, put beside the book as an owner's copy (the package's
# templates may resolve to another checkout)
TEMPLATES = Path(__file__).resolve().parents[2] / "workbook_templates"
D = dt.date
AS_OF = D(2026, 11, 30)
CREDITOR = [
    ["Paramètre", "Valeur"],
    ["Votre raison sociale", "Atelier Durand SARL"],
    ["Votre adresse", "12 rue des Lilas\n69003 Lyon"],
    ["Pays", "FR"],
]
CLIENT_HEADER = ["ID Client", "Nom", "Adresse", "Email", "Langue"]
TX_HEADER = ["Date", "ID Client", "Description", "Montant", "Statut", "Échéance"]
# 10 000 due 15/05/2026 and 600 due 31/10/2026 (no day of its delay has a rate: it must not
# move the date said), open on 30/11/2026; a firm reminder logged on 01/11: a formal notice
TX = [
    [D(2026, 4, 15), 1, "Facture #050", 10000, "En attente", D(2026, 5, 15)],
    [D(2026, 10, 1), 1, "Facture #051", 600, "En attente", D(2026, 10, 31)],
]
LOG = [
    ["Date", "ID Client", "Client", "Niveau", "Canal"],
    [D(2026, 11, 1), 1, "Lefèvre", 2, "Email"],
]


def keep_only_j2(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if not n.endswith(".j2")]


def letter(tmp_path: Path, lang: str = "", rates: str = "") -> tuple[str, str, str]:
    params = [*CREDITOR, *([["Taux de référence par semestre (%)", rates]] if rates else [])]
    book = make_workbook(
        tmp_path / "b.xlsx",
        clients=[[1, "Lefèvre Conseil SAS", "10 bd Haussmann, 75009 Paris", "c@l.test", lang]],
        transactions=TX,
        client_header=CLIENT_HEADER,
        tx_header=TX_HEADER,
        extra_sheets={"Journal des relances": LOG, "Paramètres": params},
    )
    shutil.copytree(TEMPLATES, tmp_path / "workbook_templates", ignore=keep_only_j2)
    (rem,) = remind(book, out_dir=tmp_path / "out", as_of=AS_OF).reminders
    assert rem.level == 3 and rem.penalties["interest"] > 0
    return rem.text, html.unescape(rem.html), rem.letter_text


def test_interest_cut_short_by_a_missing_rate_says_its_last_day(tmp_path):
    texts = letter(tmp_path)
    for text in texts:
        assert "Pénalités de retard calculées jusqu'au 30/06/2026" in text
        assert "au 30/11/2026" not in text
    # 10 000 × 12.15 × 46 / 36 500 = 153.12: the days of 2026-S1 only
    line = "Pénalités de retard calculées jusqu'au 30/06/2026 : 153,12\u00a0€"
    assert line in texts[0]


def test_in_english_too(tmp_path):
    for text in letter(tmp_path, "en"):
        assert "Late-payment penalties calculated up to 30/06/2026" in text
        assert "as of 30/11/2026" not in text


@pytest.mark.parametrize(
    ("lang", "words"),
    [("", "Pénalités de retard au 30/11/2026"), ("en", "Late-payment penalties as of 30/11/2026")],
)
def test_interest_counted_to_the_letters_date_says_so(tmp_path, lang, words):
    # 2026-S2 given in Paramètres: every day up to 30/11 counts
    for text in letter(tmp_path, lang, "2026-S2=2,15"):
        assert words in text
        assert "jusqu'au" not in text and "up to" not in text
