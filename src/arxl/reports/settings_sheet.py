"""The Paramètres (Settings) sheet arxl creates when missing; the owner edits it afterwards."""

from __future__ import annotations

from arxl.reports.sheet import Column, Kind, SheetSpec
from arxl.settings import SETTING_ROWS, Settings, default_value_text
from arxl.vocab import Lang, sheet_name, t


def build(settings: Settings, lang: Lang) -> SheetSpec:
    rows = [
        (r.label(lang), default_value_text(r, settings.replace(as_of=None)), r.help(lang))
        for r in SETTING_ROWS
    ]
    return SheetSpec(
        key="settings",
        name=sheet_name("settings", lang),
        columns=[
            Column(t("Paramètre", "Setting", lang), Kind.TEXT, 38),
            Column(t("Valeur", "Value", lang), Kind.NUMBER, 14),
            Column(t("Explication", "Explanation", lang), Kind.TEXT, 80),
        ],
        data=[[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]],
        autofilter=False,
        freeze_header=False,
        tab_color="548235",
        landscape=True,
    )
