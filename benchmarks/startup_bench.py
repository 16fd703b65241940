"""What a small book's refresh pays before any work: is a lighter path (no pandas, no pyarrow)
worth it under ~5 000 rows?

Usage::

    python benchmarks/startup_bench.py [--rows 5000] [--repeat 7] [--cache-dir DIR]

In the same rounds, each a fresh process: the interpreter alone, the imports a refresh needs
(numpy, pandas, pyarrow, python-calamine, lxml, then `arxl.cli`), a 10-row refresh (the fixed
cost) and a refresh of a generated book of `--rows` rows (benchmarks/bench.py's book). A lighter
path could save at most what pandas and pyarrow cost to import, less what it would need instead.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import AS_OF, SEED, arxl_cmd, cached_book, machine, run_once  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=5000)
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument(
        "--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "arxl-bench-cache"
    )
    args = p.parse_args(argv)
    book, tiny = cached_book(args.cache_dir, args.rows, SEED), cached_book(args.cache_dir, 10, SEED)
    work = Path(tempfile.mkdtemp(prefix="arxl-startup-"))
    out, py, arxl = work / "out.xlsx", sys.executable, arxl_cmd()
    imports = "numpy", "pandas", "pyarrow", "python_calamine", "lxml.etree"
    cmds = {
        "python -c pass": [py, "-c", "pass"],
        "import numpy": [py, "-c", "import numpy"],
        "import numpy, pandas": [py, "-c", "import numpy, pandas"],
        "import numpy, pandas, pyarrow": [py, "-c", "import numpy, pandas, pyarrow"],
        "import " + ", ".join(imports): [py, "-c", "import " + ", ".join(imports)],
        "import arxl.cli": [py, "-c", "import arxl.cli"],
        "arxl refresh, 10 rows": [*arxl, "refresh", str(tiny), "-o", str(out), "--as-of", AS_OF],
        f"arxl refresh, {args.rows:,} rows": [
            *arxl,
            "refresh",
            str(book),
            "-o",
            str(out),
            "--as-of",
            AS_OF,
        ],  # fmt: skip
    }
    walls: dict[str, list[float]] = {name: [] for name in cmds}
    for r in range(args.repeat):
        print(f"round {r + 1}", file=sys.stderr, flush=True)
        for name, cmd in cmds.items():
            walls[name].append(run_once(cmd, out).wall)
    print(machine())
    print()
    print("| process | best s | median s | spread s |")
    print("|---|---:|---:|---:|")
    for name, w in walls.items():
        print(f"| {name} | {min(w):.3f} | {statistics.median(w):.3f} | {min(w):.3f}–{max(w):.3f} |")
    med = {name: statistics.median(w) for name, w in walls.items()}
    heavy = med["import numpy, pandas, pyarrow"] - med["import numpy"]
    refresh = med[f"arxl refresh, {args.rows:,} rows"]
    print()
    print(
        f"pandas + pyarrow imports (median, over numpy's): {heavy:.3f} s of a {refresh:.3f} s "
        f"{args.rows:,}-row refresh ({heavy / refresh:.0%}); without them at all: "
        f"{refresh - heavy:.3f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
