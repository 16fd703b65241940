"""Who gets which reminder as of a date: the escalation state machine over the reminder log.

A client's target is the level of its most overdue undisputed invoice (rules.aging: 1-4 by the
thresholds, 0 for an invoice falling due soon). The level sent is the target capped at one more
than the highest level logged in the client's current episode: level N only after level N-1 was
sent (the first overdue reminder is level 1; the pre-due courtesy reminder 0 never gates it).
Nothing goes out sooner than the minimum interval after the client's last logged reminder (any
episode: that is what the client experiences), nor twice on one day; clients marked "Pas de
relance", clients with only disputed overdue invoices and clients without an email address are
listed as skipped, with the reason.

The current episode: the client's log rows dated by the as-of date whose invoices cell names at
least one of the client's invoices overdue (undisputed) today, plus the rows naming no invoice
(a row written by hand, a log without that column, a cell holding only "-" or "Facture": we
cannot tell, so they count, as every row did before). A row whose invoices are all paid,
credited, disputed or unknown (removed from the book) belongs to a closed episode: an invoice
late today after levels 1-3 were sent for another one, since paid, starts again at level 1.
References are compared folded (case, accents, spaces and punctuation such as "#", "-" or "/"
ignored) and with or without a leading "Facture"/"Invoice"/"N°" word; a cell separates them by
commas, semicolons, line breaks, "|", "+", "&", "et"/"and", or by spaces when a whole piece
names none. A row covering paid invoices and one still overdue counts; an overdue invoice never
reminded joins the message at the level the client's reminded ones reached. An invoice without
a number is "#<row>", as the plan lists it and arxl logs it.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from arxl.rules.aging import NO_LEVEL
from arxl.settings import Settings
from arxl.vocab import SkipReason, Status, fold_words

PLAN_COLUMNS = [
    "client_key",
    "client_id",
    "client_name",
    "email",
    "lang",
    "target",
    "level",
    "last_date",
    "last_level",
    "episode_level",
    "rows",
    "amount_due",
    "disputed",
    "skip",
    "next_date",
    "phone",
    "invoices",
    "max_days_overdue",
]


def plan(
    items: pd.DataFrame,
    clients: pd.DataFrame,
    log: pd.DataFrame,
    settings: Settings,
    as_of: dt.date,
) -> pd.DataFrame:
    """One row per client due a reminder or skipped (columns PLAN_COLUMNS).

    rows, invoices: the sheet rows and numbers of the invoices the message lists (every overdue
    invoice at levels 1-4, the invoices falling due soon at level 0); skip: a SkipReason value
    or "" when the reminder goes out; next_date: the first day it may go out when skipped as
    too soon; target: the level lateness alone gives; max_days_overdue: of the listed invoices;
    last_date, last_level: the client's last logged date (any episode) and the level logged
    that day (the highest, when several);
    episode_level: the highest level logged in the current episode (-1: none), which the level
    follows.
    Sorted by level (highest first), amount due (largest first), client id.
    """
    level = items["reminder_level"].to_numpy()
    # each item's client (-1: no key, left out as a groupby by client leaves it out)
    code, uniques = pd.factorize(items["client_key"].array, sort=False)
    due = (level != NO_LEVEL) & (code >= 0)
    top = np.full(len(uniques), NO_LEVEL, dtype=np.int64)
    np.maximum.at(top, code[due], level[due])
    disputed = (items["status"] == Status.DISPUTED.value).to_numpy(dtype=bool)
    disputed_late = disputed & (items["days_overdue"].to_numpy() > 0)
    disputed_late &= code >= 0
    # the clients due a reminder, then those with only late disputes, in order of appearance
    wanted = list(dict.fromkeys([*_by_appearance(code[due]), *_by_appearance(code[disputed_late])]))
    if not wanted:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in PLAN_COLUMNS})

    at = np.asarray(wanted, dtype=np.int64)
    frame = pd.DataFrame({"client_key": uniques[at].tolist()})
    frame["target"] = top[at]
    frame["disputed"] = np.bincount(code[disputed_late], minlength=len(uniques))[at].astype(
        np.int64
    )
    info = clients.set_index("client_key")
    for col, source, blank in (
        ("client_id", "client_id", None),
        ("client_name", "name", ""),
        ("email", "email", ""),
        ("lang", "lang", ""),
        ("phone", "phone", ""),
        ("no_reminder", "no_reminder", False),
    ):
        values = (
            frame["client_key"].map(info[source]) if source in info else pd.Series(dtype=object)
        )
        if isinstance(blank, bool):  # a flag read as numbers (or all blank): no float filled
            values = values.astype(object)
        frame[col] = values.fillna(frame["client_key"] if blank is None else blank)

    # each client's last logged date and its level, from the log's rows dated by as_of,
    # and its highest level in the current episode
    when = log["date"].to_numpy()
    client = pd.Index(frame["client_key"]).get_indexer(log["client_key"].to_numpy(dtype=object))
    past = (client >= 0) & (when <= np.datetime64(as_of, "ns"))  # NaT: never
    last_date = np.full(len(frame), np.iinfo(np.int64).min)  # NaT
    np.maximum.at(last_date, client[past], when[past].view(np.int64))
    frame["last_date"] = last_date.view(when.dtype)
    logged_level = log["level"].to_numpy(dtype=np.int64)
    current = past & _in_current_episode(log, past, at[np.maximum(client, 0)], items, code)
    # the level of the last reminder: logged on the last date (the highest, if several that
    # day), never the highest of another day beside that date
    last_day = past & (when.view(np.int64) == last_date[np.maximum(client, 0)])
    for col, rows_in in (("last_level", last_day), ("episode_level", current)):
        last = np.full(len(frame), np.iinfo(np.int64).min)
        np.maximum.at(last, client[rows_in], logged_level[rows_in])
        logged = np.bincount(client[rows_in], minlength=len(frame)) > 0
        frame[col] = np.where(logged, last, NO_LEVEL)
    allowed = np.maximum(frame["episode_level"].to_numpy(), 0) + 1
    tgt = frame["target"].to_numpy()
    frame["level"] = np.where(tgt <= 0, tgt, np.minimum(tgt, allowed))

    gap = max(settings.reminder_interval, 1)
    frame["next_date"] = frame["last_date"] + pd.Timedelta(days=gap)
    today = pd.Timestamp(as_of)
    reasons = {
        SkipReason.NO_REMINDER: frame["no_reminder"].astype(bool).to_numpy(),
        SkipReason.DISPUTED: tgt == NO_LEVEL,
        SkipReason.SENT_TODAY: (frame["last_date"] == today).to_numpy(),
        SkipReason.TOO_SOON: (frame["next_date"] > today).to_numpy(),
        SkipReason.NO_EMAIL: (frame["email"] == "").to_numpy(),
    }
    frame["skip"] = np.select(list(reasons.values()), [r.value for r in reasons], default="")
    frame.loc[frame["skip"] != SkipReason.TOO_SOON.value, "next_date"] = pd.NaT

    client_target = np.where(code >= 0, top[code], NO_LEVEL)
    overdue = (items["status"] == Status.OVERDUE.value).to_numpy(dtype=bool)
    listed = (overdue & (client_target >= 1)) | ((level == 0) & (client_target == 0))
    listed_code = code[listed]
    rows = items["row"].to_numpy()[listed].astype(np.int64)
    labels = (
        items["invoice"].iloc[np.flatnonzero(listed)].to_numpy(dtype=object)
        if "invoice" in items
        else np.full(len(rows), "", dtype=object)
    )
    blank = np.flatnonzero(labels == "")
    labels[blank] = [f"#{r}" for r in rows[blank].tolist()]
    # the lists per client, in row order, without a Python aggregation per group
    order = np.argsort(listed_code, kind="stable")
    count = np.bincount(listed_code, minlength=len(uniques))
    bounds = np.cumsum(count)[:-1]
    row_lists = np.split(rows[order], bounds)
    label_lists = np.split(labels[order], bounds)
    frame["rows"] = [row_lists[c].tolist() for c in wanted]
    frame["invoices"] = [label_lists[c].tolist() for c in wanted]
    balance = items["balance"].to_numpy(dtype=float)[listed]
    due_sum = np.bincount(listed_code, weights=balance, minlength=len(uniques))
    frame["amount_due"] = due_sum.astype(float)[at]  # an empty bincount counts in integers
    most = np.full(len(uniques), np.iinfo(np.int64).min)
    np.maximum.at(most, listed_code, items["days_overdue"].to_numpy(dtype=np.int64)[listed])
    frame["max_days_overdue"] = np.where(count > 0, most, 0)[at]
    frame = frame.sort_values(
        ["level", "amount_due", "client_id"], ascending=[False, False, True], kind="mergesort"
    )
    return frame[PLAN_COLUMNS].reset_index(drop=True)


# the words that may precede a reference ("Facture F-12", "N° 12", "Invoice #12")
_REFERENCE_WORDS = frozenset(
    ("facture", "factures", "fact", "fac", "invoice", "invoices", "inv", "n", "no", "num", "ref")
)
_LIST_SEPARATORS = re.compile(r"[,;|+&\n\r\t]|\s(?:et|and)\s", re.IGNORECASE)


def reference_keys(reference: object) -> set[str]:
    """The keys an invoice reference matches by: folded ("#f 012" and "F-012" are one), and
    folded without its leading "Facture"/"N°" words ("Facture F-OLD" and "F-OLD" are one)."""
    words = fold_words(reference).split()
    keys = {"".join(words)}
    while len(words) > 1 and words[0] in _REFERENCE_WORDS:
        words = words[1:]
    keys.add("".join(words))
    keys.discard("")
    return keys


_RUN = 4  # the most list pieces one reference is read across ("Facture 12, lot 3 & 4")


def _named(cell: object, known: set[str]) -> tuple[bool, bool]:
    """Whether a log cell names any invoice at all, and whether it names one of `known` (the
    keys of the invoices that count); a piece naming none of them is read word by word. A
    reference holding a list separator itself ("Facture 2025-118, travaux", "Fact. 12 & 13")
    is found across the pieces it was cut into."""
    text = str(cell)
    cuts = [m.span() for m in _LIST_SEPARATORS.finditer(text)]
    starts = [0, *(end for _, end in cuts)]
    ends = [*(start for start, _ in cuts), len(text)]
    names_any = False
    for i, piece in enumerate(text[a:b] for a, b in zip(starts, ends, strict=True)):
        # "Facture", "N°" or "-" alone name no invoice
        names_any = names_any or bool(set(fold_words(piece).split()) - _REFERENCE_WORDS)
        for last in range(i, min(i + _RUN, len(starts))):
            if reference_keys(text[starts[i] : ends[last]]) & known:
                return True, True
        words = [w for w in piece.split() if fold_words(w) not in _REFERENCE_WORDS]
        if len(words) > 1 and any(reference_keys(w) & known for w in words):
            return True, True
    return names_any, False


def _in_current_episode(
    log: pd.DataFrame, past: np.ndarray, log_code: np.ndarray, items: pd.DataFrame, code: np.ndarray
) -> np.ndarray:
    """Per log row (of `past`; log_code: its client's item code): whether it names no invoice
    or names one of its client's invoices overdue today (see the module's docstring)."""
    counts = np.ones(len(log), dtype=bool)
    if "invoices" not in log:
        return counts
    cells = log["invoices"].to_numpy(dtype=object)
    listed = [i for i in np.flatnonzero(past).tolist() if str(cells[i]).strip()]
    if not listed:
        return counts
    # the overdue invoices' keys, only for the clients of those rows (the items may be many)
    overdue = (items["status"] == Status.OVERDUE.value).to_numpy(dtype=bool)
    mine = np.flatnonzero(overdue & np.isin(code, np.unique(log_code[listed])))
    rows = items["row"].to_numpy()[mine].tolist()
    numbers = items["invoice"].iloc[mine].tolist() if "invoice" in items else [""] * len(mine)
    known: dict[int, set[str]] = {}
    for c, row, number in zip(code[mine].tolist(), rows, numbers, strict=True):
        text = number if isinstance(number, str) else "" if pd.isna(number) else str(number)
        label = text.strip() or f"#{row}"  # as the plan lists (and arxl logs) a blank one
        known.setdefault(c, set()).update(reference_keys(label))
    for i in listed:
        names_any, hits = _named(cells[i], known.get(int(log_code[i]), set()))
        counts[i] = hits or not names_any
    return counts


def _by_appearance(code: np.ndarray) -> list[int]:
    """The distinct codes in the order they first appear."""
    distinct, first = np.unique(code, return_index=True)
    return distinct[np.argsort(first, kind="stable")].tolist()


def reminder_rows(plan_frame: pd.DataFrame) -> pd.DataFrame:
    """The clients of the Relances sheet: those of `plan` with something to remind (a level
    from lateness, sent or not today), at the level `arxl remind` sends; clients whose only
    overdue invoices are disputed are left out."""
    if plan_frame.empty:
        return plan_frame
    keep = plan_frame[plan_frame["target"].to_numpy() != NO_LEVEL]
    # the level sent first, then the most late (what lateness alone gives), then the amount
    return keep.sort_values(
        ["level", "target", "max_days_overdue", "amount_due", "client_id"],
        ascending=[False, False, False, False, True],
        kind="mergesort",
    ).reset_index(drop=True)
