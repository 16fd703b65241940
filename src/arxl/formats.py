"""How a workbook writes money and dates: one small description every report and writer uses.

The choice, in order: the number formats of the owner's own invoice cells (the amount and the
date of the first invoices), else the `Devise` and `Format de date` rows of Paramètres, else the
country (`Pays`), else the language. A `$` book gets `$` and m/d/yyyy in every sheet arxl writes;
a French one `1 234,00 €` and dd/mm/yyyy.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from arxl.vocab import Lang, fold
from arxl.vocab.text import number_text

EURO_MONEY = '#,##0.00\\ "€"'  # what arxl always wrote: kept byte for byte for euro books
DAY_FIRST, MONTH_FIRST, ISO = "dd/mm/yyyy", "m/d/yyyy", "yyyy-mm-dd"
PERCENT = "0.00%"  # built-in format 10
DAYS = "0.0"

# ISO codes and words an owner may type in `Devise`, and the symbol arxl writes for them
_SYMBOLS = {
    "eur": "€",
    "euro": "€",
    "euros": "€",
    "usd": "$",
    "dollar": "$",
    "dollars": "$",
    "cad": "$",
    "aud": "$",
    "gbp": "£",
    "livre": "£",
    "livres": "£",
    "pound": "£",
    "pounds": "£",
    "inr": "₹",
    "roupie": "₹",
    "rupee": "₹",
    "rupees": "₹",
    "rs": "₹",
    "jpy": "¥",
    "yen": "¥",
    "chf": "CHF",
    "xof": "FCFA",
    "xaf": "FCFA",
    "fcfa": "FCFA",
    "mad": "MAD",
    "dh": "MAD",
    "tnd": "TND",
}
# Pays: country code or name -> (currency, date code); the penalty profile is in settings.py
_COUNTRIES = {
    "fr": ("€", DAY_FIRST),
    "france": ("€", DAY_FIRST),
    "be": ("€", DAY_FIRST),
    "belgique": ("€", DAY_FIRST),
    "lu": ("€", DAY_FIRST),
    "uk": ("£", DAY_FIRST),
    "gb": ("£", DAY_FIRST),
    "royaumeuni": ("£", DAY_FIRST),
    "unitedkingdom": ("£", DAY_FIRST),
    "ie": ("€", DAY_FIRST),
    "us": ("$", MONTH_FIRST),
    "usa": ("$", MONTH_FIRST),
    "etatsunis": ("$", MONTH_FIRST),
    "unitedstates": ("$", MONTH_FIRST),
    "ca": ("$", DAY_FIRST),
    "ch": ("CHF", DAY_FIRST),
    "suisse": ("CHF", DAY_FIRST),
    "in": ("₹", DAY_FIRST),
    "india": ("₹", DAY_FIRST),
    "inde": ("₹", DAY_FIRST),
}
_BEFORE = {"$", "£", "₹", "¥"}  # written before the amount in English


@dataclass(frozen=True)
class Formats:
    """The money and date formats of one workbook, as Excel codes and as text.

    `money` and `date` are Excel number-format codes; `money_text` and `date_text` spell a
    value the way those codes show it (for sentences, titles and column widths). `source` says
    where the choice came from: workbook, settings, country or language."""

    currency: str = "€"
    symbol_first: bool = False  # "$1,234.00" rather than "1 234,00 €"
    date: str = DAY_FIRST
    lang: Lang = Lang.FR  # how numbers are spelled in text (separators)
    owner_money: str | None = None  # the owner's own amount format, used as it is
    source: str = "language"

    @property
    def money(self) -> str:
        """The Excel format of an amount: the owner's, else two decimals and the symbol."""
        if self.owner_money:
            return self.owner_money
        return self._money("#,##0.00")

    @property
    def money_whole(self) -> str:
        """An amount without decimals (a chart's axis)."""
        return self._money("#,##0")

    def _money(self, number: str) -> str:
        if self.currency == "€" and not self.symbol_first and number == "#,##0.00":
            return EURO_MONEY
        symbol = f'"{self.currency}"' if self.currency else ""
        if not symbol:
            return number
        return symbol + number if self.symbol_first else f"{number}\\ {symbol}"

    def code(self, kind: str) -> str | int:
        """The number format of a column kind (a sheets.spec.Kind): a code, or the id of a
        built-in format."""
        return {
            "date": self.date,
            "money": self.money,
            "int": 1,  # built-in 0
            "number": 0,  # General
            "percent": 10,  # built-in 0.00%
            "days": DAYS,
            "text": 0,
        }[str(kind)]

    def money_text(self, amount: float) -> str:
        """1 234,56 € / $1,234.56 / -£1,234.56, as the sheet shows the amount."""
        number = number_text(abs(amount), self.lang)
        sign = "-" if amount < 0 else ""
        if not self.currency:
            return sign + number
        if self.symbol_first:
            return f"{sign}{self.currency}{number}"
        return f"{sign}{number} {self.currency}"  # as vocab.money_text

    def date_text(self, day: dt.date) -> str:
        """The date as the date format shows it (31/12/2026, 12/31/2026, 2026-12-31)."""
        return _DATE_TOKEN.sub(lambda m: _date_part(m.group(0).lower(), day, self.lang), self.date)

    def money_chars(self, biggest: float) -> int:
        """Characters the widest amount up to `biggest` (absolute) takes, sign included."""
        extra = len(self.currency) + 1 if self.currency else 0
        return len(f"{biggest:,.2f}") + 1 + extra

    @property
    def date_chars(self) -> int:
        return len(self.date_text(dt.date(2026, 12, 31)))


FR_FORMATS = Formats()
EN_FORMATS = Formats("$", True, MONTH_FIRST, Lang.EN)

_DATE_TOKEN = re.compile(r"(?i)y{2,4}|m{1,4}|d{1,4}")
_MONTHS = {
    Lang.FR: [
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ],
    Lang.EN: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


def _date_part(token: str, day: dt.date, lang: Lang) -> str:
    if token[0] == "y":
        return f"{day.year:04d}" if len(token) > 2 else f"{day.year % 100:02d}"
    if token[0] == "d":
        return f"{day.day:02d}" if len(token) == 2 else str(day.day)
    if len(token) >= 3:
        return _MONTHS[lang][day.month - 1]
    return f"{day.month:02d}" if len(token) == 2 else str(day.month)


def currency_of_code(code: str) -> tuple[str, bool] | None:
    """(symbol, written first) of an Excel number format holding a currency, else None:
    `#,##0.00\\ "€"`, `"$"#,##0.00`, `[$$-409]#,##0.00`, `#,##0.00 [$€-40C]`, `£#,##0.00`."""
    section = code.split(";")[0]
    found = re.search(r'\[\$([^\]-]*)(?:-[0-9A-Fa-f]+)?\]|"([^"]+)"|([€$£₹¥])', section)
    if not found:
        return None
    symbol = (found.group(1) or found.group(2) or found.group(3) or "").strip()
    if not symbol or not re.search(r"[€$£₹¥]|[A-Za-z]{2,4}", symbol):
        return None
    number = re.search(r"[#0]", section)
    first = number is not None and found.start() < number.start()
    return symbol, first


def date_code(code: str) -> str | None:
    """An Excel date format worth copying (day, month and year, no time), else None."""
    code = code.split(";")[0]
    plain = re.sub(r'\[[^\]]*\]|"[^"]*"|\\.', "", code).lower()
    if re.search(r"[hs]|am/pm|a/p|[#0?@]", plain):
        return None
    if not ("d" in plain and "m" in plain and "y" in plain):
        return None
    return re.sub(r"\[\$-[0-9A-Fa-f]+\]", "", code).replace("\\", "")


def settings_date(text: str) -> str | None:
    """`Format de date` as typed (jj/mm/aaaa, dd/mm/yyyy, mm/dd/yyyy, aaaa-mm-jj) as a code."""
    code = text.strip().lower().replace("j", "d").replace("a", "y")
    if not re.fullmatch(r"[dmy]+([ ./-][dmy]+){2}", code):
        return None
    return date_code(code)


def symbol_of(text: str) -> str | None:
    """`Devise` as typed (€, EUR, euros, $, USD, £, GBP, ₹, INR...) as the symbol to write."""
    text = text.strip()
    if text in _BEFORE or text == "€":
        return text
    return _SYMBOLS.get(fold(text)) or (
        text.upper() if re.fullmatch(r"[A-Za-z]{3}", text) else None
    )


def country_formats(country: str) -> tuple[str, str] | None:
    """(currency, date code) of a `Pays` value, None for a country arxl has no default for."""
    return _COUNTRIES.get(fold(country))


def choose(
    lang: Lang,
    *,
    owner_money: str | None = None,
    owner_date: str | None = None,
    currency: str = "",
    date_format: str = "",
    country: str = "",
) -> Formats:
    """The formats of a workbook: the owner's cell formats, else Paramètres (`Devise`, `Format
    de date`), else the country, else the language (€ and dd/mm/yyyy in French, $ and m/d/yyyy
    in English)."""
    by_country = country_formats(country) if country else None
    symbol, first, source, owner_code = "", False, "language", None
    found = currency_of_code(owner_money) if owner_money else None
    if found is not None:
        (symbol, first), source, owner_code = found, "workbook", owner_money
    elif currency and symbol_of(currency):
        symbol, source = symbol_of(currency) or "", "settings"
        first = lang is Lang.EN and symbol in _BEFORE | {"€"}
    elif by_country is not None:
        symbol, source = by_country[0], "country"
        first = lang is Lang.EN and symbol in _BEFORE | {"€"}
    else:
        symbol = "$" if lang is Lang.EN else "€"
        first = lang is Lang.EN
    date = date_code(owner_date) if owner_date else None
    if date is None and date_format:
        date = settings_date(date_format)
    if date is None and by_country is not None:
        date = by_country[1]
    if date is None:
        date = MONTH_FIRST if lang is Lang.EN and symbol == "$" else DAY_FIRST
    return Formats(symbol, first, date, lang, owner_code, source)
