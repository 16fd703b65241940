"""The benchmark script still runs (timings are judged in docs/benchmarks.md, never here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_quick_mode_runs(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/bench.py", "--quick", "--cache-dir", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "| 2,000 |" in done.stdout


def test_convert_benchmark_quick_mode_runs(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/convert_bench.py", "--quick", "--cache-dir", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "| 20 files of 20-40 rows, --jobs 2 |" in done.stdout
    assert "| 1 file of 2,000 rows |" in done.stdout
