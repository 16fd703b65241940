"""The invoices of a picture as cash application looks them up (rules.allocation): each
client's invoice keys and FIFO queue, worked out when a payment of that client first asks, and
every client's keys only when a payment needs them (one without a client, or naming none of its
own client's invoices). A ledger of 200 000 invoices of which a few clients paid is applied at
every month end of the dashboard: only what the payments need is worked out."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from arxl.naming import invoice_keys


class InvoiceIndex:
    """The invoices' keys and queues, per client when first asked: keys(client) (invoice key ->
    position, the first invoice of that key), queue(client) (its open undisputed invoices in
    FIFO order, as they were before any payment), everyone() (every client's keys: key -> id,
    and the positions of each id)."""

    def __init__(
        self,
        clients: np.ndarray,
        numbers: np.ndarray,
        fifo_order: np.ndarray,
        queued: np.ndarray,
        memo: dict[str, tuple[str, str]],
    ) -> None:
        self.numbers, self.fifo_order, self.queued, self.memo = numbers, fifo_order, queued, memo
        code, uniques = pd.factorize(pd.Index(clients, dtype=object), sort=False)
        self.code = code
        self.client_code = {c: i for i, c in enumerate(uniques.tolist())}
        grouped = np.argsort(code, kind="stable")  # positions ascending within each client
        bounds = np.searchsorted(code[grouped], np.arange(len(uniques) + 1))
        self.grouped, self.bounds = grouped, bounds
        self._keys: dict[object, dict[str, int]] = {}
        self._queues: dict[object, list[int]] = {}
        self._everyone: tuple[dict[str, int], list[set[int]]] | None = None
        self._rank: np.ndarray | None = None

    def _number_keys(self, number: object) -> tuple[str, str]:
        text = str(number)
        found = self.memo.get(text)
        if found is None:
            found = self.memo[text] = invoice_keys(text)
        return found

    def _positions(self, client: object) -> np.ndarray:
        c = self.client_code.get(client)
        if c is None:
            return np.zeros(0, dtype=np.int64)
        return self.grouped[self.bounds[c] : self.bounds[c + 1]]

    def keys(self, client: object) -> dict[str, int]:
        found = self._keys.get(client)
        if found is None:
            found = self._keys[client] = {}
            for pos in self._positions(client).tolist():
                number = self.numbers[pos]
                if number:
                    for k in self._number_keys(number):
                        if k:
                            found.setdefault(k, pos)
        return found

    def queue(self, client: object) -> list[int]:
        found = self._queues.get(client)
        if found is None:
            if self._rank is None:  # each invoice's place in the FIFO order
                self._rank = np.empty(len(self.fifo_order), dtype=np.int64)
                self._rank[self.fifo_order] = np.arange(len(self.fifo_order))
            mine = self._positions(client)
            mine = mine[self.queued[mine]]
            found = self._queues[client] = mine[
                np.argsort(self._rank[mine], kind="stable")
            ].tolist()
        return found

    def everyone(self) -> tuple[dict[str, int], list[set[int]]]:
        if self._everyone is None:
            all_keys: dict[str, set[int]] = defaultdict(set)
            for pos, number in enumerate(self.numbers.tolist()):
                if number:
                    for k in self._number_keys(number):
                        if k:
                            all_keys[k].add(pos)
            self._everyone = ({key: i for i, key in enumerate(all_keys)}, list(all_keys.values()))
        return self._everyone
