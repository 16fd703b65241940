"""The reminders button when Paramètres names an SMTP server: first the question (how many
messages, to whom), then, once the owner said yes, the sending.

Both steps read the workbook as last saved, which the spreadsheet has open: the plan writes its
drafts into the work folder, the sending logs what went out into a copy (`log_book`), never
into the book. The token ties the two: the sending refuses when the reminders it would send
are not the ones the owner confirmed (the book, the date or the server changed meanwhile).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from arxl.api.remind import RemindResult, remind
from arxl.errors import ArxlError
from arxl.readers.reminder_log import LogLayout
from arxl.reminders.messages import Reminder, recipients
from arxl.reminders.smtp import SmtpConfig, smtp_config
from arxl.settings import Settings
from arxl.vocab import Lang, money_text, reminder_label, sheet_name, t

BUDGET = 700  # characters of recipient lines: Excel's MsgBox shows 1024 characters at most


@dataclass(frozen=True)
class SendPlan:
    """What the owner is asked: `question` (in the workbook's language), `count` messages;
    `token` names exactly these messages for the sending step."""

    question: str
    count: int
    token: str


def smtp_wanted(settings: Settings, environ: Mapping[str, str]) -> bool:
    """Whether the owner asked for sending: a server in Paramètres (or ARXL_SMTP_HOST)."""
    return bool(environ.get("ARXL_SMTP_HOST") or settings.smtp_host.strip())


def plan_sending(
    book: Path, work: Path, *, today: dt.date | None, environ: Mapping[str, str]
) -> SendPlan | None:
    """The question to ask before sending, or None when nothing would be sent. The drafts
    written on the way go to `work`, not beside the book: nothing is decided yet."""
    drafts = work / "plan"
    shutil.rmtree(drafts, ignore_errors=True)  # Excel's work folder is kept between clicks
    done = remind(book, out_dir=drafts, today=today, environ=environ)
    config = smtp_config(done.analysis.settings, environ)  # what is missing, said now
    ready = [r for r in done.reminders if r.client_key in done.drafts]
    if not ready:
        return None
    return SendPlan(question(done, ready, config), len(ready), token(ready, config))


def send_confirmed(
    book: Path,
    work: Path,
    log_book: Path,
    expected: str,
    *,
    today: dt.date | None,
    environ: Mapping[str, str],
) -> RemindResult:
    """Send what the owner confirmed (`expected`, the plan's token) and log it into
    `log_book`; refuses, sending nothing, when the reminders due are no longer those."""
    plan = plan_sending(book, work, today=today, environ=environ)
    if plan is None or plan.token != expected:
        raise ArxlError(
            "les relances ont changé depuis la confirmation : rien n'a été envoyé, cliquez à "
            "nouveau / the reminders changed since you confirmed: nothing was sent, click again."
        )
    return remind(book, send=True, log_book=log_book, today=today, environ=environ)


def token(ready: list[Reminder], config: SmtpConfig) -> str:
    """A digest of who gets which reminder for which invoices, and through which server."""
    lines = [f"{config.host}:{config.port}:{config.sender}"]
    for r in ready:
        invoices = ",".join(i.number for i in r.invoices)
        lines.append(
            f"{r.client_key}|{r.level}|{','.join(recipients(r))}|{invoices}|{r.total_due:.2f}"
        )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def question(done: RemindResult, ready: list[Reminder], config: SmtpConfig) -> str:
    """« Envoyer 3 relance(s) … ? » with one line per recipient and what will not go."""
    lang = done.analysis.lang
    n, server = len(ready), f"{config.host}:{config.port}"
    lines = [
        t(
            f"Envoyer {n} relance(s) par e-mail maintenant (serveur {server}, expéditeur "
            f"{config.sender}) ?",
            f"Send {n} reminder(s) by e-mail now (server {server}, from {config.sender})?",
            lang,
        ),
        "",
    ]
    listed = []
    for r in ready:
        line = f"- {r.client_name or r.client_id} <{', '.join(recipients(r))}> : {_what(r, lang)}"
        if sum(len(x) + 1 for x in listed) + len(line) > BUDGET:
            break
        listed.append(line)
    lines += listed
    if len(listed) < n:
        more = n - len(listed)
        lines.append(t(f"… et {more} autre(s)", f"… and {more} more", lang))
    left = len(done.plan) - n
    if left:
        lines += [
            "",
            t(
                f"{left} client(s) sans envoi (pas d'adresse, trop tôt, lettre…) : voir la "
                "feuille Relances.",
                f"{left} client(s) not sent to (no address, too soon, letter…): see the "
                "Reminders sheet.",
                lang,
            ),
        ]
    lines += ["", t("Non : rien n'est envoyé.", "No: nothing is sent.", lang)]
    return "\n".join(lines)


def _what(r: Reminder, lang: Lang) -> str:
    return f"{reminder_label(r.level, lang).lower()}, {money_text(r.total_due, lang)}"


def log_sheet(done: RemindResult) -> str:
    """The name of the sheet the log rows went to (the owner's, or the one arxl created)."""
    layout = done.analysis.ledger.log_layout
    if isinstance(layout, LogLayout):
        return layout.sheet
    return sheet_name("reminder_log", done.analysis.lang)


def sent_message(done: RemindResult) -> str:
    """What the owner is told once the messages went."""
    lang = done.analysis.lang
    text = t(
        f"{len(done.sent)} relance(s) envoyée(s), {done.logged} ligne(s) ajoutée(s) à la "
        f"feuille {log_sheet(done)}.",
        f"{len(done.sent)} reminder(s) sent, {done.logged} row(s) added to the "
        f"{log_sheet(done)} sheet.",
        lang,
    )
    if done.failed:
        key, reason = next(iter(done.failed.items()))
        who = next(
            (r.client_name or r.client_id for r in done.reminders if r.client_key == key), key
        )
        text += t(
            f"\n{len(done.failed)} non envoyée(s) ({who} : {reason}).",
            f"\n{len(done.failed)} not sent ({who}: {reason}).",
            lang,
        )
    if done.stopped:
        text += t(
            f"\nEnvoi interrompu : {done.stopped}", f"\nSending stopped: {done.stopped}", lang
        )
    return text
