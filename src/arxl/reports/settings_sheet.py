"""The Paramètres (Settings) sheet arxl creates when missing; the owner edits it afterwards."""

from __future__ import annotations

from arxl.settings import Settings, sheet_header, sheet_rows
from arxl.sheets.spec import Column, Kind, SheetSpec
from arxl.vocab import Lang, sheet_name


def build(settings: Settings, lang: Lang) -> SheetSpec:
    rows = sheet_rows(settings.replace(as_of=None), lang)
    label, value, explanation = sheet_header(lang)
    return SheetSpec(
        key="settings",
        name=sheet_name("settings", lang),
        columns=[
            Column(label, Kind.TEXT, 38),
            Column(value, Kind.NUMBER, 14),
            Column(explanation, Kind.TEXT, 80),
        ],
        data=[[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]],
        autofilter=False,
        freeze_header=False,
        tab_color="548235",
        landscape=True,
    )
