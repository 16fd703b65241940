"""The user trial's book of net positions (an overpaid invoice, a credit note typed with a
positive amount) and what the tests read of its analysis: per-invoice figures, the aged
balance, who is chased, what Anomalies says."""

from __future__ import annotations

import datetime as dt

import arxl

D = dt.date
AS_OF = D(2026, 12, 7)
CLIENTS = [
    [1, "Avoir Positif SARL", "1 rue A", "", "c1@example.fr"],
    [2, "Trop Payé SARL", "2 rue B", "", "c2@example.fr"],
    [3, "Témoin SARL", "3 rue C", "", "c3@example.fr"],
]


def by_invoice(a: arxl.Analysis) -> dict[str, tuple[float, float, str]]:
    """invoice -> (paid, balance, status)"""
    return {
        r.invoice: (round(r.paid, 2), round(r.balance, 2), r.status) for r in a.items.itertuples()
    }


def aged(a: arxl.Analysis) -> dict[str, tuple[float, float, float]]:
    """client id -> (open invoices, open credits, net)"""
    return {
        r.client_id: (round(r.gross, 2), round(r.credits, 2), round(r.total, 2))
        for r in a.aged.itertuples()
    }


def chased(a: arxl.Analysis) -> dict[str, float]:
    return dict(zip(a.reminders["client_id"], a.reminders["amount_due"], strict=True))


def issues_saying(a: arxl.Analysis, words: str) -> list[arxl.Issue]:
    return [i for i in a.ledger.issues if words in i.message_fr]
