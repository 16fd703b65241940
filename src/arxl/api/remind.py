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

from arxl.api.analysis import Analysis, analyse
from arxl.errors import ArxlError
from arxl.model import Issue
from arxl.readers.layout import Layout
from arxl.readers.reminder_log import LogLayout
from arxl.readers.workbook import SheetSource
from arxl.reminders.addresses import InvalidAddress, mailbox
from arxl.reminders.epc import check_account
from arxl.reminders.letters import MissingCreditor, write_letter
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
from arxl.settings import Settings
from arxl.vocab import LOG_HEADERS, Channel, Lang, LogField, fold, fold_words, written_header
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
    refused: dict[str, str] = field(default_factory=dict)  # sent, but refused for these
    invalid: dict[str, str] = field(default_factory=dict)  # client key -> invalid address
    blocked: list[str] = field(default_factory=list)  # letters held: no creditor name/address
    warnings: list[Notice] = field(default_factory=list)  # said once in the summary
    stopped: str = ""  # why sending stopped early
    logged: int = 0  # rows appended to the reminder log
    marked: bool = False  # logged as sent by the owner (--mark-sent), not sent by arxl
    # the Anomalies that bear on these reminders, for the owner to check before sending
    concerns: list[Issue] = field(default_factory=list)


@dataclass(frozen=True)
class Notice:
    """Something missing from Paramètres that every message lacks (said once): code is one
    of no_creditor, no_from, bad_from, no_iban, bad_iban, no_signature, log_columns (the
    owner's log sheet lacks columns: detail, their headers); detail what was found."""

    code: str
    detail: str = ""


def _only_ids(only: Sequence[str], clients: pd.DataFrame) -> set[str]:
    """The client ids --only names: each value a client's id or its name (case and accents
    ignored); a value naming no client stops the run (before anything is sent)."""
    ids, names = clients["client_id"].astype(str).tolist(), clients["name"].astype(str).tolist()
    by_key = {fold(i): i for i in ids} | {fold(n): i for n, i in zip(names, ids, strict=True)}
    unknown = [x for x in only if fold(x) not in by_key]
    if unknown:
        sample = ", ".join(ids[:5])
        raise ArxlError(
            f"--only {', '.join(unknown)}: no client with that id or name (the ids are like "
            f"{sample}); see the Clients sheet."
        )
    return {by_key[fold(x)] for x in only}


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
    log_book: str | Path | None = None,
) -> RemindResult:
    """Prepare (and with send or mark_sent, log) the reminders due; `layout` says what
    detection cannot guess (a clients workbook holding the emails...). The log rows go into
    `log_book` (default: the book itself; the buttons give a copy of the book, which the
    spreadsheet has open).

    Without `as_of`, reminders are worked out as of `today` (the system date when not given),
    not as of the book's analysis date (Paramètres): a book whose date was fixed for its
    sheets (last month's closing, the demo) would otherwise chase invoices paid since and log
    a false date. An explicit `as_of` is the owner's choice and is used as given."""
    if send and mark_sent:
        raise ArxlError("--send and --mark-sent exclude each other: choose one.")
    day = today or dt.date.today()
    path = Path(book)
    log_path = Path(log_book) if log_book is not None else path
    env = os.environ if environ is None else environ
    analysis = analyse(path, as_of=as_of or day, today=day, source=source, layout=layout)
    config = None
    if send or mark_sent:
        check_not_locked(log_path)  # before anything leaves: the log must be writable
    if send:
        from arxl.reminders.smtp import smtp_config

        config = smtp_config(analysis.settings, env)
        if not _valid(config.sender):  # an email without a From: no reply can reach you
            raise ArxlError(
                '--send needs your sender address: fill in "Adresse d\'envoi" (From address) '
                "in Paramètres, or set ARXL_SMTP_FROM; nothing was sent. Without --send, the "
                "drafts are written to check first."
            )
    a = analysis
    plan = escalation_plan(a.items, a.ledger.clients, _log(a), a.settings, a.as_of)
    if only:
        wanted = {fold(x) for x in _only_ids(only, a.ledger.clients)}
        plan = plan[[fold(c) in wanted for c in plan["client_id"]]]
    if level is not None:
        plan = plan[plan["level"] == level]
    plan = plan.reset_index(drop=True)
    account = check_account(a.settings.iban, a.settings.bic)
    reminders = build_reminders(
        plan,
        a.items,
        a.ledger.clients,
        a.penalties,
        a.settings,
        a.as_of,
        a.lang,
        account,
        currency=a.formats.currency,
        date_format=a.formats.date,
    )
    unrendered = render(reminders, template_dirs(path))
    folder = Path(out_dir) if out_dir else path.with_name(f"{path.stem}-relances-{a.as_of}")
    made = not folder.exists()  # an empty folder of our own is not left behind (no reminder)
    folder.mkdir(parents=True, exist_ok=True)
    result = RemindResult(analysis, plan, reminders, folder)
    result.concerns = concerns(a, reminders)
    sender = (config.sender if config else "") or env.get("ARXL_SMTP_FROM", "")
    sender = sender or a.settings.smtp_from
    result.warnings = _warnings(a.settings, reminders, account.problem, sender)
    if sender and not _valid(sender):
        sender = ""  # said once in the summary; the drafts go without a From
    if send or mark_sent:
        result.warnings += _unlogged(a.ledger.log_layout, a.lang)
    stems = {r.client_key: _stem(r) for r in reminders}
    when = now or dt.datetime.now().astimezone()

    ready: list[Reminder] = []  # drafted: the ones that may be sent or logged
    messages = []
    for rem in reminders:
        # one client's problem is reported for that client; the others go on
        if rem.client_key in unrendered:
            result.failed[rem.client_key] = unrendered[rem.client_key]
            continue
        try:
            if rem.needs_letter:
                letter = write_letter(rem, folder / f"{stems[rem.client_key]}-lettre.pdf")
                rem.attachments.append(letter)
                result.letters[rem.client_key] = letter
            msg = email_message(rem, sender, when)
            to = recipients(rem)
            if not send:
                msg["X-Unsent"] = "1"  # Outlook opens it as a draft to send
            draft = folder / f"{stems[rem.client_key]}.eml"
            try:
                draft.write_bytes(bytes(msg))
            except OSError:  # a full disk: no empty draft that looks like one
                draft.unlink(missing_ok=True)
                raise
        except MissingCreditor:
            result.blocked.append(rem.client_key)
            continue
        except InvalidAddress as exc:
            result.invalid[rem.client_key] = str(exc)
            if send:  # not sent: a failure the exit code reports
                result.failed[rem.client_key] = str(exc)
            continue
        except Exception as exc:  # noqa: BLE001 - a batch never stops half-way on one client
            result.failed[rem.client_key] = f"{type(exc).__name__}: {exc}"
            continue
        result.drafts[rem.client_key] = draft
        ready.append(rem)
        messages.append((msg, to))

    if send:
        from arxl.reminders.smtp import send_messages

        assert config is not None
        accepted: list[Reminder] = []
        try:
            outcome = send_messages(config, messages, lambda i: accepted.append(ready[i]))
            result.failed |= {ready[i].client_key: e for i, e in outcome.failed.items()}
            result.refused = {ready[i].client_key: e for i, e in outcome.refused.items()}
            result.stopped = outcome.stopped
        finally:  # whatever happens, what the server accepted is logged
            result.sent = [r.client_key for r in accepted]
            result.logged = append_log(log_path, a, accepted, Channel.EMAIL)
    elif mark_sent:
        result.marked = True
        result.sent = [r.client_key for r in ready]
        result.logged = append_log(log_path, a, ready, Channel.MANUAL)
    if made and not any(folder.iterdir()):
        folder.rmdir()
    return result


def concerns(a: Analysis, reminders: Sequence[Reminder]) -> list[Issue]:
    """The Anomalies that bear on what these reminders say: those of the invoice rows of the
    clients reminded (a status arxl did not know, an unreadable payment...), those of the
    Clients sheet (a duplicate id: whose email?), and those of the book as a whole (a missing
    penalty rate). A refresh writes them all to the Anomalies sheet; remind only shows these."""
    if not reminders:
        return []
    keys = {r.client_key for r in reminders}
    tx = a.ledger.transactions
    mine = tx["client_key"].isin(keys).to_numpy(dtype=bool)
    rows = set(tx["row"].to_numpy()[mine].tolist())
    ledger = a.ledger
    clients_sheet = ledger.clients_sheet if ledger.has_clients_sheet else None
    return [
        i
        for i in a.issues
        if i.row is None
        or (i.sheet == ledger.transactions_sheet and i.row in rows)
        or (clients_sheet is not None and i.sheet == clients_sheet)
    ]


def _warnings(
    settings: Settings, reminders: list[Reminder], iban_problem: str, sender: str
) -> list[Notice]:
    """What Paramètres lacks for the messages of this run, each said once."""
    if not reminders:
        return []
    out = []
    if any(r.needs_letter for r in reminders) and (
        not settings.sender_name.strip() or not settings.sender_address.strip()
    ):
        missing = [k for k in ("sender_name", "sender_address") if not getattr(settings, k).strip()]
        out.append(Notice("no_creditor", ";".join(missing)))
    if not sender:
        out.append(Notice("no_from"))
    if iban_problem:
        out.append(Notice("bad_iban", iban_problem))
    elif not settings.iban.strip():
        out.append(Notice("no_iban"))
    if not settings.sender_name.strip():
        out.append(Notice("no_signature"))
    if sender and not _valid(sender):
        out.append(Notice("bad_from", sender))
    return out


def _valid(address: str) -> bool:
    try:
        mailbox(address)
    except InvalidAddress:
        return False
    return True


def _log(a: Analysis) -> pd.DataFrame:
    from arxl.readers.reminder_log import empty_log

    return a.ledger.log if a.ledger.log is not None else empty_log()


def _stem(rem: Reminder) -> str:
    name = "-".join(fold_words(rem.client_name).split())[:40]
    client = "-".join(fold_words(rem.client_id).split()) or "client"
    return f"relance-{rem.level}-{client}" + (f"-{name}" if name else "")


def _unlogged(layout: object, lang: Lang) -> list[Notice]:
    """The owner's own log sheet without some of the log's columns: what goes under them
    (the penalties quoted, the message id...) is not logged; said once (log_columns)."""
    if not isinstance(layout, LogLayout):
        return []  # arxl's own log: every column
    missing = [written_header(LOG_HEADERS, f, lang) for f in LogField if f not in layout.columns]
    return [Notice("log_columns", "; ".join(missing))] if missing else []


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
