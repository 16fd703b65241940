"""The Lignes écartées (Rows left out) sheet `arxl convert` creates: every data row of an
export that gave no transaction (a draft, an invoice without a client, an unreadable amount),
as the file wrote it, with its file, its line and why. It is the owner's sheet from then on:
a refresh does not touch it, so the rows are not lost once Anomalies is written again from
the workbook."""

from __future__ import annotations

from collections.abc import Sequence

from arxl.sheets.spec import Column, Kind, SheetSpec
from arxl.vocab import Lang, sheet_name, t

# (file name, its header row, its rows left out: (line, cells, reason_fr, reason_en))
LeftOut = tuple[str, list[str], list[tuple[int, list[str], str, str]]]


def build(files: Sequence[LeftOut], lang: Lang) -> SheetSpec | None:
    """The sheet, or None when no row was left out. The file's own headers head its columns
    when every file has the same; else they are numbered."""
    rows = [(name, *row) for name, _, left in files for row in left]
    if not rows:
        return None
    headers = {tuple(header) for name, header, left in files if left}
    width = max(len(cells) for _, _, cells, _, _ in rows)
    if len(headers) == 1:
        header = next(iter(headers))
        width = max(width, len(header))
        own = [str(h).strip() or f"{k + 1}" for k, h in enumerate(header)]
        own += [f"{k + 1}" for k in range(len(own), width)]
    else:
        own = [t(f"Colonne {k + 1}", f"Column {k + 1}", lang) for k in range(width)]
    columns = [
        Column(t("Fichier", "File", lang), Kind.TEXT, 24),
        Column(t("Ligne", "Line", lang), Kind.INT, 8),
        Column(t("Raison", "Reason", lang), Kind.TEXT, 60),
        *[Column(h, Kind.TEXT, 16) for h in own],
    ]
    data: list[list[object]] = [
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[3] if lang is Lang.FR else r[4] for r in rows],
    ]
    for k in range(width):
        data.append([r[2][k] if k < len(r[2]) else "" for r in rows])
    return SheetSpec(
        key="left_out",
        name=sheet_name("left_out", lang),
        columns=columns,
        data=data,
        tab_color="7F7F7F",
    )
