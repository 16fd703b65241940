"""`arxl remind`: prepare the reminders due as of a date, send them, and log what went out.

Drafts (.eml, and a printable letter for formal notices) are always written to the output
folder. With send=True they go through SMTP and each message the server accepted is appended
to the Journal des relances; with mark_sent=True the drafts are logged as sent by the owner.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from arxl.api import Analysis, analyse
from arxl.errors import ArxlError
from arxl.readers.layout import Layout
from arxl.readers.reminder_log import LogLayout
from arxl.readers.workbook import SheetSource
from arxl.reminders.letters import write_letters
from arxl.reminders.messages import (
    Reminder,
    build_reminders,
    email_message,
    recipients,
    render,
    template_dirs,
)
from arxl.reports import reminder_log
from arxl.rules.escalation import plan as escalation_plan
from arxl.vocab import Channel, fold, fold_words
from arxl.writers.append import append_rows
from arxl.writers.graft import check_not_locked, write_sheets

Progress = Callable[[str, float], None]


@dataclass
class RemindResult:
    analysis: Analysis
    plan: pd.DataFrame  # rules.escalation.plan, filtered by only/level
    reminders: list[Reminder]  # the ones that go out, in plan order
    out_dir: Path
    drafts: dict[str, Path] = field(default_factory=dict)  # client_key -> .eml
    letters: dict[str, Path] = field(default_factory=dict)  # client_key -> .pdf (or .html)
    sent: list[str] = field(default_factory=list)  # client keys accepted by the server
    failed: dict[str, str] = field(default_factory=dict)  # client key -> error
    stopped: str = ""  # why sending stopped early
    logged: int = 0  # rows appended to the reminder log


def remind(
    book: str | Path,
    *,
    out_dir: str | Path | None = None,
    as_of: dt.date | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    send: bool = False,
    mark_sent: bool = False,
    only: Sequence[str] = (),
    level: int | None = None,
    environ: Mapping[str, str] | None = None,
    source: SheetSource | None = None,
    layout: Layout | None = None,
) -> RemindResult:
    """Prepare (and with send or mark_sent, log) the reminders due as of the date; `layout`
    says what detection cannot guess (a clients workbook holding the emails...)."""
    if send and mark_sent:
        raise ArxlError("--send and --mark-sent exclude each other: choose one.")
    path = Path(book)
    env = os.environ if environ is None else environ
    analysis = analyse(path, as_of=as_of, today=today, source=source, layout=layout)
    config = None
    if send or mark_sent:
        check_not_locked(path)  # before anything leaves: the log must be writable
    if send:
        from arxl.reminders.smtp import smtp_config

        config = smtp_config(analysis.settings, env)
    a = analysis
    plan = escalation_plan(a.items, a.ledger.clients, _log(a), a.settings, a.as_of)
    if only:
        wanted = {fold(x) for x in only}
        plan = plan[[fold(c) in wanted for c in plan["client_id"]]]
    if level is not None:
        plan = plan[plan["level"] == level]
    plan = plan.reset_index(drop=True)
    reminders = build_reminders(
        plan, a.items, a.ledger.clients, a.penalties, a.settings, a.as_of, a.lang
    )
    render(reminders, template_dirs(path))
    folder = Path(out_dir) if out_dir else path.with_name(f"{path.stem}-relances-{a.as_of}")
    folder.mkdir(parents=True, exist_ok=True)
    result = RemindResult(analysis, plan, reminders, folder)
    stems = {r.client_key: _stem(r) for r in reminders}

    html = {folder / f"{stems[r.client_key]}-lettre.html": r for r in reminders if r.needs_letter}
    printed = write_letters({p: r.letter_html for p, r in html.items()})
    for p, rem in html.items():
        rem.attachments.append(printed[p])
        result.letters[rem.client_key] = printed[p]

    when = now or dt.datetime.now().astimezone()
    sender = (config.sender if config else "") or env.get("ARXL_SMTP_FROM", "")
    messages = []
    for rem in reminders:
        msg = email_message(rem, sender, when)
        if not send:
            msg["X-Unsent"] = "1"  # Outlook opens it as a draft to send
        draft = folder / f"{stems[rem.client_key]}.eml"
        draft.write_bytes(bytes(msg))
        result.drafts[rem.client_key] = draft
        messages.append((msg, recipients(rem.email)))

    if send:
        from arxl.reminders.smtp import send_messages

        assert config is not None
        accepted: list[Reminder] = []
        try:
            outcome = send_messages(config, messages, lambda i: accepted.append(reminders[i]))
            result.failed = {reminders[i].client_key: e for i, e in outcome.failed.items()}
            result.stopped = outcome.stopped
        finally:  # whatever happens, what the server accepted is logged
            result.sent = [r.client_key for r in accepted]
            result.logged = append_log(path, a, accepted, Channel.EMAIL)
    elif mark_sent:
        result.sent = [r.client_key for r in reminders]
        result.logged = append_log(path, a, reminders, Channel.MANUAL)
    return result


def _log(a: Analysis) -> pd.DataFrame:
    from arxl.readers.reminder_log import empty_log

    return a.ledger.log if a.ledger.log is not None else empty_log()


def _stem(rem: Reminder) -> str:
    name = "-".join(fold_words(rem.client_name).split())[:40]
    client = "-".join(fold_words(rem.client_id).split()) or "client"
    return f"relance-{rem.level}-{client}" + (f"-{name}" if name else "")


def append_log(book: Path, a: Analysis, sent: list[Reminder], channel: Channel) -> int:
    """Append one Journal des relances row per reminder (creating the sheet the first time)."""
    if not sent:
        return 0
    entries = [
        reminder_log.LogEntry(
            date=a.as_of,
            client_id=r.client_id,
            client_name=r.client_name,
            level=r.level,
            channel=channel,
            invoices=", ".join(i.number for i in r.invoices),
            amount=r.total_due,
            penalties=r.penalties_quoted,
            message_id=r.message_id,
        )
        for r in sent
    ]
    layout = a.ledger.log_layout
    if not isinstance(layout, LogLayout):
        write_sheets(book, book, [], [reminder_log.build(entries, a.lang)])
        return len(entries)
    rows = []
    for e in entries:
        values = e.values(a.lang)
        rows.append([(col, reminder_log.kind(f), values[f]) for f, col in layout.columns.items()])
    append_rows(book, book, layout.sheet, rows)
    return len(entries)
