"""The postal side of a reminder: an address cell as lines, the creditor's town, the
"Lyon, le 31 mars 2026" line of a letter."""

from __future__ import annotations

import datetime as dt

from arxl.vocab import Lang

MONTHS_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def address_lines(address: str) -> list[str]:
    """An address cell as lines: line breaks, else commas, separate them."""
    text = address.replace("\r", "\n")
    parts = text.split("\n") if "\n" in text else text.split(",")
    return [" ".join(p.split()) for p in parts if p.strip()]


def sender_city(address: str) -> str:
    """The town of the creditor's address: its last line without the postcode
    ("12 rue des Lilas, 69003 Lyon" -> "Lyon"; "1 High St, London EC1A 1BB" -> "London")."""
    lines = address_lines(address)
    if not lines:
        return ""
    words = lines[-1].split()
    while words and any(c.isdigit() for c in words[0]):
        words.pop(0)  # French postcode first
    while words and any(c.isdigit() for c in words[-1]):
        words.pop()  # UK postcode last
    if len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 4:
        words.pop()  # the first half of a UK postcode ("EC1A")
    return " ".join(words)


def place_date(city: str, day: dt.date, lang: Lang) -> str:
    """ "Lyon, le 31 mars 2026" / "London, 31 March 2026"; without a town, the date alone."""
    if lang is Lang.EN:
        text = f"{day.day} {day:%B} {day.year}"
        return f"{city}, {text}" if city else text
    month = MONTHS_FR[day.month - 1]
    text = f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    return f"{city}, le {text}" if city else f"Le {text}"
