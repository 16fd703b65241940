"""Terminal tables for `arxl aging --format table`."""

from __future__ import annotations


def print_table(header: list[str], rows: list[list[object]], title: str = "") -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for h in header:
        numeric = rows and isinstance(rows[0][header.index(h)], (int, float))
        table.add_column(h, justify="right" if numeric else "left")
    for r in rows:
        table.add_row(
            *("" if v is None else (f"{v:,.2f}" if isinstance(v, float) else str(v)) for v in r)
        )
    console = Console()
    if not console.is_terminal:
        console = Console(width=200)
    console.print(table)
