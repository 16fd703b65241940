"""A credit confirmed with invoices of several clients and no client (a deposit of cheques
from two clients): what each client paid, when the invoices typed account for the deposit.

Each client's part is the open balances of its invoices, taken in the order typed (a client
appears where its first invoice was typed); the parts are posted only when they add up to
the deposit, to the cent. Anything else is for the owner to say: an invoice the book does not
have, one number that is an invoice of several clients, a client with nothing left to pay on
the invoices typed, or a sum that is not the deposit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from arxl.rules.bankrefs import ReferenceIndex


@dataclass(frozen=True)
class Part:
    """What one client paid of the deposit: its invoices as typed, their open balances."""

    client_id: str
    invoices: tuple[str, ...]
    amount: float


@dataclass
class Split:
    """The invoices typed on one credit, by client (in the order typed)."""

    parts: list[Part] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # typed, not an invoice of the book
    shared: list[str] = field(default_factory=list)  # an invoice number of several clients

    @property
    def total(self) -> float:
        return round(sum(p.amount for p in self.parts), 2)

    def fits(self, amount: float) -> bool:
        """The parts can be posted: every invoice known, every client owing something on
        them, and the sum the deposit's amount."""
        known = not self.unknown and not self.shared and all(p.amount > 0 for p in self.parts)
        return known and abs(self.total - abs(amount)) < 0.005

    @property
    def clients(self) -> list[str]:
        return [p.client_id for p in self.parts]

    @property
    def settled(self) -> bool:
        """Every invoice typed is in the book and has nothing left to pay (a payment posted
        twice: a statement imported again, in another format)."""
        known = self.parts and not self.unknown and not self.shared
        return bool(known) and all(p.amount <= 0.005 for p in self.parts)


def split_by_client(typed: str, items: pd.DataFrame) -> Split:
    """The invoices of `typed` (the Factures cell: numbers separated by commas or semicolons)
    grouped by client, each with its open balance (`items`: invoice, client_id, balance)."""
    index = ReferenceIndex(items["invoice"].astype(str).tolist())
    clients = items["client_id"].astype(str).tolist()
    balances = items["balance"].astype(float).tolist()
    split = Split()
    order: dict[str, tuple[list[str], list[float]]] = {}
    for entry in (x.strip() for x in re.split(r"[,;]", str(typed))):
        if not entry:
            continue
        hits = index.find(entry)
        owners = {clients[p] for hit in hits for p in hit}
        if not hits:
            split.unknown.append(entry)
        elif len(owners) > 1:
            split.shared.append(entry)
        else:
            numbers, amounts = order.setdefault(owners.pop(), ([], []))
            numbers.append(entry)
            amounts.append(sum(max(balances[hit[0]], 0.0) for hit in hits))
    split.parts = [
        Part(client, tuple(numbers), round(sum(amounts), 2))
        for client, (numbers, amounts) in order.items()
    ]
    return split
