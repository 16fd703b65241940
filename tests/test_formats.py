"""arxl.formats: the book's currency and date formats, from its cells, Paramètres, its
country or its language."""

from __future__ import annotations

import datetime as dt

import pytest

from arxl.formats import EURO_MONEY, choose, currency_of_code, date_code, settings_date
from arxl.vocab import Lang


def test_language_defaults() -> None:
    fr, en = choose(Lang.FR), choose(Lang.EN)
    assert (fr.money, fr.date, fr.source) == (EURO_MONEY, "dd/mm/yyyy", "language")
    assert (en.money, en.date) == ('"$"#,##0.00', "m/d/yyyy")
    assert fr.money_text(-1234.5) == "-1\u00a0234,50 €"
    assert en.money_text(1234.5) == "$1,234.50"
    assert en.date_text(dt.date(2026, 3, 4)) == "3/4/2026"
    assert fr.date_text(dt.date(2026, 3, 4)) == "04/03/2026"


@pytest.mark.parametrize(
    ("code", "found"),
    [
        ('#,##0.00\\ "€"', ("€", False)),
        ('"$"#,##0.00', ("$", True)),
        ("[$$-409]#,##0.00", ("$", True)),
        ("#,##0.00 [$€-40C]", ("€", False)),
        ("£#,##0.00;[Red]-£#,##0.00", ("£", True)),
        ("[$₹-4009] #,##0.00", ("₹", True)),
        ("#,##0.00", None),
        ("0.00%", None),
    ],
)
def test_currency_of_code(code: str, found: tuple[str, bool] | None) -> None:
    assert currency_of_code(code) == found


def test_date_codes() -> None:
    assert date_code("m/d/yyyy;@") == "m/d/yyyy"
    assert date_code("dd\\/mm\\/yyyy") == "dd/mm/yyyy"
    assert date_code("[$-40C]d-mmm-yy") == "d-mmm-yy"
    assert date_code("h:mm") is None
    assert date_code("#,##0.00") is None
    assert settings_date("jj/mm/aaaa") == "dd/mm/yyyy"
    assert settings_date("aaaa-mm-jj") == "yyyy-mm-dd"
    assert settings_date("n'importe") is None


def test_order_of_choice() -> None:
    # the owner's cells first, then Paramètres, then the country, then the language
    owner = choose(Lang.EN, owner_money='"$"#,##0.00', currency="EUR", country="FR")
    assert (owner.currency, owner.source, owner.money) == ("$", "workbook", '"$"#,##0.00')
    typed = choose(Lang.FR, currency="GBP", date_format="aaaa-mm-jj", country="US")
    assert (typed.currency, typed.date, typed.source) == ("£", "yyyy-mm-dd", "settings")
    country = choose(Lang.EN, country="UK")
    assert (country.currency, country.date, country.money) == ("£", "dd/mm/yyyy", '"£"#,##0.00')
    us = choose(Lang.EN, owner_money='"$"#,##0.00', owner_date="General")
    assert us.date == "m/d/yyyy"
