"""The invoices of a picture as cash application looks them up (rules.allocation): each
client's invoice keys and FIFO queue, worked out when a payment of that client first asks, and
every client's keys only when a payment needs them (one without a client, or naming none of its
own client's invoices). A ledger of 200 000 invoices of which a few clients paid is applied at
every month end of the dashboard: only what the payments need is worked out.

The keys are a KeyBook's: those of a whole ledger's transactions, worked out once per client,
read at a date (the pictures of several dates, rules.monthly.Ledgers: the items of a date are
the transactions dated by then, in sheet order, rules.aging.derive, so a client's keys at that
date are the first invoice of each key dated by then), or a book of one picture's own items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence

import numpy as np
import pandas as pd

from arxl.naming import bare_keys, invoice_keys, named_invoices


class InvoiceIndex:
    """The invoices' keys and queues, per client when first asked: named(client, text) (the
    positions of the client's invoices a text names), queue(client) (its open undisputed
    invoices in FIFO order, as they were before any payment), everyone() (every client's keys:
    key -> id, and the positions of each id); the keys read off `dated`, the book at the
    picture's date."""

    def __init__(
        self, clients: np.ndarray, fifo_order: np.ndarray, queued: np.ndarray, dated: DatedBook
    ) -> None:
        self.clients, self.fifo_order, self.queued, self.dated = clients, fifo_order, queued, dated
        self.grouped, self.bounds, self.client_code = _by_client(clients)
        self._queues: dict[object, list[int]] = {}
        self._everyone: tuple[Mapping[str, object], Mapping[object, set[int]]] | None = None
        self._rank: np.ndarray | None = None

    def _positions(self, client: object) -> np.ndarray:
        return _positions(self.grouped, self.bounds, self.client_code, client)

    def named(self, client: object, text: str) -> list[int]:
        """The positions of client's invoices `text` names (naming.named_invoices over
        keys(client)), read off the key book's record when the keys it asked are as they were."""
        return self.dated.named(client, text)

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

    def everyone(self) -> tuple[Mapping[str, object], Mapping[object, set[int]]]:
        """Every client's keys: key -> id, and id -> the positions of the invoices of that key
        (`positions[id]`)."""
        if self._everyone is None:
            self._everyone = self.dated.everyone()
        return self._everyone


def _number_keys(memo: dict[str, tuple[str, str]], number: object) -> tuple[str, str]:
    text = str(number)
    found = memo.get(text)
    if found is None:
        found = memo[text] = invoice_keys(text)
    return found


def _by_client(clients: np.ndarray) -> tuple[np.ndarray, np.ndarray, dict[object, int]]:
    """The positions grouped by client (ascending within each), each client's bounds in them
    and its code."""
    code, uniques = pd.factorize(pd.Index(clients, dtype=object), sort=False)
    grouped = np.argsort(code, kind="stable")
    bounds = np.searchsorted(code[grouped], np.arange(len(uniques) + 1))
    return grouped, bounds, {c: i for i, c in enumerate(uniques.tolist())}


def _positions(
    grouped: np.ndarray, bounds: np.ndarray, client_code: dict[object, int], client: object
) -> np.ndarray:
    c = client_code.get(client)
    if c is None:
        return np.zeros(0, dtype=np.int64)
    return grouped[bounds[c] : bounds[c + 1]]


# the transactions of one key, ascending: most keys have one (kept as an int, not a list)
Txs = int | list[int]
# the `upto` of a book of every transaction (whatever its date, or none; see KeyBook.stamps)
EVERY = int(np.iinfo(np.int64).max)


def _each(found: Txs | None) -> Sequence[int]:
    if found is None:
        return ()
    return (found,) if isinstance(found, int) else found


class KeyBook:
    """The invoice keys of a ledger's transactions (all dates): per client, key -> the
    transactions of that key (indices ascending), worked out when first asked; every client's
    too. `on(day)` reads them at a date."""

    def __init__(self, transactions: pd.DataFrame) -> None:
        self.memo: dict[str, tuple[str, str]] = {}  # invoice number -> naming.invoice_keys
        self.transactions = transactions  # what it was made of (Ledgers.use checks it)
        self.dates = transactions["date"].to_numpy()
        self.numbers = transactions["invoice"].to_numpy(dtype=object)
        self.grouped, self.bounds, self.client_code = _by_client(
            transactions["client_key"].to_numpy(dtype=object)
        )
        self._keys: dict[object, dict[str, Txs]] = {}
        self._everyone: dict[str, Txs] | None = None
        self._nothing: dict[tuple[object, str], bool] = {}
        self._bare: dict[object, dict[str, list[str]]] = {}  # per client: naming.bare_keys
        self._all = np.ones(len(self.numbers), dtype=bool)  # every date
        # a transaction is dated by a book's date when its stamp is at most the book's `upto`
        # (a day in ns; EVERY: every transaction, no date included)
        stamps = self.dates.astype("datetime64[ns]").view(np.int64).copy()
        stamps[np.isnat(self.dates)] = EVERY - 1
        self.stamps = stamps
        # (client, text) -> the dates at which the keys naming.named_invoices asked of the
        # client's keys answer as they did when it was read (upto in [lo, hi)), and what it named
        self._named: dict[tuple[object, str], tuple[int, int, list[int]]] = {}

    def names_nothing(self, client: object, text: str) -> bool:
        """Whether `text` names none of `client`'s invoices of any date. Then it names none
        at any date either: naming.named_invoices finds a number only if it is among the keys,
        and a date's keys are some of these (what else it reads is the text)."""
        found = self._nothing.get((client, text))
        if found is None:  # read over the keys of every date, kept for DatedBook.named
            found = self._nothing[(client, text)] = not self._named_at(
                client, text, self._all, EVERY
            )
        return found

    def _named_at(self, client: object, text: str, dated: np.ndarray, upto: int) -> list[int]:
        """The transactions `text` names among client's keys dated by then (`dated`: those
        whose stamp is at most `upto`), read off the record of an earlier reading when its
        answers hold (DatedBook.named)."""
        found = self._named.get((client, text))
        if found is not None and found[0] <= upto < found[1]:
            return found[2]
        keys = self.keys(client)
        probe = _Probe(keys, dated, lambda: self._bare_keys(client))
        named = named_invoices(text, probe)
        if not probe.read_all:  # a key the client has at no date answers no at every one
            lo, hi = self._holding(keys, probe.asked)  # the keys asked that the client has
            self._named[(client, text)] = (lo, hi, named)
        return named

    def _bare_keys(self, client: object) -> dict[str, list[str]]:
        found = self._bare.get(client)
        if found is None:
            found = self._bare[client] = bare_keys(self.keys(client))
        return found

    def _holding(self, keys: dict[str, Txs], asked: dict[str, int | None]) -> tuple[int, int]:
        """The book dates (upto) at which each key asked answers the same: its answer, the
        first of its transactions dated then, is dated (from lo on) and those before it in
        the key's are not (before hi); for no answer, none of them is."""
        stamps = self.stamps
        lo, hi = -EVERY, EVERY + 1
        for k, answer in asked.items():
            for tx in _each(keys.get(k)):
                if tx == answer:
                    lo = max(lo, int(stamps[tx]))
                    break
                hi = min(hi, int(stamps[tx]))
        return lo, hi

    def _add(self, into: dict[str, Txs], tx: int) -> None:
        number = self.numbers[tx]
        if number:
            for k in _number_keys(self.memo, number):
                if not k:
                    continue
                found = into.get(k)
                if found is None:
                    into[k] = tx
                elif isinstance(found, int):
                    if found != tx:
                        into[k] = [found, tx]
                elif found[-1] != tx:
                    found.append(tx)

    def keys(self, client: object) -> dict[str, Txs]:
        found = self._keys.get(client)
        if found is None:
            found = self._keys[client] = {}
            for tx in _positions(self.grouped, self.bounds, self.client_code, client).tolist():
                self._add(found, tx)
        return found

    def everyone(self) -> dict[str, Txs]:
        if self._everyone is None:
            self._everyone = {}
            for tx in range(len(self.numbers)):
                self._add(self._everyone, tx)
        return self._everyone

    def forget_everyone(self) -> None:
        """Let every client's keys go (a whole ledger's: the month-end pictures seldom need
        them, for a payment without a client only, and then work them out again)."""
        self._everyone = None

    def on(self, day: dt.date, items: int) -> DatedBook | None:
        """The book at `day`, whose items (rules.aging.derive's) are `items` rows; None when
        they are not the transactions dated by then."""
        book = self.at(day)
        return book if int(book.dated.sum()) == items else None

    def at(self, day: dt.date) -> DatedBook:
        """The book at `day`: the transactions dated by then (not those without a date)."""
        upto = int(np.datetime64(day, "ns").astype(np.int64))
        return DatedBook(self, self.stamps <= upto, upto)

    def whole(self) -> DatedBook:
        """The book of these very rows, every one of them read (a book made of a picture's
        items: the keys of that picture)."""
        return DatedBook(self, np.ones(len(self.numbers), dtype=bool), EVERY)


class DatedBook:
    """A KeyBook at a date: the positions are those of the items of that date; `dated` the
    transactions whose stamp is at most `upto`."""

    def __init__(self, book: KeyBook, dated: np.ndarray, upto: int) -> None:
        self.book, self.dated, self.upto = book, dated, upto
        self.rank = np.cumsum(dated) - 1  # a dated transaction's position in the items

    def keys(self, client: object) -> DatedKeys:
        return DatedKeys(self.book.keys(client), self)

    def named(self, client: object, text: str) -> list[int]:
        """naming.named_invoices(text, self.keys(client)). The matching reads the keys by
        asking whether a key is there and which invoice it is; the same questions answered the
        same way give the same invoices. So what it asked at an earlier date, and the answers,
        are kept with the transactions it named (KeyBook._named): when each key asked is still
        the same first transaction at this date, those are named again, without reading the
        text (a ledger's payments are applied again at every month end). A matching that read
        every key would not be kept (naming looks a number up without its leading zeros by
        asking only the keys so spelled: _Probe.find_without_zeros)."""
        named = self.book._named_at(client, text, self.dated, self.upto)
        return [int(self.rank[tx]) for tx in named]

    def everyone(self) -> tuple[Mapping[str, object], Mapping[object, set[int]]]:
        every = DatedKeys(self.book.everyone(), self)
        return _Ids(every), _Positions(every)


class DatedKeys(Mapping[str, int]):
    """key -> the position of the first invoice of that key dated by the book's date (what
    InvoiceIndex.keys makes from the items of that date)."""

    def __init__(self, keys: dict[str, Txs], at: DatedBook) -> None:
        self._keys, self._at = keys, at
        self._made: dict[str, int] | None = None

    def dated(self, key: str) -> list[int]:
        """The positions of the invoices of `key` dated by then."""
        dated, rank = self._at.dated, self._at.rank
        return [int(rank[tx]) for tx in _each(self._keys.get(key)) if dated[tx]]

    def __getitem__(self, key: str) -> int:
        tx = _first_dated(self._keys.get(key), self._at.dated)
        if tx is None:
            raise KeyError(key)
        return int(self._at.rank[tx])

    def __contains__(self, key: object) -> bool:
        return (
            isinstance(key, str) and _first_dated(self._keys.get(key), self._at.dated) is not None
        )

    def _all(self) -> dict[str, int]:
        if self._made is None:
            self._made = {k: v[0] for k in self._keys if (v := self.dated(k))}
        return self._made

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


class _Ids(Mapping[str, str]):
    """Every client's keys dated by then, each its own id (InvoiceIndex.everyone's key -> id)."""

    def __init__(self, every: DatedKeys) -> None:
        self._every = every

    def __getitem__(self, key: str) -> str:
        if key in self._every:
            return key
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return key in self._every

    def __iter__(self) -> Iterator[str]:
        return iter(self._every)

    def __len__(self) -> int:
        return len(self._every)


class _Positions(Mapping[str, set[int]]):
    """id (a key) -> the positions of its invoices dated by then (InvoiceIndex.everyone's)."""

    def __init__(self, every: DatedKeys) -> None:
        self._every = every

    def __getitem__(self, key: str) -> set[int]:
        found = self._every.dated(key)
        if not found:
            raise KeyError(key)
        return set(found)

    def __iter__(self) -> Iterator[str]:
        return iter(self._every)

    def __len__(self) -> int:
        return len(self._every)


def _first_dated(found: Txs | None, dated: np.ndarray) -> int | None:
    """The first transaction of a key's that is dated by then (None: none)."""
    for tx in _each(found):
        if dated[tx]:
            return tx
    return None


_UNASKED = object()


class _Probe(Mapping[str, int]):
    """A client's keys at a date (key -> its first transaction dated by then), noting each key
    asked that the client has and the answer (asked), and whether the whole map was read
    (read_all)."""

    def __init__(
        self, keys: dict[str, Txs], dated: np.ndarray, bare: Callable[[], dict[str, list[str]]]
    ) -> None:
        self._keys, self._dated, self._bare = keys, dated, bare  # bare: worked out if asked
        self.asked: dict[str, int | None] = {}
        self.read_all = False

    def find_without_zeros(self, bare: str) -> int | None:
        """What the keys without their leading zeros give for `bare` (naming): the first key
        so spelled (in the keys' order) that is dated by then, asking only those keys (so what
        a text names stays kept, DatedBook.named, where reading every key would not be)."""
        for key in self._bare().get(bare, ()):
            found = self._ask(key)
            if found is not None:
                return found
        return None

    def _ask(self, key: object) -> int | None:
        """The key's first transaction dated by then, noted (a key the client has at no date
        is not: it answers no at every date, as its record says)."""
        txs = self._keys.get(key) if isinstance(key, str) else None
        if txs is None:
            return None
        found = self.asked.get(key, _UNASKED)
        if found is _UNASKED:
            found = self.asked[key] = _first_dated(txs, self._dated)
        return found  # type: ignore[return-value]

    def __getitem__(self, key: str) -> int:
        found = self._ask(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return self._ask(key) is not None

    def _all(self) -> dict[str, int]:
        self.read_all = True
        return {
            k: tx for k, v in self._keys.items() if (tx := _first_dated(v, self._dated)) is not None
        }

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())
