"""The Paramètres sheet's rows turned into Settings (bad values are reported, defaults kept)."""

from __future__ import annotations

import datetime as dt

from arxl.model import Issue
from arxl.readers import values as V
from arxl.readers.xlsx import excel_date
from arxl.settings import Settings, setting_for_label
from arxl.vocab import Lang, fold


def _ints(value: object, count: int) -> tuple[int, ...] | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and count == 1:
        return (int(value),) if float(value).is_integer() else None
    text = V.plain_text(value)
    parts = [p for p in text.replace(",", ";").replace(" ", ";").split(";") if p]
    if len(parts) != count or not all(p.lstrip("-").isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


def apply_settings_rows(
    rows: list[tuple[int, str, object]], base: Settings, sheet: str
) -> tuple[Settings, list[Issue]]:
    """Settings from (row, label, value) lines; blank values keep the defaults."""
    changes: dict[str, object] = {}
    issues: list[Issue] = []

    def bad(row: int, label: str, value: object, fr: str, en: str) -> None:
        issues.append(Issue(sheet, row, label, value, fr, en))

    for row, label, value in rows:
        setting = setting_for_label(label)
        if setting is None or V.is_blank(value):
            continue
        key = setting.key
        if key == "as_of":
            d = excel_date(value) if not isinstance(value, dt.date) else value
            if isinstance(d, dt.datetime):
                d = d.date()
            if d is None:
                bad(
                    row,
                    label,
                    value,
                    "Date d'analyse illisible (aujourd'hui utilisé)",
                    "Unreadable as-of date (today used)",
                )
            else:
                changes[key] = d
        elif key == "credit_control":
            word = fold(value)
            if word in ("oui", "yes", "1", "true", "vrai", "on"):
                changes[key] = True
            elif word in ("non", "no", "0", "false", "faux", "off"):
                changes[key] = False
            else:
                bad(row, label, value, "oui ou non attendu", "yes or no expected")
        elif key in ("default_terms", "pre_due_days", "hold_days_overdue", "hold_average_age"):
            got = _ints(value, 1)
            if got is None or got[0] < 0:
                bad(
                    row,
                    label,
                    value,
                    "Nombre de jours illisible (valeur par défaut utilisée)",
                    "Unreadable number of days (default used)",
                )
            else:
                changes[key] = got[0]
        elif key in ("bucket_bounds", "reminder_thresholds"):
            count = 3 if key == "bucket_bounds" else 4
            got = _ints(value, count)
            if got is None or list(got) != sorted(set(got)) or got[0] < (1 if count == 3 else 0):
                bad(
                    row,
                    label,
                    value,
                    f"{count} nombres croissants attendus, séparés par ; (défaut utilisé)",
                    f"{count} increasing numbers separated by ; expected (default used)",
                )
            else:
                changes[key] = got
        elif key == "lang":
            code = fold(value)
            if code in ("fr", "francais", "french"):
                changes[key] = Lang.FR
            elif code in ("en", "anglais", "english"):
                changes[key] = Lang.EN
            else:
                bad(row, label, value, "Langue attendue : fr ou en", "Language expected: fr or en")
    return base.replace(**changes), issues
