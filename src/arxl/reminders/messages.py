"""One reminder per client: its data, the texts rendered from the Jinja2 templates, the email.

Templates come from `workbook_templates/` next to the workbook when the owner copied them
there, else from the ones shipped with arxl (arxl.workbook_templates).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from arxl.rules.penalties import Penalties, Profile
from arxl.settings import Settings
from arxl.vocab import ClientType, Lang, reminder_label

PAYMENT_DAYS = 8  # the deadline given from level 2 on
LETTER_LEVEL = 3  # formal notices also get a printable letter
PENALTY_LEVEL = 2  # from this level on, messages quote the penalties


@dataclass
class InvoiceLine:
    row: int
    number: str
    date: dt.date
    due: dt.date
    amount: float
    balance: float
    days: int
    interest: float = 0.0
    indemnity: float = 0.0

    @property
    def penalty(self) -> float:
        return round(self.interest + self.indemnity, 2)


@dataclass
class Reminder:
    """What one client is sent: the data the templates see, then the rendered texts."""

    client_key: str
    client_id: str
    client_name: str
    client_address: str
    email: str
    lang: Lang
    level: int
    as_of: dt.date
    invoices: list[InvoiceLine]
    profile: Profile
    consumer: bool
    settings: Settings
    subject: str = ""
    text: str = ""
    html: str = ""
    letter_html: str = ""
    attachments: list[Path] = field(default_factory=list)
    message_id: str = ""

    @property
    def show_penalties(self) -> bool:
        return self.level >= PENALTY_LEVEL and self.profile is not Profile.NONE

    @property
    def total_due(self) -> float:
        return round(sum(i.balance for i in self.invoices), 2)

    @property
    def penalties(self) -> dict[str, float]:
        interest = round(sum(i.interest for i in self.invoices), 2)
        indemnity = round(sum(i.indemnity for i in self.invoices), 2)
        return {"interest": interest, "indemnity": indemnity, "total": interest + indemnity}

    @property
    def penalties_quoted(self) -> float:
        return round(self.penalties["total"], 2) if self.show_penalties else 0.0

    @property
    def needs_letter(self) -> bool:
        return self.level == LETTER_LEVEL

    def context(self) -> dict[str, object]:
        s = self.settings
        return {
            "lang": self.lang.value,
            "level": self.level,
            "level_label": reminder_label(self.level, self.lang),
            "as_of": self.as_of,
            "deadline": self.as_of + dt.timedelta(days=PAYMENT_DAYS),
            "client": {
                "id": self.client_id,
                "name": self.client_name,
                "address": self.client_address,
                "email": self.email,
            },
            "invoices": self.invoices,
            "total_due": self.total_due,
            "show_penalties": self.show_penalties,
            "penalties": self.penalties,
            "total_claimed": self.total_due + (self.penalties_quoted),
            "sender": {"name": s.sender_name, "address": s.sender_address, "email": s.smtp_from},
            "payment": {"iban": s.iban, "bic": s.bic},
            "profile": self.profile.value,
            "consumer": self.consumer,
        }


def build_reminders(
    plan: pd.DataFrame,
    items: pd.DataFrame,
    clients: pd.DataFrame,
    penalties: Penalties,
    settings: Settings,
    as_of: dt.date,
    book_lang: Lang,
) -> list[Reminder]:
    """A Reminder for each plan row that goes out (skip == "")."""
    by_row = items.set_index("row")
    pen = penalties.frame.set_index("row")
    info = clients.set_index("client_key")
    out = []
    for p in plan[plan["skip"] == ""].itertuples(index=False):
        lines = []
        for r in p.rows:
            it = by_row.loc[r]
            got = pen.loc[r] if r in pen.index else None
            lines.append(
                InvoiceLine(
                    row=int(r),
                    number=it["invoice"] or f"#{r}",
                    date=_date(it["date"]),
                    due=_date(it["due"]),
                    amount=float(it["amount"]),
                    balance=round(float(it["balance"]), 2),
                    days=int(it["days_overdue"]),
                    interest=float(got["interest"]) if got is not None else 0.0,
                    indemnity=float(got["indemnity"]) if got is not None else 0.0,
                )
            )
        has_info = p.client_key in info.index
        address = info.at[p.client_key, "address"] if has_info else ""
        kind = info.at[p.client_key, "client_type"] if has_info else ClientType.BUSINESS.value
        out.append(
            Reminder(
                client_key=p.client_key,
                client_id=str(p.client_id),
                client_name=str(p.client_name),
                client_address=str(address),
                email=str(p.email),
                lang=Lang(p.lang) if p.lang else book_lang,
                level=int(p.level),
                as_of=as_of,
                invoices=lines,
                profile=penalties.profile,
                consumer=kind == ClientType.CONSUMER.value,
                settings=settings,
            )
        )
    return out


def _date(value: object) -> dt.date:
    return pd.Timestamp(value).date()


# Rendering ------------------------------------------------------------------------------------


def template_dirs(book: Path) -> list[Path]:
    """The owner's templates folder next to the workbook (when present), then arxl's."""
    own = book.parent / "workbook_templates"
    shipped = Path(str(resources.files("arxl.workbook_templates")))
    return [own, shipped] if own.is_dir() else [shipped]


def render(reminders: list[Reminder], dirs: list[Path]) -> None:
    """Fill each reminder's subject, text, html (and letter_html for formal notices)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        autoescape=lambda name: name is not None and ".html" in name,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    for rem in reminders:
        currency = rem.profile.currency if rem.profile is not Profile.NONE else "€"
        env.filters["money"] = lambda x, c=currency, lg=rem.lang: money(x, c, lg)
        env.filters["date"] = lambda d, lg=rem.lang: format_date(d, lg)
        ctx = rem.context()
        rem.subject = " ".join(env.get_template(f"subject.{rem.lang}.j2").render(ctx).split())
        rem.text = env.get_template("email.txt.j2").render(ctx)
        rem.html = env.get_template("email.html.j2").render(ctx)
        if rem.needs_letter:
            rem.letter_html = env.get_template("letter.html.j2").render(ctx)


def money(x: float, currency: str, lang: Lang) -> str:
    """1 234,56 € in French, £1,234.56 in English."""
    if lang is Lang.EN:
        return f"{'-' if x < 0 else ''}{currency}{abs(x):,.2f}"
    text = f"{x:,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{text}\u00a0{currency}"


def format_date(d: object, lang: Lang) -> str:
    if isinstance(d, (pd.Timestamp, np.datetime64)):
        d = pd.Timestamp(d).date()
    return d.strftime("%d/%m/%Y")  # type: ignore[union-attr]


def email_message(rem: Reminder, sender: str, now: dt.datetime) -> EmailMessage:
    """The email: From, To, Subject, Date, a plain-text and an HTML part, attachments."""
    msg = EmailMessage()
    address = sender or rem.settings.smtp_from
    if address:
        msg["From"] = formataddr((rem.settings.sender_name, address))
    msg["To"] = ", ".join(formataddr((rem.client_name, a.strip())) for a in recipients(rem.email))
    msg["Subject"] = rem.subject
    msg["Date"] = format_datetime(now)
    domain = address.rpartition("@")[2] if "@" in address else "arxl.invalid"
    rem.message_id = rem.message_id or make_msgid(f"arxl.{rem.level}", domain=domain)
    msg["Message-ID"] = rem.message_id
    msg["X-Arxl-Client"] = rem.client_id
    msg["X-Arxl-Level"] = str(rem.level)
    msg["X-Arxl-Invoices"] = ", ".join(i.number for i in rem.invoices)
    msg["X-Arxl-Amount"] = f"{rem.total_due:.2f}"
    msg["X-Arxl-Penalties"] = f"{rem.penalties_quoted:.2f}"
    msg.set_content(rem.text)
    msg.add_alternative(rem.html, subtype="html")
    for path in rem.attachments:
        maintype, subtype = _mime(path)
        msg.add_attachment(
            path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name
        )
    return msg


def recipients(email: str) -> list[str]:
    """Addresses of an Email cell, which may hold several separated by ; or ,."""
    return [a.strip() for a in email.replace(";", ",").split(",") if a.strip()]


def _mime(path: Path) -> tuple[str, str]:
    return {
        ".pdf": ("application", "pdf"),
        ".html": ("text", "html"),
        ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    }.get(path.suffix.lower(), ("application", "octet-stream"))
