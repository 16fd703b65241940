"""Terminal tables for `arxl aging --format table`."""

from __future__ import annotations

import os

from arxl.vocab import Lang, number_text


def _cell(v: object, lang: Lang) -> str:
    if v is None:
        return ""
    return number_text(v, lang) if isinstance(v, float) else str(v)


def print_table(
    header: list[str], rows: list[list[object]], title: str = "", lang: Lang | None = None
) -> None:
    """A rich table; amounts in the owner's number style when `lang` is given."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for h in header:
        numeric = rows and isinstance(rows[0][header.index(h)], (int, float))
        table.add_column(h, justify="right" if numeric else "left")
    for r in rows:
        table.add_row(*(_cell(v, lang or Lang.EN) for v in r))
    console = Console()
    if not console.is_terminal and not os.environ.get("COLUMNS", "").isdigit():
        console = Console(width=200)  # redirected: wide, unless COLUMNS says how wide
    console.print(table)
