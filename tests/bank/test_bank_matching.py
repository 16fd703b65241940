"""rules.matching through statements of every format: the cases issue 23 lists."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from helpers.bankstatements import WRITERS, Move, write

from arxl.readers.bank import lines_frame, read_statement
from arxl.rules.bankrefs import ReferenceIndex
from arxl.rules.match_reasons import Why, reasons_text
from arxl.rules.matching import MatchSettings, MatchStatus, match
from arxl.rules.subsetsum import best_subset
from arxl.vocab import Lang

D = dt.date(2024, 3, 5)
PILGRIMS_IBAN = "FR7612345000010000000000185"

INVOICES = pd.DataFrame(
    {
        "invoice": [
            "F2024-111",
            "F2024-112",
            "F2024-113",
            "F2024-120",
            "F2024-121",
            "F2024-130",
            "FA-000042",
            "F2024-150",
        ],
        "client_key": ["C1", "C1", "C2", "C3", "C3", "C4", "C5", "C6"],
        "balance": [700.0, 500.0, 1000.0, 800.0, 200.0, 3000.0, 640.0, 321.09],
        "due": pd.to_datetime(["2024-02-01"] * 8),
        "date": pd.to_datetime(["2024-01-01"] * 8),
        "row": range(2, 10),
    }
)
CLIENTS = pd.DataFrame(
    {
        "client_key": ["C1", "C2", "C3", "C4", "C5", "C6"],
        "client_id": ["C1", "C2", "C3", "C4", "C5", "C6"],
        "name": [
            "Pilgrims SAS",
            "Dupont SARL",
            "Martin & Fils",
            "Bernard Industries",
            "Lefèvre Plomberie",
            "Garage Moreau",
        ],
    }
)
# (case, movement): each a credit unless said
CASES = [
    ("exact_reference", Move(D, 1000.0, "VIR SEPA RECU /DE DUPONT SARL /MOTIF F2024-113")),
    ("spaced_prefixed_reference", Move(D, 640.0, "VIR RECU REGLEMENT FACT N 42", "LEFEVRE P.")),
    (
        "two_invoices",
        Move(
            D,
            1200.0,
            "VIR SEPA RECU /DE PILGRIMS SAS /MOTIF FACT 2024-111 ET 112",
            "PILGRIMS SAS",
            PILGRIMS_IBAN,
        ),
    ),
    ("partial", Move(D, 1000.0, "VIR BERNARD INDUSTRIES ACOMPTE F2024-130")),
    ("fee", Move(D, 317.59, "VIR INTERNATIONAL GARAGE MOREAU FACTURE 2024-150")),
    ("fuzzy_name", Move(D, 1000.0, "VIR MARTIN ET FILS", "MARTIN ET FILS")),
    ("unknown", Move(D, 77.70, "VIR SEPA RECU /DE SOMEONE ELSE", "SOMEONE ELSE")),
    ("debit", Move(D, -45.10, "PRLV SEPA EDF")),
]


def _match(fmt, tmp_path, moves, ibans=None, settings=None):
    lines = lines_frame(read_statement(write(fmt, tmp_path, moves)).lines)
    credits = lines[lines["amount"] > 0].reset_index(drop=True)
    return credits, match(credits, INVOICES, CLIENTS, settings or MatchSettings(), ibans)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_the_cases_in_every_format(tmp_path, fmt):
    credits, got = _match(fmt, tmp_path, [m for _, m in CASES])
    assert len(credits) == len(CASES) - 1  # the debit is not a credit
    by_case = dict(zip([c for c, _ in CASES[:-1]], got.itertuples(index=False), strict=True))
    exact = by_case["exact_reference"]
    assert (exact.client_key, exact.invoices, exact.status) == ("C2", ("F2024-113",), "sure")
    spaced = by_case["spaced_prefixed_reference"]
    assert spaced.invoices == ("FA-000042",) and spaced.status == MatchStatus.SURE
    two = by_case["two_invoices"]
    assert two.invoices == ("F2024-111", "F2024-112") and two.applied == (700.0, 500.0)
    assert two.score == 100
    partial = by_case["partial"]
    assert partial.applied == (1000.0,) and partial.status == MatchStatus.PROPOSED
    assert Why.PARTIAL in {r.why for r in partial.reasons}
    fee = by_case["fee"]
    assert fee.invoices == ("F2024-150",) and fee.applied_total == 317.59
    assert "3,50 €" in reasons_text(fee.reasons, Lang.FR)
    fuzzy = by_case["fuzzy_name"]
    assert fuzzy.client_key == "C3" and fuzzy.invoices == ("F2024-120", "F2024-121")
    assert "somme de 2 factures du client" in reasons_text(fuzzy.reasons, Lang.FR)
    assert "Martin & Fils" in reasons_text(fuzzy.reasons, Lang.FR)
    unknown = by_case["unknown"]
    assert unknown.status == MatchStatus.IDENTIFY and unknown.invoices == ()
    assert unknown.unapplied == 77.70


@pytest.mark.parametrize("fmt", ["camt053", "mt940"])
def test_payer_found_by_a_confirmed_iban(tmp_path, fmt):
    move = Move(D, 700.0, "VIREMENT", "P. GROUP HOLDING", PILGRIMS_IBAN)
    _, got = _match(fmt, tmp_path, [move], ibans={PILGRIMS_IBAN: "C1"})
    row = got.iloc[0]
    assert row["client_key"] == "C1" and row["invoices"] == ("F2024-111",)
    assert "IBAN déjà confirmé pour Pilgrims SAS" in reasons_text(row["reasons"], Lang.FR)
    _, without = _match(fmt, tmp_path, [move])
    assert without.iloc[0]["status"] == MatchStatus.IDENTIFY


def test_an_invoice_is_not_taken_twice():
    lines = lines_frame([])
    lines = pd.DataFrame(
        {
            "key": ["a", "b"],
            "date": pd.to_datetime(["2024-03-05", "2024-03-06"]),
            "amount": [1000.0, 1000.0],
            "label": ["F2024-113", "F2024-113"],
            "remittance": "",
            "payer": "",
            "iban": "",
        }
    )
    got = match(lines, INVOICES, CLIENTS)
    assert got["invoices"].tolist() == [("F2024-113",), ()]


def test_a_credit_in_another_currency_is_never_matched_by_its_amount():
    """2 000 USD naming F2024-113 (1 000 EUR) or of an invoice's amount in EUR: to identify, and
    said; the same line in the book's currency is matched."""
    lines = pd.DataFrame(
        {
            "key": ["a", "b"],
            "date": pd.to_datetime(["2024-03-05", "2024-03-06"]),
            "amount": [1000.0, 1000.0],
            "label": ["F2024-113", "F2024-113"],
            "remittance": "",
            "payer": "",
            "iban": "",
            "currency": ["USD", "EUR"],
        }
    )
    got = match(lines, INVOICES, CLIENTS, currency="EUR")
    assert got["invoices"].tolist() == [(), ("F2024-113",)]
    assert got["status"].tolist()[0] == MatchStatus.IDENTIFY
    assert "USD" in str(got["reasons"].tolist()[0])


def test_a_line_left_to_identify_does_not_say_it_was_applied():
    """A known payer, an amount no invoice or sum of its invoices makes, far from them: left to
    identify (nothing applied), its leads the client's oldest invoices, but no reason saying
    it was "applied to the oldest invoices"."""
    lines = pd.DataFrame(
        {
            "key": ["a"],
            "date": pd.to_datetime(["2024-03-05"]),
            "amount": [123.45],
            "label": ["VIR BERNARD INDUSTRIES"],
            "remittance": "",
            "payer": "BERNARD INDUSTRIES",
            "iban": "",
        }
    )
    got = match(lines, INVOICES, CLIENTS).iloc[0]
    assert got["status"] == MatchStatus.IDENTIFY and got["invoices"] == ()
    assert "oldest" not in reasons_text(got["reasons"], Lang.EN)
    assert "F2024-130" in got["guesses"]  # the client's oldest open invoice, as a lead


def test_english_reasons():
    lines = pd.DataFrame(
        {
            "key": ["a"],
            "date": pd.to_datetime(["2024-03-05"]),
            "amount": [1200.0],
            "label": ["PILGRIMS F2024-111 F2024-112"],
            "remittance": "",
            "payer": "",
            "iban": "",
        }
    )
    got = match(lines, INVOICES, CLIENTS).iloc[0]
    assert reasons_text(got["reasons"], Lang.EN).startswith(
        "reference F2024-111, F2024-112 in the label"
    )


@pytest.mark.parametrize(
    "text, found",
    [
        ("FACT 2024-111 ET 112", ["F2024-111", "F2024-112"]),
        ("f2024111", ["F2024-111"]),
        ("Facture n° 42", ["FA-000042"]),
        ("FA 0042", ["FA-000042"]),
        ("virement du 12/03 montant 1200,00", []),
        ("42", []),  # two digits alone: a day, a quantity, not a number
        # a date in the label is no invoice number ("2024-11-13" read as 2024-113 before)
        ("ORDRE DU 2024-11-13", []),
        ("PAIEMENT DU 2024-01-13 FACT 2024-120", ["F2024-120"]),
        ("VIR 13/11/2024 F2024-111", ["F2024-111"]),
    ],
)
def test_references(text, found):
    index = ReferenceIndex(INVOICES["invoice"].tolist())
    names = INVOICES["invoice"].tolist()
    assert [names[hit[0]] for hit in index.find(text)] == found


def test_subset_sum_prefers_exact_then_a_fee():
    assert best_subset([10000, 25000, 40000, 5000], 45000, 500) == ((2, 3), 0)
    assert best_subset([10000, 25000, 40000], 34850, 500) == ((0, 1), 150)
    assert best_subset([10000, 25000], 99999, 500) is None
    many = [100] * 1000  # bounded: a client with a thousand invoices stays cheap
    assert best_subset(many, 300, 0) == ((0, 1, 2), 0)
