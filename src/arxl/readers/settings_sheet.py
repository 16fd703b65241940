"""The Paramètres sheet's rows turned into Settings (bad values are reported, defaults kept)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from arxl.cells import plain_text
from arxl.model import Issue
from arxl.readers import values as V
from arxl.readers.bounds import year_window
from arxl.readers.xlsx import excel_date
from arxl.settings import PASSWORD_LABELS, Settings, setting_for_label
from arxl.vocab import COUNTRY_PROFILES, Lang, fold

TEXT_KEYS = (
    "sender_name",
    "sender_address",
    "iban",
    "bic",
    "smtp_host",
    "smtp_user",
    "smtp_from",
    "currency",
)
PROFILES = {"fr": "fr", "france": "fr", "uk": "uk", "gb": "uk", "en": "uk", "none": "none"}
PROFILES.update({"aucun": "none", "non": "none", "sans": "none"})
SECURITIES = {"starttls": "starttls", "tls": "starttls", "ssl": "ssl", "none": "none"}
SECURITIES.update({"aucune": "none", "sans": "none", "smtps": "ssl"})
_PERIOD = re.compile(r"^\s*(\d{4})\s*[-/ ]?\s*[sShH]?\s*([12])\s*[=:]\s*(-?[\d.,]+)\s*%?\s*$")


def _ints(value: object, count: int) -> tuple[int, ...] | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and count == 1:
        return (int(value),) if float(value).is_integer() else None
    text = plain_text(value)
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
        if fold(label) in PASSWORD_LABELS and not V.is_blank(value):
            bad(
                row,
                label,
                "****",
                "Mot de passe ignoré : effacez-le du classeur, utilisez ARXL_SMTP_PASSWORD ou "
                "le trousseau système",
                "Password ignored: delete it from the workbook, use ARXL_SMTP_PASSWORD or the "
                "system keyring",
            )
            continue
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
        elif key in TEXT_KEYS:
            changes[key] = plain_text(value).strip()
        elif key in CHOICE_PARSERS:
            parse, fr, en = CHOICE_PARSERS[key]
            parsed = parse(value)
            if parsed is None:
                bad(row, label, value, fr, en)
            else:
                changes[key] = parsed
        elif key == "fee_tolerance":
            amount = tolerance(value)
            if amount is None:
                bad(
                    row,
                    label,
                    value,
                    "Tolérance illisible : un montant positif attendu (5 utilisé)",
                    "Unreadable tolerance: a positive amount expected (5 used)",
                )
            else:
                changes[key] = amount
        elif key in ("credit_control", "auto_validate"):
            word = fold(value)
            if word in ("oui", "yes", "1", "true", "vrai", "on"):
                changes[key] = True
            elif word in ("non", "no", "0", "false", "faux", "off"):
                changes[key] = False
            else:
                bad(row, label, value, "oui ou non attendu", "yes or no expected")
        elif key in (
            "default_terms",
            "pre_due_days",
            "reminder_interval",
            "smtp_port",
            "hold_days_overdue",
            "hold_average_age",
        ):
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


def tolerance(value: object) -> float | None:
    """An amount typed as 5, "5 €", "2,50" -> 5.0, 2.5; None if unreadable or negative."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        amount: float | None = float(value)
    else:
        amount = V.parse_amount_text(plain_text(value))
    return amount if amount is not None and amount >= 0 else None


def _choice(table: dict[str, str]) -> tuple[Callable[[object], str | None], str, str]:
    names = sorted(set(table.values()))
    return (
        lambda v: table.get(fold(v)),
        f"Valeur attendue : {' ou '.join(names)} (défaut utilisé)",
        f"Expected value: {' or '.join(names)} (default used)",
    )


def country(value: object) -> str | None:
    """A country as typed (FR, France, UK, Royaume-Uni, US...) -> a short code, upper case."""
    text = plain_text(value).strip()
    code = COUNTRY_PROFILES.get(fold(text))
    if code is not None:
        return code.upper()
    return text.upper() if re.fullmatch(r"[A-Za-z][A-Za-z .'-]{1,40}", text) else None


def date_format(value: object) -> str | None:
    """A date format as typed (jj/mm/aaaa, dd/mm/yyyy, m/d/yyyy, aaaa-mm-jj), lower case."""
    text = plain_text(value).strip().lower()
    return text if re.fullmatch(r"[djmya]{1,4}([ ./-][djmya]{1,4}){2}", text) else None


def positive_percent(value: object) -> float | None:
    rate = percent(value)
    return rate if rate is not None and rate > 0 else None


def percent(value: object) -> float | None:
    """A rate typed as 12,5 or "12,5 %" or a percent-formatted cell (0.125) -> 12.5."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        number = V.parse_amount_text(plain_text(value).replace("%", ""))
        if number is None:
            return None
    return number * 100 if 0 < abs(number) < 1 else number


def reference_rates(value: object) -> tuple[tuple[str, float], ...] | None:
    """ "2026-S2=2,15; 2027-S1=2" -> (("2026-S2", 2.15), ("2027-S1", 2.0)); None if unreadable."""
    out = []
    for part in plain_text(value).split(";"):
        if not part.strip():
            continue
        m = _PERIOD.match(part)
        if m is None:
            return None
        out.append((f"{m[1]}-S{m[2]}", float(m[3].replace(",", "."))))
    return tuple(out) or None


MONTHS = {
    fold(name): k
    for k, names in enumerate(
        (
            ("janvier", "january"), ("fevrier", "february"), ("mars", "march"),
            ("avril", "april"), ("mai", "may"), ("juin", "june"), ("juillet", "july"),
            ("aout", "august"), ("septembre", "september"), ("octobre", "october"),
            ("novembre", "november"), ("decembre", "december"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip


def day_month(value: object) -> tuple[int, int] | None:
    """A start of financial year typed as 01/07 (or 1-7, a month name such as juillet or April
    for its first day, or a date cell such as 01/07/2026: Excel turns 01/07 into a date) ->
    (1, 7); None if unreadable or not a day of the year."""
    if fold(value) in MONTHS:
        return 1, MONTHS[fold(value)]
    m = re.fullmatch(r"\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*", plain_text(value))
    if m is None:
        date = value if isinstance(value, dt.date) else excel_date(value)
        return None if date is None else (date.day, date.month)
    day, month = int(m[1]), int(m[2])
    try:
        dt.date(2001, month, day)  # not a leap year: 29/02 is no start of a year
    except ValueError:
        return None
    return day, month


# key -> (parser returning None when unreadable, French message, English message)
CHOICE_PARSERS: dict[str, tuple[Callable[[object], object | None], str, str]] = {
    "penalty_profile": _choice(PROFILES),
    "smtp_security": _choice(SECURITIES),
    "country": (
        country,
        "Pays attendu : FR ou UK (pas de pénalités légales sinon)",
        "Country expected: FR or UK (no statutory penalties otherwise)",
    ),
    "date_format": (
        date_format,
        "Format attendu : jj/mm/aaaa, mm/jj/aaaa ou aaaa-mm-jj (format des factures utilisé)",
        "Expected format: dd/mm/yyyy, mm/dd/yyyy or yyyy-mm-dd (the invoices' format used)",
    ),
    "contractual_rate": (
        positive_percent,
        "Taux illisible (taux légal utilisé)",
        "Unreadable rate (statutory rate used)",
    ),
    "fiscal_year_start": (
        day_month,
        "Date attendue : jour/mois, par ex. 01/07 (01/01 utilisé)",
        "Expected date: day/month, e.g. 01/07 (01/01 used)",
    ),
    "date_window": (
        year_window,
        "Deux années de 1900 à 2200 attendues, par ex. 1990;2100 (1990;2100 utilisé)",
        "Two years from 1900 to 2200 expected, e.g. 1990;2100 (1990;2100 used)",
    ),
    "reference_rates": (
        reference_rates,
        "Format attendu : 2026-S2=2,15; 2027-S1=2 (ignoré)",
        "Expected format: 2026-S2=2.15; 2027-S1=2 (ignored)",
    ),
}
