"""The script a competent user would write instead of `arxl convert` (the reference of
convert_bench.py): each French CSV export read by pandas with the French options, written by
`DataFrame.to_excel` with the XlsxWriter engine in its default mode (a complete workbook; not
constant_memory, in which pandas' column-by-column writing keeps only the first column), one
sheet, no follow-up.

Usage::

    python benchmarks/pandas_convert.py OUTDIR FILE_OR_FOLDER...
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd


def convert(path: Path, out: Path) -> None:
    df = pd.read_csv(
        path,
        sep=";",
        decimal=",",
        thousands=" ",
        encoding="cp1252",
        skiprows=1,  # the title row
        parse_dates=["Date", "Échéance"],
        date_format="%d/%m/%Y",
    )
    df.to_excel(out / f"{path.stem}.xlsx", engine="xlsxwriter", index=False)


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for item in map(Path, argv[1:]):
        for path in sorted(item.glob("*.csv")) if item.is_dir() else [item]:
            convert(path, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
