"""The bank benchmark still runs, and its proposals are still right (timings: docs only)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bank_benchmark_runs_small():
    done = subprocess.run(
        [sys.executable, "benchmarks/bank_bench.py", "--sizes", "200:2000"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "sure right % 100.0, proposed right % 100.0" in done.stdout
