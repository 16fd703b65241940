"""The invariant of issue 23: every credit is either matched to invoices of one client whose
applied total is the credit (the rest, within the fee tolerance, left unapplied) or left to
identify; no invoice gets more than its balance, whatever the labels say."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from arxl.rules.matching import MatchSettings, MatchStatus, match

NAMES = ["Pilgrims SAS", "Dupont SARL", "Martin & Fils", "Bernard", "Garage Moreau"]

invoice = st.tuples(
    st.integers(0, len(NAMES) - 1),  # client
    st.integers(1, 500_000),  # balance in cents
)
line = st.tuples(
    st.integers(1, 600_000),  # credit in cents
    st.lists(st.integers(0, 40), max_size=3),  # invoices the label names (by index)
    st.sampled_from(["", "VIR SEPA RECU /DE ", "VIREMENT ", "REMISE "]),
    st.integers(-1, len(NAMES) - 1),  # payer name (-1: none)
    st.sampled_from(["", " ET ", ", ", " FACT "]),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(invoice, min_size=1, max_size=40),
    st.lists(line, min_size=1, max_size=25),
    st.integers(0, 1000),
)
def test_every_credit_is_matched_to_one_client_or_left_to_identify(invoices, lines, tol):
    inv = pd.DataFrame(
        {
            "invoice": [f"F{1000 + i}" for i in range(len(invoices))],
            "client_key": [f"C{c}" for c, _ in invoices],
            "balance": [b / 100 for _, b in invoices],
            "due": pd.to_datetime("2024-02-01"),
            "date": pd.to_datetime("2024-01-01"),
            "row": range(2, 2 + len(invoices)),
        }
    )
    clients = pd.DataFrame(
        {
            "client_key": [f"C{i}" for i in range(len(NAMES))],
            "client_id": [f"C{i}" for i in range(len(NAMES))],
            "name": NAMES,
        }
    )
    labels = []
    for _amount, named, prefix, payer, joiner in lines:
        refs = joiner.join(f"F{1000 + k}" for k in named if k < len(invoices))
        labels.append(f"{prefix}{NAMES[payer] if payer >= 0 else ''} {refs}")
    frame = pd.DataFrame(
        {
            "key": [str(i) for i in range(len(lines))],
            "date": pd.to_datetime("2024-03-05"),
            "amount": [a / 100 for a, *_ in lines],
            "label": labels,
            "remittance": "",
            "payer": "",
            "iban": "",
        }
    )
    got = match(frame, inv, clients, MatchSettings(fee_tolerance=tol / 100))
    owner = dict(zip(inv["invoice"], inv["client_key"], strict=True))
    balance = dict(zip(inv["invoice"], inv["balance"], strict=True))
    taken: dict[str, float] = {}
    for credit, row in zip(frame["amount"], got.itertuples(index=False), strict=True):
        if row.status == MatchStatus.IDENTIFY:
            assert row.invoices == () and row.client_key == ""
            assert round(row.unapplied - credit, 2) == 0
            continue
        assert row.invoices and {owner[n] for n in row.invoices} == {row.client_key}
        assert len(set(row.invoices)) == len(row.invoices)
        assert round(row.applied_total + row.unapplied - credit, 2) == 0
        assert row.unapplied >= 0 and all(a > 0 for a in row.applied)
        for number, amount in zip(row.invoices, row.applied, strict=True):
            taken[number] = taken.get(number, 0.0) + amount
    for number, amount in taken.items():
        assert amount <= balance[number] + 0.005


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789abcXYZ-/ #._é", max_size=12), max_size=20))
def test_the_index_spells_numbers_as_the_label_scanner_does(numbers):
    from arxl.rules.bankrefs import _TOKEN, ReferenceIndex, ascii_lower, spellings

    index = ReferenceIndex(numbers)
    for pos, number in enumerate(numbers):
        for key in spellings(_TOKEN.findall(ascii_lower(number))):
            assert pos in (index.get(key) or ())
