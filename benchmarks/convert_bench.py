"""Benchmark of `arxl convert` against the pandas + XlsxWriter script: small exports, one large CSV.

Usage::

    python benchmarks/convert_bench.py [--files 200] [--rows 200000] [--jobs 1,2] [--repeat 3]
                                       [--credit-notes SHARE] [--quick]

Inputs are generated once from a fixed seed into ``--cache-dir`` (default:
``$TMPDIR/arxl-bench-cache``): ``small-<files>/`` holds French Excel-style CSV files of 20 to 40
invoices each (``;``, decimal comma, dd/mm/yyyy, a title row and a total row, Windows-1252), and
``big-<rows>.csv`` one such file with ``--rows`` invoices. Each measurement is a fresh ``arxl
convert`` process (wall time, CPU time and peak RSS from ``os.wait4``, which on Linux cover
the worker processes it waited for), and so is each run of the reference, benchmarks/
pandas_convert.py (``read_csv`` with the French options, ``to_excel`` with XlsxWriter). The
commands run in rounds, each once per round, so that a slow moment of a shared machine falls on
all of them and their ratios hold; the ratios are printed per round (their spread) and from the
best times, with PASS/FAIL against the targets of issue 24. Timings are never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import arxl_cmd, machine, second_core, second_core_text  # noqa: E402

SCRIPT = Path(__file__).with_name("pandas_convert.py")

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


def write_export(
    path: Path, rows: int, rng: random.Random, first: int = 1, credit_notes: float = 0.0
) -> None:
    """One French Excel-style export of `rows` invoices (cp1252, CRLF); with `credit_notes`,
    that share of the rows are credit notes (AV..., a negative amount of up to an invoice's)."""
    start = dt.date(2024, 1, 1)
    clients = max(10, rows // 50)
    with path.open("w", encoding="cp1252", newline="\r\n") as fh:
        fh.write("Export des factures clients;;;;;;;\n")
        fh.write(HEADER)
        total = 0.0
        for k in range(first, first + rows):
            if credit_notes and rng.random() < credit_notes:
                day = start + dt.timedelta(days=rng.randrange(900))
                client = rng.randrange(1, clients + 1)
                amount = -round(rng.uniform(20, 5_000), 2)
                total += amount
                fh.write(
                    f"AV{k:07d};{day:%d/%m/%Y};;{client:05d};Client {client};"
                    f"-{_amount(-amount)} €;;Avoir\n"
                )
                continue
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


def _variant(credit_notes: float) -> str:
    return f"-cn{credit_notes:g}" if credit_notes else ""


def small_files(cache: Path, files: int, credit_notes: float = 0.0) -> Path:
    folder = cache / f"small-{files}-seed{SEED}{_variant(credit_notes)}"
    if not folder.exists():
        tmp = Path(tempfile.mkdtemp(dir=cache))
        rng = random.Random(SEED)
        for n in range(files):
            rows = rng.randint(20, 40)
            write_export(tmp / f"export-{n:04d}.csv", rows, rng, n * 100, credit_notes)
        tmp.rename(folder)
    return folder


def big_file(cache: Path, rows: int, credit_notes: float = 0.0) -> Path:
    path = cache / f"big-{rows}-seed{SEED}{_variant(credit_notes)}.csv"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        write_export(tmp, rows, random.Random(SEED), credit_notes=credit_notes)
        tmp.rename(path)
    return path


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds, the process and the workers it waited for
    rss_mb: float  # peak RSS, MiB (the largest of the process and its workers)
    in_use_mb: float | None  # peak memory in use by all of them together (Pss summed), MiB


def _tree(pid: int) -> list[int]:
    """pid and its descendants (Linux: /proc/PID/task/PID/children)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        with contextlib.suppress(OSError, ValueError):
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class InUse(threading.Thread):
    """The peak of the memory a process and its children use together, sampled every 50 ms:
    their proportional set sizes summed (a page two processes share counts once). The peak
    RSS os.wait4 gives is the largest single process's, which leaves out a forked child's
    pages (arxl works out a big ledger's month-end pictures in one). None off Linux."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()
        self.works = Path(f"/proc/{pid}/smaps_rollup").exists()

    def run(self) -> None:
        while self.works and not self.done.wait(0.05):
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in _tree(self.pid)))

    def stop(self) -> float | None:
        self.done.set()
        self.join()
        return self.peak_kb / 1024 if self.works and self.peak_kb else None


def run(cmd: list[str], out: Path, env: dict[str, str] | None = None) -> Run:
    """`cmd` in a fresh process, from an empty output folder."""
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    in_use = InUse(proc.pid)
    in_use.start()
    if hasattr(os, "waitid"):  # wait4 reaps it: the last samples while it is there to read
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
    in_use_mb = in_use.stop()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{err}")
    shutil.rmtree(out, ignore_errors=True)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, in_use_mb)


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def spread(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0]:.2f}"
    return f"{min(values):.2f}–{max(values):.2f} (median {statistics.median(values):.2f})"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--files", type=int, default=200)
    p.add_argument("--rows", type=int, default=200_000)
    p.add_argument("--jobs", default="1,2", help="comma-separated --jobs values for the batch")
    p.add_argument("--repeat", type=int, default=3, help="rounds")
    p.add_argument("--quick", action="store_true", help="20 files and 2 000 rows (smoke test)")
    p.add_argument(
        "--credit-notes",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="exports with that share of credit notes (0.05: 5 %% of the rows), which bring cash "
        "application at every month end",
    )
    p.add_argument(
        "--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "arxl-bench-cache"
    )
    p.add_argument(
        "--baseline",
        type=Path,
        help="the src folder of another checkout: its arxl convert runs in the same rounds",
    )
    args = p.parse_args(argv)
    if args.quick:
        args.files, args.rows, args.jobs, args.repeat = 20, 2000, "2", 1
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    folder = small_files(args.cache_dir, args.files, args.credit_notes)
    big = big_file(args.cache_dir, args.rows, args.credit_notes)
    arxl, py = arxl_cmd(), sys.executable
    jobs = [int(j) for j in args.jobs.split(",")]
    out = Path(tempfile.mkdtemp(prefix="arxl-convert-bench-"))
    small = f"{args.files} files of 20-40 rows"
    large = f"1 file of {args.rows:,} rows"
    cmds: dict[str, list[str]] = {}
    for j in jobs:
        cmds[f"{small}, --jobs {j}"] = [
            *arxl, "convert", str(folder), "-o", str(out / "o"), "--as-of", AS_OF, "--jobs", str(j)
        ]  # fmt: skip
    cmds[f"{small}, pandas script"] = [py, str(SCRIPT), str(out / "o"), str(folder)]
    cmds[large] = [*arxl, "convert", str(big), "-o", str(out / "o"), "--as-of", AS_OF]
    cmds[f"{large}, pandas script"] = [py, str(SCRIPT), str(out / "o"), str(big)]
    envs: dict[str, dict[str, str]] = {}
    if args.baseline is not None:
        env = {**os.environ, "PYTHONPATH": str(args.baseline.resolve())}
        for name in [n for n in cmds if "pandas" not in n and "--jobs 2" not in n]:
            cmds[f"{name}, baseline"] = [py, "-m", "arxl", *cmds[name][len(arxl) :]]
            envs[f"{name}, baseline"] = env
    runs: dict[str, list[Run]] = {name: [] for name in cmds}
    cores = [second_core(1 if args.quick else 3)]
    loads = [load()]
    try:
        for r in range(args.repeat):
            print(f"round {r + 1}:", end="", flush=True, file=sys.stderr)
            for name, cmd in cmds.items():
                runs[name].append(run(cmd, out / "o", envs.get(name)))
                print(".", end="", flush=True, file=sys.stderr)
            loads.append(load())
            print(file=sys.stderr)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    cores.append(second_core(1 if args.quick else 3))
    print(machine())
    before, after = second_core_text(cores[0]), second_core_text(cores[1], what="")
    print(f"before the runs, {before}; after, {after}")
    print(f"load average (1, 5, 15 min) before and after each round: {' | '.join(loads)}")
    print()
    print(
        "| conversion | wall s (best) | wall s (all rounds) | CPU s (best) | peak RSS MB "
        "| in use MB (all processes) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, rs in runs.items():
        print(
            f"| {name} | {min(x.wall for x in rs):.2f} | {spread([x.wall for x in rs])} | "
            f"{min(x.cpu for x in rs):.2f} | {max(x.rss_mb for x in rs):.0f} | "
            f"{_in_use(rs)} |"
        )
    print()
    print(verdicts(runs, small, large, jobs, args.files))
    if args.baseline is not None:
        print()
        print("| against the baseline checkout | wall (best / best) | per round | CPU |")
        print("|---|---:|---:|---:|")
        for name in [n for n in runs if n.endswith(", baseline")]:
            now, before = runs[name.removesuffix(", baseline")], runs[name]
            walls = [a.wall / b.wall for a, b in zip(now, before, strict=True)]
            print(
                f"| {name.removesuffix(', baseline')}: this / baseline | "
                f"{min(x.wall for x in now) / min(x.wall for x in before):.2f} | "
                f"{spread(walls)} | "
                f"{min(x.cpu for x in now) / min(x.cpu for x in before):.2f} |"
            )
    return 0


def ratio_line(
    target: str, num: list[float], den: list[float], limit: float, unit: str = ""
) -> str:
    """A target's line: the ratio of the best values, its spread over the rounds."""
    best = min(num) / min(den)
    per_round = [a / b for a, b in zip(num, den, strict=True)]
    verdict = "PASS" if best <= limit else "FAIL"
    return f"| {target} | {best:.2f}{unit} | {spread(per_round)} | {verdict} |"


def verdicts(
    runs: dict[str, list[Run]], small: str, large: str, jobs: list[int], files: int
) -> str:
    lines = [
        "| target (issue 24) | measured (best / best) | per round | verdict |",
        "|---|---:|---:|---|",
    ]
    script = runs[f"{small}, pandas script"]
    one = runs.get(f"{small}, --jobs 1")
    if one is not None:
        lines.append(
            ratio_line(
                f"{files} small exports, one process: arxl <= 2.5 x the script per file",
                [x.wall for x in one],
                [x.wall for x in script],
                2.5,
            )
        )
        lines.append(
            f"| (same, per file) | arxl {min(x.wall for x in one) / files * 1000:.1f} ms, "
            f"script {min(x.wall for x in script) / files * 1000:.1f} ms | | |"
        )
        lines.append(
            ratio_line(
                "(informative) the same in CPU time",
                [x.cpu for x in one],
                [x.cpu for x in script],
                2.5,
            )
        )
    two = runs.get(f"{small}, --jobs 2")
    if one is not None and two is not None:
        lines.append(
            ratio_line(
                "--jobs 2 <= 0.6 x --jobs 1", [x.wall for x in two], [x.wall for x in one], 0.6
            )
        )
    big, ref = runs[large], runs[f"{large}, pandas script"]
    lines.append(
        ratio_line(
            f"{large}: arxl <= 0.5 x the script (wall)",
            [x.wall for x in big],
            [x.wall for x in ref],
            0.5,
        )
    )
    lines.append(
        ratio_line(
            "(informative) the same in CPU time", [x.cpu for x in big], [x.cpu for x in ref], 0.5
        )
    )
    rss, ref_rss = max(x.rss_mb for x in big), max(x.rss_mb for x in ref)
    verdict = "PASS" if rss <= 0.5 * ref_rss else "FAIL"
    lines.append(
        f"| {large}: peak RSS <= 0.5 x the script's | {rss / ref_rss:.2f} "
        f"({rss:.0f} / {ref_rss:.0f} MB) | | {verdict} |"
    )
    used = [x.in_use_mb for x in big if x.in_use_mb is not None]
    ref_used = [x.in_use_mb for x in ref if x.in_use_mb is not None]
    if used and ref_used:
        verdict = "PASS" if max(used) <= 0.5 * max(ref_used) else "FAIL"
        lines.append(
            f"| (the same, memory in use by all its processes) | {max(used) / max(ref_used):.2f} "
            f"({max(used):.0f} / {max(ref_used):.0f} MB) | | {verdict} |"
        )
    return "\n".join(lines)


def _in_use(rs: list[Run]) -> str:
    found = [x.in_use_mb for x in rs if x.in_use_mb is not None]
    return f"{max(found):.0f}" if found else "n/a"


if __name__ == "__main__":
    sys.exit(main())
