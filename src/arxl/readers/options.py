"""What every export reader is given (one small interface: `read(path, options) -> Ledger`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from arxl.readers.layout import Layout


@dataclass(frozen=True)
class ReadOptions:
    as_of: dt.date  # ledger exports (FEC) are read as of this date: lettering, entries after it
    layout: Layout = field(default_factory=Layout)  # --map
    encoding: str | None = None  # None: detected
