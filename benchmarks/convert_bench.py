"""Benchmark of `arxl convert`: a thousand small exports, and one large CSV.

Usage::

    python benchmarks/convert_bench.py [--files 1000] [--rows 200000] [--jobs 1,2] [--quick]

Inputs are generated once from a fixed seed into ``--cache-dir`` (default:
``$TMPDIR/arxl-bench-cache``): ``small-<files>/`` holds French Excel-style CSV files of 20 to 40
invoices each (``;``, decimal comma, dd/mm/yyyy, a title row and a total row, Windows-1252), and
``big-<rows>.csv`` one such file with ``--rows`` invoices. Each measurement is a fresh ``arxl
convert`` process (wall time, and its peak RSS from ``os.wait4``, which on Linux covers the
worker processes it waited for). Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import Measure, arxl_cmd, machine, measure  # noqa: E402

SEED = 20260630
AS_OF = "2026-06-30"
HEADER = "N° facture;Date;Échéance;Code client;Client;Montant TTC;Réglé;Statut\n"
STATUSES = ["Payée", "En attente", "En retard", "Partiellement payée", ""]


def _amount(x: float) -> str:
    whole, cents = f"{x:.2f}".split(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    return " ".join([whole, *groups]) + "," + cents


def write_export(path: Path, rows: int, rng: random.Random, first: int = 1) -> None:
    """One French Excel-style export of `rows` invoices (cp1252, CRLF)."""
    start = dt.date(2024, 1, 1)
    clients = max(10, rows // 50)
    with path.open("w", encoding="cp1252", newline="\r\n") as fh:
        fh.write("Export des factures clients;;;;;;;\n")
        fh.write(HEADER)
        total = 0.0
        for k in range(first, first + rows):
            day = start + dt.timedelta(days=rng.randrange(900))
            due = day + dt.timedelta(days=rng.choice([30, 45, 60]))
            client = rng.randrange(1, clients + 1)
            amount = round(rng.uniform(20, 25_000), 2)
            status = rng.choice(STATUSES)
            paid = amount if status.startswith("Pay") else 0.0
            if status.startswith("Partiel"):
                paid = round(amount * rng.uniform(0.1, 0.9), 2)
            total += amount
            fh.write(
                f"F{k:07d};{day:%d/%m/%Y};{due:%d/%m/%Y};{client:05d};Client {client};"
                f"{_amount(amount)} €;{_amount(paid)};{status}\n"
            )
        fh.write(f"Total;;;;;{_amount(total)};;\n")


def small_files(cache: Path, files: int) -> Path:
    folder = cache / f"small-{files}-seed{SEED}"
    if not folder.exists():
        tmp = Path(tempfile.mkdtemp(dir=cache))
        rng = random.Random(SEED)
        for n in range(files):
            write_export(tmp / f"export-{n:04d}.csv", rng.randint(20, 40), rng, first=n * 100)
        tmp.rename(folder)
    return folder


def big_file(cache: Path, rows: int) -> Path:
    path = cache / f"big-{rows}-seed{SEED}.csv"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        write_export(tmp, rows, random.Random(SEED))
        tmp.rename(path)
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--files", type=int, default=1000)
    p.add_argument("--rows", type=int, default=200_000)
    p.add_argument("--jobs", default="1,2", help="comma-separated --jobs values for the batch")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--quick", action="store_true", help="20 files and 2 000 rows (smoke test)")
    p.add_argument(
        "--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "arxl-bench-cache"
    )
    args = p.parse_args(argv)
    if args.quick:
        args.files, args.rows, args.jobs = 20, 2000, "2"
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    folder, big = small_files(args.cache_dir, args.files), big_file(args.cache_dir, args.rows)
    arxl = arxl_cmd()
    results: list[tuple[str, Measure]] = []
    out = Path(tempfile.mkdtemp(prefix="arxl-convert-bench-"))
    try:
        for jobs in (int(j) for j in args.jobs.split(",")):
            cmd = [*arxl, "convert", str(folder), "-o", str(out / f"j{jobs}"), "--as-of", AS_OF]
            m = measure([*cmd, "--jobs", str(jobs)], args.repeat)
            results.append((f"{args.files} files of 20-40 rows, --jobs {jobs}", m))
        m = measure([*arxl, "convert", str(big), "-o", str(out / "big"), "--as-of", AS_OF], 1)
        results.append((f"1 file of {args.rows:,} rows", m))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(machine())
    print()
    print("| conversion | wall s | peak RSS MB | per file / per 1k rows |")
    print("|---|---:|---:|---:|")
    for label, m in results:
        unit = (
            f"{m.wall / args.files * 1000:.0f} ms/file"
            if "files" in label
            else f"{m.wall / args.rows * 1e6:.0f} ms/1k rows"
        )
        print(f"| {label} | {m.wall:.2f} | {m.rss_mb:.0f} | {unit} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
