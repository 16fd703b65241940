"""Printable letters (formal notice, collection notice): the sections rendered from
`letter.txt.j2`, the creditor and debtor blocks and the invoices laid out on an A4 PDF page."""

from __future__ import annotations

from pathlib import Path

from arxl.reminders.letter_pdf import Letter, letter_text, write_letter_pdf
from arxl.reminders.messages import Reminder
from arxl.reminders.postal import address_lines, place_date, sender_city
from arxl.reminders.spelling import format_date, money


class MissingCreditor(ValueError):
    """A letter needs the creditor's name and address; the message names what is missing."""


def sections(text: str) -> dict[str, list[str]]:
    """The [[name]] sections of a rendered letter template: name -> paragraphs (blank lines
    separate paragraphs; the lines of one paragraph are joined)."""
    out: dict[str, list[str]] = {}
    name = ""
    block: list[str] = []

    def flush() -> None:
        if name and block:
            out.setdefault(name, []).append(" ".join(block))

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("[[") and line.endswith("]]"):
            flush()
            name, block = line[2:-2].strip(), []
            out.setdefault(name, [])
        elif not line:
            flush()
            block = []
        else:
            block.append(line)
    flush()
    return out


def build_letter(rem: Reminder) -> Letter:
    """The letter of a reminder whose letter_text was rendered (messages.render)."""
    s = rem.settings
    if not s.sender_name.strip() or not address_lines(s.sender_address):
        raise MissingCreditor(rem.client_key)
    part = sections(rem.letter_text)
    creditor = [s.sender_name.strip(), *address_lines(s.sender_address)]
    if s.smtp_from:
        creditor.append(s.smtp_from)
    debtor = [rem.client_name, *address_lines(rem.client_address)]
    columns = [c.strip() for c in _one(part, "columns").split("|")]
    rows = [
        [
            i.number,
            format_date(i.date, rem.lang, rem.book_date),
            format_date(i.due, rem.lang, rem.book_date),
            money(i.amount, rem.currency, rem.lang),
            money(i.paid, rem.currency, rem.lang),
            money(i.balance, rem.currency, rem.lang),
        ]
        for i in rem.invoices
    ]
    amounts = []
    for line in _lines(rem.letter_text, "amounts"):
        label, _, value = line.rpartition("|")
        amounts.append((label.strip(), value.strip()))
    return Letter(
        creditor=creditor,
        debtor=debtor,
        place_date=place_date(sender_city(s.sender_address), rem.as_of, rem.lang),
        subject=_one(part, "subject"),
        body=part.get("body", []),
        columns=columns,
        rows=rows,
        amounts=amounts,
        after=part.get("after", []),
        mention=_one(part, "mention"),
        signature=[*part.get("signature", []), s.sender_name.strip()],
        legal=part.get("legal", []),
        qr_png=rem.qr_png,
        qr_caption=_one(part, "qr"),
        title=f"{_one(part, 'subject')} – {rem.client_name}",
    )


def _one(part: dict[str, list[str]], name: str) -> str:
    return " ".join(part.get(name, []))


def _lines(text: str, name: str) -> list[str]:
    """The raw lines of one section (the amounts keep one line each)."""
    out: list[str] = []
    inside = False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("[[") and line.endswith("]]"):
            inside = line[2:-2].strip() == name
        elif inside and line:
            out.append(line)
    return out


def write_letter(rem: Reminder, path: Path) -> Path:
    """The reminder's letter as an A4 PDF at path (.pdf); MissingCreditor without the
    creditor's name and address."""
    return write_letter_pdf(build_letter(rem), path.with_suffix(".pdf"))


def letter_plain_text(rem: Reminder) -> str:
    """The letter in reading order, as plain text (for review and golden tests)."""
    return letter_text(build_letter(rem))
