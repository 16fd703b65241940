"""Benchmark of bank matching: N statement lines against M open invoices (issue 23's goal:
10 000 lines against 100 000 invoices in a few seconds).

Usage::

    python benchmarks/bank_bench.py [--sizes 1000:10000,10000:100000,20000:200000] [--seed S]

For each size it generates M open invoices of M/20 clients (names from a word list, numbers
F<year>-<n>), then N credits: 55 % naming their invoice (with the spacing and prefixes banks
print), 15 % paying two or three invoices of one client without naming them (payer's name
only), 10 % net of a bank fee, 10 % by a name with a typo, 10 % from nobody known. It writes
them as a CAMT.053 file and times, each in this process after a warm-up import: reading the
file (readers.bank), matching (rules.matching.match, index building included), and reports
how many lines ended sure / proposed / to identify, and the share of the sure and of all
proposed lines whose invoices are exactly those the generator paid. Timings are reported,
never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from helpers.bankstatements import Move, camt053  # noqa: E402

from arxl.readers.bank import lines_frame, read_statement  # noqa: E402
from arxl.rules.matching import MatchSettings, match  # noqa: E402

SYLLABLES = [
    "ber",
    "dup",
    "mar",
    "lef",
    "gar",
    "mor",
    "pil",
    "gri",
    "tho",
    "ven",
    "sol",
    "bou",
    "cha",
    "pet",
    "rou",
    "bla",
    "fon",
    "lac",
    "del",
]
FORMS = ["SAS", "SARL", "SA", "EURL", "& Fils", "Industries", "Services", ""]


def _name(rng: random.Random, k: int) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
    return f"{word}{k} {rng.choice(FORMS)}".strip()


def generate(n_lines: int, n_invoices: int, seed: int):
    if n_invoices < 4 * n_lines:
        raise SystemExit("give at least 4 invoices per line (each credit pays up to 3)")
    rng = random.Random(seed)
    n_clients = max(n_invoices // 20, 1)
    names = [_name(rng, k) for k in range(n_clients)]
    clients = pd.DataFrame(
        {
            "client_key": [f"C{k}" for k in range(n_clients)],
            "client_id": [f"C{k}" for k in range(n_clients)],
            "name": names,
        }
    )
    owner = [rng.randrange(n_clients) for _ in range(n_invoices)]
    balance = [round(rng.uniform(50, 20_000), 2) for _ in range(n_invoices)]
    due = pd.Timestamp("2024-01-01") + pd.to_timedelta(
        [rng.randrange(0, 365) for _ in range(n_invoices)], unit="D"
    )
    invoices = pd.DataFrame(
        {
            "invoice": [f"F{2023 + k % 2}-{k:06d}" for k in range(n_invoices)],
            "client_key": [f"C{c}" for c in owner],
            "balance": balance,
            "due": due,
            "date": due - pd.Timedelta(days=30),
            "row": range(2, n_invoices + 2),
        }
    )
    by_client: dict[int, list[int]] = {}
    for i, c in enumerate(owner):
        by_client.setdefault(c, []).append(i)
    used: set[int] = set()
    moves = []
    truth: list[frozenset[str]] = []  # the invoices each credit pays (empty: nobody known)
    day = dt.date(2025, 3, 1)
    for k in range(n_lines):
        roll = rng.random()
        i = rng.randrange(n_invoices)
        while i in used:
            i = rng.randrange(n_invoices)
        used.add(i)
        number, client = invoices.at[i, "invoice"], owner[i]
        year, seq = number[1:].split("-")
        spelled = rng.choice(
            [number, f"FACT {year} {int(seq)}", f"FACTURE N {number[1:]}", f"F{year}{seq}"]
        )
        amount = balance[i]
        payer = names[client].upper()
        remit = spelled
        paid = [i]
        if roll < 0.55:
            pass
        elif roll < 0.70:
            others = [j for j in by_client[client] if j not in used][:2]
            used.update(others)
            paid += others
            amount = round(amount + sum(balance[j] for j in others), 2)
            remit = "REGLEMENT"
        elif roll < 0.80:
            amount = round(amount - rng.choice([1.5, 2.0, 3.5]), 2)
        elif roll < 0.90:
            payer, remit = payer[:-1] if len(payer) > 6 else payer, "PAIEMENT"
        else:
            payer, remit, amount = f"INCONNU {k}", "DIVERS", round(rng.uniform(10, 900), 2)
            paid = []
        truth.append(frozenset(invoices.at[j, "invoice"] for j in paid))
        moves.append(
            Move(
                day + dt.timedelta(days=k % 28),
                amount,
                f"VIR SEPA RECU /DE {payer}",
                payer,
                "",
                remit,
                f"BENCH{k:07d}",
            )
        )
    return clients, invoices, moves, truth


def run(n_lines: int, n_invoices: int, seed: int) -> dict[str, float]:
    clients, invoices, moves, truth = generate(n_lines, n_invoices, seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = camt053(Path(tmp) / "bench.xml", moves)
        t0 = time.perf_counter()
        lines = lines_frame(read_statement(path).lines)
        t1 = time.perf_counter()
    got = match(lines, invoices, clients, MatchSettings())
    t2 = time.perf_counter()
    counts = got["status"].value_counts().to_dict()
    right = [frozenset(x) == t for x, t in zip(got["invoices"], truth, strict=True)]
    sure = (got["status"] == "sure").to_numpy()
    proposed = got["status"].isin(["sure", "proposed"]).to_numpy()
    return {
        "read": t1 - t0,
        "match": t2 - t1,
        **{k: float(v) for k, v in counts.items()},
        "sure right %": 100
        * sum(r for r, s in zip(right, sure, strict=True) if s)
        / max(sure.sum(), 1),
        "proposed right %": 100
        * sum(r for r, s in zip(right, proposed, strict=True) if s)
        / max(proposed.sum(), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000:10000,10000:100000,20000:200000")
    parser.add_argument("--seed", type=int, default=20250301)
    args = parser.parse_args()
    print(f"{'lines':>7} {'invoices':>9} {'read s':>7} {'match s':>8} {'µs/line':>8}  outcome")
    for size in args.sizes.split(","):
        n, m = (int(x) for x in size.split(":"))
        r = run(n, m, args.seed)
        outcome = ", ".join(
            f"{k} {v:.1f}" if "%" in k else f"{k} {int(v)}"
            for k, v in r.items()
            if k not in ("read", "match")
        )
        print(
            f"{n:>7} {m:>9} {r['read']:>7.2f} {r['match']:>8.2f} "
            f"{r['match'] / n * 1e6:>8.0f}  {outcome}"
        )


if __name__ == "__main__":
    main()
