"""`arxl demo`: the bundled sample (sample_data/) as a workbook, refreshed and ready to open."""

from __future__ import annotations

import datetime as dt
import tempfile
from importlib import resources
from pathlib import Path

from arxl.api.refresh import RefreshResult, refresh_workbook
from arxl.errors import ArxlError
from arxl.settings import Settings
from arxl.vocab import Lang

DEMO_AS_OF = dt.date(2026, 10, 31)  # the sample's reference date (sample_data/README.md)
# The shipped rate table stops at 2026-S1: the demo's Paramètres gives 2026-S2 as an owner
# would, with the rate of 2026-S1 (replace it by the published one; sample_data/README.md)
DEMO_RATES = (("2026-S2", 2.15),)


def sample_dir() -> Path:
    return Path(str(resources.files("arxl.sample_data")))


def make_demo(path: Path, lang: Lang = Lang.FR) -> RefreshResult:
    """Write the sample workbook to path (which must not exist) and refresh it."""
    from arxl.writers.template import load_sample, write_input_workbook

    if path.exists():
        raise ArxlError(
            f"{path}: already exists; choose another name (arxl demo never overwrites a file)."
        )
    clients, transactions = load_sample(sample_dir())
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / path.name
        write_input_workbook(
            raw,
            lang=lang,
            clients=clients,
            transactions=transactions,
            as_of=DEMO_AS_OF,
            settings=Settings(reference_rates=DEMO_RATES, country="FR"),  # French law and €
        )
        return refresh_workbook(raw, out=path, lang=lang)
