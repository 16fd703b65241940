"""The Pénalités sheet for a consumer's formal notice and a half-year outside the rate table:
the cached values are the hand-worked figures, and LibreOffice's recalculation agrees."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import CLIENT_HEADER, TX_HEADER, make_workbook, sheet_values

import arxl
from tests.helpers.libreoffice import needs_soffice
from tests.reports.test_penalties_sheet import FRENCH_LAW, rate_table, recalculated_penalties

D = dt.date
CLIENTS = [
    [1, "Dupont SARL", "123 Rue A", "0123456789", "dupont@example.com", "", "Professionnel"],
    [2, "Mme Durand", "1 rue B", "", "durand@example.com", "", "Particulier"],
]
TRANSACTIONS = [
    # 2011-S2 is outside the shipped table: no interest for its days (an anomaly), 40 €
    [D(2011, 11, 1), 1, "F-1", 1000, "Payé", "", D(2011, 12, 1), D(2012, 1, 31), None],
    # a consumer: interest from the formal notice of 10/06/2025 (see test_penalties_law)
    [D(2025, 4, 15), 2, "F-2", 12000, "En attente", "", D(2025, 5, 15), None, None],
]
LOG = [
    ["Date", "ID Client", "Client", "Niveau", "Canal"],
    [D(2025, 5, 20), 2, "Mme Durand", "Relance courtoise", "Email"],
    [D(2025, 6, 10), 2, "Mme Durand", "Mise en demeure", "Courrier"],
]


@pytest.fixture
def refreshed(tmp_path):
    path = make_workbook(
        tmp_path / "b.xlsx",
        clients=CLIENTS,
        client_header=[*CLIENT_HEADER, "Type"],
        transactions=TRANSACTIONS,
        tx_header=TX_HEADER,
        extra_sheets={"Journal des relances": LOG, **FRENCH_LAW},
    )
    arxl.refresh_workbook(path, as_of=D(2025, 8, 20))
    return path


def _rows(path):
    rows = sheet_values(path, "Pénalités")
    body = [r for r in rows[1:] if r[0] not in ("", "Total")]
    return rows[0], {r[0]: dict(zip(rows[0], r, strict=True)) for r in body}


def test_cached_values(refreshed):
    _, rows = _rows(refreshed)
    missing, consumer = rows["F-1"], rows["F-2"]
    # 2011-S2 is left out, 2012-S1 counted: 1 000 × 11 × 31 / 36 500 = 9.342 -> 9.34
    assert missing["Intérêts"] == pytest.approx(9.34) and missing["Indemnité forfaitaire"] == 40
    rates = rate_table(sheet_values(refreshed, "Pénalités"))
    assert rates["2011-S2"] == ""  # not in the table: blank, no interest for its days
    # the first day of interest: the day after the notice of 10/06/2025 (as the day after the
    # due date for a business), 11/06-20/08 counted inclusive
    assert consumer["Intérêts à partir du"] == D(2025, 6, 11)
    assert consumer["Jours comptés"] == 71
    assert consumer["Jours de retard"] == 97  # lateness from the due date, for information
    header = sheet_values(refreshed, "Pénalités")[0]
    at = header.index("Semestre")
    consumer_rates = {r[at]: r[at + 4] for r in sheet_values(refreshed, "Pénalités")[1:] if r[at]}
    assert consumer_rates["2025-S1"] == pytest.approx(0.0721)
    # 12 000 × (20 × 7.21 + 51 × 6.29) / 36 500 = 152.87
    assert consumer["Intérêts"] == pytest.approx(152.87)
    assert consumer["Indemnité forfaitaire"] == 0 and consumer["Total"] == pytest.approx(152.87)
    anomalies = [" ".join(map(str, r)) for r in sheet_values(refreshed, "Anomalies")]
    assert any("2011-S2" in r for r in anomalies)


@needs_soffice
def test_formulas_recalculate_to_the_same_values(refreshed, tmp_path):
    lo = recalculated_penalties(refreshed, tmp_path)
    header, ours = _rows(refreshed)
    theirs = {r[0]: dict(zip(header, r, strict=True)) for r in lo[1:] if r[0] not in ("", "Total")}
    for invoice, mine in ours.items():
        for col in ("Jours de retard", "Jours comptés", "Intérêts", "Total"):
            got = float(theirs[invoice][col].replace(",", ""))
            assert got == pytest.approx(mine[col]), (invoice, col)


def test_uk_profile_sheet_keeps_one_rate_for_the_whole_delay(tmp_path):
    # due 15/06/2025, paid 15/09/2025: BoE of 31/12/2024 (4.75) + 8 = 12.75 % in both
    # half-years; 5 000 × 12.75 % × 92 / 365 = 160.68, compensation £70
    tx = [[D(2025, 5, 16), 1, "F-1", 5000, "Payé", "", D(2025, 6, 15), D(2025, 9, 15), None]]
    path = make_workbook(
        tmp_path / "uk.xlsx",
        transactions=tx,
        tx_header=TX_HEADER,
        extra_sheets={"Paramètres": [["Paramètre", "Valeur"], ["Profil de pénalités", "uk"]]},
    )
    arxl.refresh_workbook(path, as_of=D(2025, 12, 31))
    _, rows = _rows(path)
    got = rows["F-1"]
    assert got["Taux"] == pytest.approx(0.1275)  # one rate for the whole delay
    assert got["Jours de retard"] == 92
    assert got["Intérêts"] == pytest.approx(160.68) and got["Indemnité forfaitaire"] == 70
