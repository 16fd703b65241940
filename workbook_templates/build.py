"""Build the ready-made macro-enabled workbooks from macros/arxl.bas and arxl's code.

    python workbook_templates/build.py          # rewrite arxl.xlsm and arxl-en.xlsm here

Pure Python, no Excel: the VBA project is written by arxl.writers.vbaproject, the sheets and
buttons by XlsxWriter (arxl.writers.macrobook). The output is the same bytes on every run;
tests/writers/test_macrobook.py checks the committed files are up to date.
"""

from __future__ import annotations

from pathlib import Path

from arxl.vocab import Lang
from arxl.writers.macrobook import write_macro_workbook

HERE = Path(__file__).resolve().parent
TEMPLATES = {Lang.FR: HERE / "arxl.xlsm", Lang.EN: HERE / "arxl-en.xlsm"}


def main() -> None:
    for lang, path in TEMPLATES.items():
        write_macro_workbook(path, lang)
        print(path)


if __name__ == "__main__":
    main()
