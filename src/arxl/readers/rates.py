"""The reference-rate table shipped with arxl (data/reference_rates.csv)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from arxl.rules.penalties import RateTable, parse_half_year


@cache
def bundled_rates() -> RateTable:
    """ECB main rate, French legal rate and BoE base rate (%) by half-year."""
    text = resources.files("arxl").joinpath("data/reference_rates.csv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    ecb, legal, boe = {}, {}, {}
    for line in lines[1:]:
        period, *values = (cell.strip() for cell in line.split(";"))
        p = parse_half_year(period)
        for target, value in zip((ecb, legal, boe), values, strict=True):
            if value:
                target[p] = float(value)
    return RateTable(ecb, legal, boe)
