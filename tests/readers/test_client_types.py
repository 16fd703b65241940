"""The client type read the way an owner writes it (user trial 2): "Particuliers", "Client
particulier", "Part.", "Personne privée"... are consumers, who owe no L441-10 penalties and no
40 € indemnity; a cell naming both sides or neither stays a business and is told in Anomalies;
a blank cell is a business, silently."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from conftest import book_issues, make_workbook

import arxl
from arxl.settings import Settings
from arxl.vocab import ClientType, client_type_sides

D = dt.date
AS_OF = D(2026, 3, 31)
HEADER = ["ID Client", "Nom", "Adresse", "Email", "Type"]
TX_HEADER = ["Date", "ID Client", "Description", "Montant", "Statut", "Échéance"]

CONSUMER_SPELLINGS = [
    "Particulier",
    "Particuliers",
    "particulière",
    "Client particulier",
    "particulier (B2C)",
    "Part.",
    "Personne physique",
    "Pers. physique",
    "Personne privée",
    "Privé",
    "Privée",
    "Consommateur",
    "B2C",
    "Individual",
    "Private",
    "Private individual",
    "Consumer",
    "Consumers",
    "Household",
    "Person",
    "Non professionnel",
    "non-pro",
]
BUSINESS_SPELLINGS = [
    "Professionnel",
    "Professionnels",
    "Pro",
    "Entreprise",
    "Société",
    "Sté",
    "SARL",
    "SAS",
    "SA",
    "EURL",
    "SCI",
    "Personne morale",
    "B2B",
    "Business",
    "Company",
    "Private company",
    "Secteur privé",
    "Trade",
    "Ltd",
    "LLC",
    "Association",
    "Administration",
    "Collectivité",
    "Public",
    "Client pro (B2B)",
]
AMBIGUOUS_SPELLINGS = ["B2B/B2C", "particulier ou pro", "Particulier/Professionnel"]
UNKNOWN_SPELLINGS = ["VIP", "Export", "?", "1"]


def _read(tmp_path: Path, types: list[object]) -> arxl.Analysis:
    clients = [
        [i, f"Client {i}", f"{i} rue A", f"c{i}@example.com", t] for i, t in enumerate(types, 1)
    ]
    tx = [[D(2026, 1, 1), 1, "F-1", 100, "En attente", D(2026, 2, 1)]]
    path = make_workbook(
        tmp_path / "types.xlsx",
        clients=clients,
        transactions=tx,
        client_header=HEADER,
        tx_header=TX_HEADER,
    )
    return arxl.analyse(path, as_of=AS_OF)


def _types(a: arxl.Analysis) -> list[str]:
    return a.ledger.clients.sort_values("row")["client_type"].tolist()


def _type_issues(a: arxl.Analysis) -> list[tuple[str, int | None, str, object]]:
    return [(i.sheet, i.row, i.column, i.value) for i in book_issues(a) if i.column == "Type"]


@pytest.mark.parametrize("text", CONSUMER_SPELLINGS)
def test_consumer_spellings(text: str) -> None:
    assert client_type_sides(text) == (True, False)


@pytest.mark.parametrize("text", BUSINESS_SPELLINGS)
def test_business_spellings(text: str) -> None:
    assert client_type_sides(text) == (False, True)


def test_words_are_whole_words() -> None:
    # "Partenaire" holds "part", "Prospect" holds "pro": whole words only, neither is a type
    for text in ("Partenaire", "Prospect", "Sans objet"):
        assert client_type_sides(text) == (False, False), text


def test_the_sheet_reads_consumers_and_businesses_without_anomalies(tmp_path: Path) -> None:
    a = _read(tmp_path, CONSUMER_SPELLINGS + BUSINESS_SPELLINGS)
    consumer, business = ClientType.CONSUMER.value, ClientType.BUSINESS.value
    assert _types(a) == [consumer] * len(CONSUMER_SPELLINGS) + [business] * len(BUSINESS_SPELLINGS)
    assert _type_issues(a) == []


@pytest.mark.parametrize("header", ["Particulier/Professionnel", "B2B/B2C", "Business/Consumer"])
def test_the_column_named_by_its_two_sides(tmp_path: Path, header: str) -> None:
    clients = [
        [1, "Dupont", "1 rue A", "d@example.com", "Particulier"],
        [2, "Martin", "", "", "Pro"],
    ]
    tx = [[D(2026, 1, 1), 1, "F-1", 100, "En attente", D(2026, 2, 1)]]
    path = make_workbook(
        tmp_path / "header.xlsx",
        clients=clients,
        transactions=tx,
        client_header=[*HEADER[:4], header],
        tx_header=TX_HEADER,
    )
    assert _types(arxl.analyse(path, as_of=AS_OF)) == ["consumer", "business"]


def test_blank_is_a_business_silently(tmp_path: Path) -> None:
    a = _read(tmp_path, ["", None, "  ", "Particulier"])
    assert _types(a) == ["business", "business", "business", "consumer"]
    assert _type_issues(a) == []


def test_ambiguous_and_unknown_stay_business_and_are_told(tmp_path: Path) -> None:
    a = _read(tmp_path, ["Particulier", *AMBIGUOUS_SPELLINGS, *UNKNOWN_SPELLINGS])
    n = len(AMBIGUOUS_SPELLINGS) + len(UNKNOWN_SPELLINGS)
    assert _types(a) == ["consumer"] + ["business"] * n
    # the header is row 1, the "Particulier" row 2: the others from row 3 on
    expected = [
        ("Clients", row, "Type", value)
        for row, value in enumerate([*AMBIGUOUS_SPELLINGS, *UNKNOWN_SPELLINGS], 3)
    ]
    assert sorted(_type_issues(a), key=lambda x: x[1]) == expected
    issues = {i.row: i for i in book_issues(a) if i.column == "Type"}
    ambiguous, unknown = issues[3], issues[3 + len(AMBIGUOUS_SPELLINGS)]
    assert ambiguous.message_fr.startswith("Type de client ambigu")
    assert ambiguous.message_en.startswith("Ambiguous client type")
    assert unknown.message_fr.startswith("Type de client non reconnu")
    assert unknown.message_en.startswith("Unknown client type")
    for issue in (ambiguous, unknown):
        # what was assumed and what to write instead, in both languages
        assert "compté comme professionnel" in issue.message_fr
        assert "« Particulier »" in issue.message_fr and "« Professionnel »" in issue.message_fr
        assert "taken as a business" in issue.message_en
        assert '"Consumer"' in issue.message_en and '"Business"' in issue.message_en


def test_client_particulier_owes_no_indemnity(tmp_path: Path) -> None:
    # two clients, each 1 000 € due 01/02/2026, still owed on 31/03/2026 (French law); the
    # consumer got a formal notice (level 3) on 01/03/2026: interest at the legal rate from
    # then, and no 40 € indemnity; the business owes L441-10 penalties and the 40 €
    clients = [
        [1, "Dupont", "1 rue A", "dupont@example.com", "Client particulier"],
        [2, "Martin SARL", "2 rue B", "martin@example.com", "Entreprise"],
    ]
    tx = [
        [D(2026, 1, 2), 1, "F-1", 1000, "En attente", D(2026, 2, 1)],
        [D(2026, 1, 2), 2, "F-2", 1000, "En attente", D(2026, 2, 1)],
    ]
    log = [
        ["Date", "ID Client", "Client", "Niveau", "Canal", "Notes du gérant"],
        [D(2026, 3, 1), 1, "Dupont", 3, "Courrier", ""],
    ]
    path = make_workbook(
        tmp_path / "b2c.xlsx",
        clients=clients,
        transactions=tx,
        client_header=HEADER,
        tx_header=TX_HEADER,
        extra_sheets={"Journal des relances": log},
    )
    a = arxl.analyse(path, as_of=AS_OF, settings=Settings(country="FR"))
    pen = a.penalties.frame.set_index("invoice")
    assert pen.at["F-1", "client_type"] == "consumer"
    assert pen.at["F-1", "indemnity"] == 0.0
    assert pen.at["F-1", "start"] == pd.Timestamp(D(2026, 3, 1))  # from the formal notice
    assert pen.at["F-2", "client_type"] == "business"
    assert pen.at["F-2", "indemnity"] == 40.0
    assert pen.at["F-2", "start"] == pd.Timestamp(D(2026, 2, 1))  # from the due date
