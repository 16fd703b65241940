"""The reminder texts announce only the penalties they show: no "late-payment penalties ...
detailed below" when no interest could be computed (a half-year's rate missing) and only the
indemnity is listed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from arxl.reminders.messages import InvoiceLine, Reminder, render
from arxl.rules.penalties import Profile
from arxl.settings import Settings
from arxl.vocab import Lang

# the templates of this checkout (the package's may resolve to another copy)
TEMPLATES = [Path(__file__).resolve().parents[2] / "workbook_templates"]
AS_OF = dt.date(2026, 10, 31)


def reminder(
    lang: Lang, interest: float, level: int = 3, profile=Profile.FR, consumer: bool = False
) -> Reminder:
    line = InvoiceLine(
        row=2,
        number="F-9",
        date=dt.date(2025, 11, 20),
        due=dt.date(2025, 12, 20),
        amount=5000.0,
        balance=5000.0,
        days=315,
        interest=interest,
        indemnity=0.0 if consumer else 40.0,
    )
    settings = Settings(sender_name="Atelier", sender_address="1 rue A, 69003 Lyon")
    rem = Reminder(
        client_key="1",
        client_id="1",
        client_name="Un SARL",
        client_address="2 rue B, 75001 Paris",
        email="un@x.test",
        lang=lang,
        level=level,
        as_of=AS_OF,
        invoices=[line],
        profile=profile,
        consumer=consumer,
        settings=settings,
    )
    assert render([rem], TEMPLATES) == {}
    return rem


def texts(rem: Reminder) -> list[str]:
    return [" ".join(t.split()) for t in (rem.text, rem.html, rem.letter_text)]


@pytest.mark.parametrize("level", [2, 3, 4])
def test_without_interest_the_text_announces_only_the_indemnity(level):
    rem = reminder(Lang.FR, 0.0, level)
    for text in texts(rem)[: 3 if level >= 3 else 2]:
        assert "pénalités de retard et" not in text
        assert (
            "(principal et indemnité forfaitaire pour frais de recouvrement, détaillés ci-dessous)"
            in text
        )
    rem = reminder(Lang.EN, 0.0, level)
    for text in texts(rem)[: 3 if level >= 3 else 2]:
        assert "late-payment penalties and" not in text
        assert "(principal and the fixed recovery indemnity, detailed below)" in text


def test_with_interest_both_are_announced():
    fr = texts(reminder(Lang.FR, 319.56))[0]
    assert (
        "(principal, pénalités de retard et indemnité forfaitaire pour frais de recouvrement, "
        "détaillés ci-dessous)" in fr
    )
    en = texts(reminder(Lang.EN, 319.56))[0]
    assert (
        "(principal, late-payment penalties and the fixed recovery indemnity, detailed below)" in en
    )
    uk = texts(reminder(Lang.EN, 0.0, profile=Profile.UK))[0]
    assert "(principal and fixed compensation, detailed below)" in uk
    assert "statutory interest and" not in uk


@pytest.mark.parametrize("level", [2, 3, 4])
def test_a_uk_consumer_reads_of_the_judgment_rate_from_the_letter_before_action(level):
    """The 1998 Act and the French Civil Code are not a UK consumer's law: interest at 8 % a
    year from the letter before action (County Courts Act 1984 s.69), no compensation."""
    rem = reminder(Lang.EN, 0.0 if level == 2 else 12.5, level, Profile.UK, consumer=True)
    for text in texts(rem)[: 3 if level >= 3 else 2]:
        assert "French Civil Code" not in text
        assert "we are entitled to statutory interest" not in text
        assert "8% a year" in text
        assert "compensation" not in text or "no fixed compensation" in text
