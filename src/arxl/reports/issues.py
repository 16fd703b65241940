"""The Anomalies (Issues) sheet: one line per problem, pointing at the cell the owner must fix."""

from __future__ import annotations

import datetime as dt

from arxl.cells import plain_text
from arxl.formats import FR_FORMATS, Formats
from arxl.model import Issue
from arxl.sheets.spec import Column, Kind, SheetSpec
from arxl.vocab import Lang, sheet_name, t


def build(
    issues: list[Issue], as_of: dt.date, lang: Lang, formats: Formats = FR_FORMATS
) -> SheetSpec:
    columns = [
        Column(t("Feuille", "Sheet", lang), Kind.TEXT, 16),
        Column(t("Ligne", "Row", lang), Kind.INT, 7, center=True),  # apart from the column
        Column(t("Colonne", "Column", lang), Kind.TEXT, 20),
        Column(t("Valeur", "Value", lang), Kind.TEXT, 24),
        Column(t("Problème", "Problem", lang), Kind.TEXT, 60),
    ]
    data = [
        [i.sheet for i in issues],
        [i.row for i in issues],
        [i.column for i in issues],
        [plain_text(i.value) for i in issues],
        [i.message(lang) for i in issues],
    ]
    name = sheet_name("issues", lang)
    return SheetSpec(
        key="issues",
        name=name,
        columns=columns,
        data=data,
        print_title=f"{name} – {formats.date_text(as_of)}",
        tab_color="7F7F7F",
        formats=formats,
    )
