"""The Journal des relances (Reminder log): one row per reminder sent, appended, never rewritten.

arxl creates the sheet on the first reminder logged; from then on it belongs to the owner
(who may add a phone call by hand), and arxl only appends rows under the last one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from arxl.sheets.spec import Column, Kind, SheetSpec
from arxl.vocab import LOG_HEADERS, Channel, Lang, LogField, sheet_name, written_header

KINDS = {
    LogField.DATE: Kind.DATE,
    LogField.LEVEL: Kind.INT,
    LogField.AMOUNT: Kind.MONEY,
    LogField.PENALTIES: Kind.MONEY,
}
WIDTHS = {LogField.CLIENT: 26, LogField.INVOICES: 36, LogField.MESSAGE_ID: 44}


@dataclass(frozen=True)
class LogEntry:
    date: dt.date
    client_id: str
    client_name: str
    level: int
    channel: Channel
    invoices: str
    amount: float
    penalties: float
    message_id: str

    def values(self, lang: Lang) -> dict[LogField, object]:
        return {
            LogField.DATE: self.date,
            LogField.CLIENT_ID: self.client_id,
            LogField.CLIENT: self.client_name,
            LogField.LEVEL: self.level,
            LogField.CHANNEL: self.channel.label(lang),
            LogField.INVOICES: self.invoices,
            LogField.AMOUNT: self.amount,
            LogField.PENALTIES: self.penalties,
            LogField.MESSAGE_ID: self.message_id,
        }


def kind(field: LogField) -> Kind:
    return KINDS.get(field, Kind.TEXT)


def build(entries: list[LogEntry], lang: Lang) -> SheetSpec:
    """The sheet as first created, holding the first entries."""
    fields = list(LogField)
    rows = [e.values(lang) for e in entries]
    return SheetSpec(
        key="reminder_log",
        name=sheet_name("reminder_log", lang),
        columns=[
            Column(written_header(LOG_HEADERS, f, lang), kind(f), WIDTHS.get(f, 12))  # type: ignore[arg-type]
            for f in fields
        ],
        data=[[r[f] for r in rows] for f in fields],
        autofilter=False,  # rows are appended later: a fixed filter range would go stale
        tab_color="7030A0",
    )
