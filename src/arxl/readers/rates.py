"""The reference-rate table shipped with arxl (data/reference_rates.csv)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from arxl.model import RateTable, parse_half_year

# CSV column -> RateTable field
COLUMNS = {
    "ecb_main_rate": "ecb",
    "fr_legal_rate_pro": "legal",
    "fr_legal_rate_consumer": "legal_consumer",
    "boe_base_rate": "boe",
}


@cache
def bundled_rates() -> RateTable:
    """ECB main rate, French legal rates (professional, consumer) and BoE base rate (%) by
    half-year; a blank cell leaves that half-year out of that column."""
    text = resources.files("arxl").joinpath("data/reference_rates.csv").read_text("utf-8")
    return parse_rates(text)


def parse_rates(text: str) -> RateTable:
    """The table of a reference_rates.csv text (';'-separated, '#' comment lines)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header = [cell.strip() for cell in lines[0].split(";")]
    fields = [COLUMNS.get(name) for name in header[1:]]
    columns: dict[str, dict[int, float]] = {f: {} for f in COLUMNS.values()}
    for line in lines[1:]:
        period, *values = (cell.strip() for cell in line.split(";"))
        p = parse_half_year(period)
        for target, value in zip(fields, values, strict=True):
            if target and value:
                columns[target][p] = float(value)
    return RateTable(**columns)
