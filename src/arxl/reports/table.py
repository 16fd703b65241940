"""Terminal tables for `arxl aging --format table`."""

from __future__ import annotations

from arxl.vocab import Lang


def _number(v: float, lang: Lang | None) -> str:
    text = f"{v:,.2f}"
    if lang is Lang.FR:  # 2 060,50 as a French owner reads it
        return text.replace(",", "\u00a0").replace(".", ",")
    return text


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
        table.add_row(
            *(
                "" if v is None else (_number(v, lang) if isinstance(v, float) else str(v))
                for v in r
            )
        )
    console = Console()
    if not console.is_terminal:
        console = Console(width=200)
    console.print(table)
