"""Golden values of the sheets written for the bundled sample (as of its reference date).

Set ARXL_UPDATE_GOLDEN=1 to rewrite the golden file after an intended change, then review the
diff of tests/reports/golden/demo_sheets.json like code.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from conftest import sheet_values

from arxl.api.demo import make_demo
from arxl.vocab import Lang
from tests.helpers.libreoffice import convert, needs_soffice, pdf_text

GOLDEN = Path(__file__).parent / "golden" / "demo_sheets.json"
OWNED = [
    "Tableau de bord",
    "Suivi",
    "Balance âgée",
    "Relances",
    "Pénalités",
    "Anomalies",
    "Paramètres",
]


def _plain(v: object) -> object:
    if isinstance(v, dt.date | dt.datetime):
        return v.isoformat()
    if isinstance(v, float):
        return round(v, 2)
    return v


def dump(path: Path) -> dict[str, list[list[object]]]:
    return {name: [[_plain(v) for v in row] for row in sheet_values(path, name)] for name in OWNED}


def _format(sheets: dict[str, list[list[object]]]) -> str:
    """One JSON line per row, so that a diff shows the rows that changed."""
    parts = []
    for name, rows in sheets.items():
        body = ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in rows)
        parts.append(f" {json.dumps(name, ensure_ascii=False)}: [\n{body}\n ]")
    return "{\n" + ",\n".join(parts) + "\n}\n"


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("golden") / "demo.xlsx"
    make_demo(path, Lang.FR)
    return path


def test_written_sheets_match_golden_values(demo_book: Path) -> None:
    got = dump(demo_book)
    if os.environ.get("ARXL_UPDATE_GOLDEN"):
        GOLDEN.write_text(_format(got), encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for name in OWNED:
        assert got[name] == want[name], name


def test_golden_sanity(demo_book: Path) -> None:
    """The golden file itself must say what the rules say (guards a careless update)."""
    aged = dump(demo_book)["Balance âgée"]
    header, rows, total = aged[0], aged[1:-1], aged[-1]
    assert header[-3:] == ["Total factures", "Avoirs et crédits non lettrés", "Solde net"]
    assert total[1] == "Total"
    rows = [[0.0 if v == "" else v for v in r] for r in rows]  # an empty bucket is blank
    for col in range(2, 10):
        assert sum(r[col] for r in rows) == pytest.approx(total[col], abs=0.01)
    for r in rows:
        assert sum(r[2:7]) == pytest.approx(r[7], abs=0.01)  # the buckets add up to the invoices
        assert r[7] + r[8] == pytest.approx(r[9], abs=0.01)  # less the credits: the net
        assert r[8] <= 0
    assert [r[9] for r in rows] == sorted((r[9] for r in rows), reverse=True)
    suivi = dump(demo_book)["Suivi"]
    status = suivi[0].index("Statut")
    balance = suivi[0].index("Solde")
    open_rows = [r for r in suivi[1:] if r[status] in ("En attente", "En retard", "Litige")]
    assert sum(r[balance] for r in open_rows) == pytest.approx(total[7], abs=0.01)


@pytest.mark.libreoffice
@needs_soffice
def test_libreoffice_opens_and_renders_the_demo(demo_book: Path, tmp_path: Path) -> None:
    pdf = convert(demo_book, "pdf", tmp_path)
    assert pdf.stat().st_size > 10_000
    text = pdf_text(pdf)
    if text is not None:
        for words in ("Balance âgée", "Non échu", "Relance courtoise", "Date illisible", "DSO"):
            assert words in text
