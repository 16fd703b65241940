"""One reminder per client: its data, the texts rendered from the Jinja2 templates, the email.

Templates come from `workbook_templates/` next to the workbook when the owner copied them
there, else from the ones shipped with arxl (arxl.workbook_templates).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from email import policy as email_policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from importlib import resources
from pathlib import Path

import pandas as pd

from arxl.formats import DAY_FIRST
from arxl.reminders.addresses import Mailbox, mailbox, mailboxes
from arxl.reminders.epc import Account, epc_png
from arxl.reminders.postal import address_lines, place_date, sender_city
from arxl.reminders.spelling import format_date, money
from arxl.rules.penalties import Penalties, Profile
from arxl.settings import Settings
from arxl.vocab import ClientType, Lang, fold_words, reminder_label

PAYMENT_DAYS = 8  # the deadline given from level 2 on
LETTER_LEVEL = 3  # formal notices (3) and collection notices (4) also get a printable letter
PENALTY_LEVEL = 2  # from this level on, messages quote the penalties
# Headers folded at 998 (RFC 5322's limit), not 78: Python's folder drops the space between
# two encoded words ("3 000,00 €" came out as "3 000,00€" in the Subject). Bodies keep
# their 76-column transfer encodings, applied when the parts are set.
WIRE_POLICY = email_policy.default.clone(max_line_length=998)
QR_CID = "epc-qr"  # Content-ID of the payment QR code inline in the HTML email


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
    # the delay's last day, and the last day its interest counts (earlier when a half-year's
    # rate is in no table, None when no day counts): rules.penalties' end and interest_to;
    # both None without penalties
    late_until: dt.date | None = None
    interest_to: dt.date | None = None

    @property
    def penalty(self) -> float:
        return round(self.interest + self.indemnity, 2)

    @property
    def paid(self) -> float:
        """Already paid (or credited) on the invoice."""
        return round(self.amount - self.balance, 2)


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
    previous: int = -1  # highest level logged in the current episode (-1: none)
    account: Account = field(default_factory=Account)
    book_currency: str = "€"  # the book's (arxl.formats: its cells, Devise, Pays, language)
    book_date: str = DAY_FIRST  # the book's date format (arxl.formats), as its sheets write it
    subject: str = ""
    text: str = ""
    html: str = ""
    letter_text: str = ""  # the letter's sections (letters.parse_letter reads them)
    qr_png: bytes = b""  # the EPC payment QR code, when Paramètres has a valid IBAN
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
    def interest_to(self) -> dt.date | None:
        """The day the interest quoted is counted to when a missing rate cut some of it short:
        the texts say so instead of "as of" their date. None when each invoice's interest runs
        to the end of its delay."""
        late = [i for i in self.invoices if i.late_until is not None]
        cut = any(i.interest_to is None or i.interest_to < i.late_until for i in late)
        counted = [i.interest_to for i in late if i.interest_to is not None]
        return max(counted) if cut and counted else None

    @property
    def penalties_quoted(self) -> float:
        return round(self.penalties["total"], 2) if self.show_penalties else 0.0

    @property
    def total_claimed(self) -> float:
        """The one total a message asks for: principal, then penalties and indemnity."""
        return round(self.total_due + self.penalties_quoted, 2)

    def amount_lines(self) -> list[tuple[str, float]]:
        """(label key, amount) of the amounts block: the principal, the interest and the
        indemnity when quoted, and always last the one total to pay."""
        pen = self.penalties
        lines: list[tuple[str, float]] = []
        if self.penalties_quoted > 0:
            lines.append(("balance", self.total_due))
            lines += [(k, pen[k]) for k in ("interest", "indemnity") if pen[k] > 0]
        return [*lines, ("total_claimed", self.total_claimed)]

    @property
    def needs_letter(self) -> bool:
        return self.level >= LETTER_LEVEL

    @property
    def days_late(self) -> int:
        """Days overdue of the most overdue invoice listed."""
        return max((i.days for i in self.invoices), default=0)

    @property
    def far_past_due(self) -> bool:
        """Later than the second reminder threshold: no longer "probably an oversight"."""
        return self.days_late > self.settings.reminder_thresholds[1]

    @property
    def currency(self) -> str:
        """The book's currency: the amounts claimed are the book's amounts."""
        return self.book_currency

    def context(self) -> dict[str, object]:
        s = self.settings
        city = sender_city(s.sender_address)
        return {
            "lang": self.lang.value,
            "level": self.level,
            "level_label": reminder_label(self.level, self.lang),
            "as_of": self.as_of,
            "interest_to": self.interest_to,
            "deadline": self.as_of + dt.timedelta(days=PAYMENT_DAYS),
            "client": {
                "id": self.client_id,
                "name": self.client_name,
                "address": self.client_address,
                "address_lines": address_lines(self.client_address),
                "email": self.email,
            },
            "invoices": self.invoices,
            "numbers": ", ".join(i.number for i in self.invoices),
            "numbers_named": all(names_invoice(i.number) for i in self.invoices),
            "previous": self.previous,
            "days_late": self.days_late,
            "far_past_due": self.far_past_due,
            "total_due": self.total_due,
            "show_penalties": self.show_penalties,
            "penalties": self.penalties,
            "total_claimed": self.total_claimed,
            "amount_lines": self.amount_lines(),
            "sender": {
                "name": s.sender_name,
                "address": s.sender_address,
                "address_lines": address_lines(s.sender_address),
                "city": city,
                "email": s.smtp_from,
            },
            "place_date": place_date(city, self.as_of, self.lang),
            "payment": {"iban": _spaced(self.account.iban), "bic": self.account.bic},
            "qr": bool(self.qr_png),
            "qr_cid": QR_CID,
            "profile": self.profile.value,
            "consumer": self.consumer,
        }


INVOICE_WORDS = ("facture", "fact", "fac", "invoice", "inv", "avoir")


def names_invoice(number: str) -> bool:
    """Whether an invoice reference as typed already says "Facture" ("Facture #002",
    "Invoice 12"): the texts then write it alone, never "Facture Facture #002"."""
    head = fold_words(number).split()
    return bool(head) and head[0].rstrip(".") in INVOICE_WORDS


def _spaced(iban: str) -> str:
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def build_reminders(
    plan: pd.DataFrame,
    items: pd.DataFrame,
    clients: pd.DataFrame,
    penalties: Penalties,
    settings: Settings,
    as_of: dt.date,
    book_lang: Lang,
    account: Account | None = None,
    currency: str = "€",
    date_format: str = DAY_FIRST,
) -> list[Reminder]:
    """A Reminder for each plan row that goes out (skip == ""); with a valid account, each
    gets its EPC payment QR code (euros only)."""
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
                    late_until=_date(got["end"]) if got is not None else None,
                    interest_to=_date_or_none(got["interest_to"]) if got is not None else None,
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
                previous=int(getattr(p, "episode_level", -1)),
                account=account or Account(),
                book_currency=currency,
                book_date=date_format,
            )
        )
    for rem in out:
        if rem.account.iban and rem.currency == "€":
            numbers = [i.number for i in rem.invoices]
            rem.qr_png = epc_png(settings.sender_name, rem.account, rem.total_claimed, numbers)
    return out


def _date(value: object) -> dt.date:
    return pd.Timestamp(value).date()


def _date_or_none(value: object) -> dt.date | None:
    return None if pd.isna(value) else _date(value)


# Rendering ------------------------------------------------------------------------------------


def template_dirs(book: Path) -> list[Path]:
    """The owner's templates folder next to the workbook (when present), then arxl's."""
    own = book.parent / "workbook_templates"
    shipped = Path(str(resources.files("arxl.workbook_templates")))
    return [own, shipped] if own.is_dir() else [shipped]


def _escaped(value: object) -> object:
    """A template context with its texts HTML-escaped (markupsafe.Markup: not escaped again):
    the HTML email's texts written by the shared _texts macros (the payment reference, the
    names) are not escaped by them, as the plain-text email must not be."""
    from markupsafe import escape

    if isinstance(value, str):
        return escape(value)
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_escaped(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        texts = {f.name: _escaped(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **{k: v for k, v in texts.items() if isinstance(v, str)})
    return value


def render(reminders: list[Reminder], dirs: list[Path]) -> dict[str, str]:
    """Fill each reminder's subject, text, html (and letter_text for levels 3-4); returns
    client key -> error for the reminders a template could not render (an owner's copy of an
    older template...): those are reported, the others rendered."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        autoescape=lambda name: name is not None and ".html" in name,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    failed = {}
    for rem in reminders:
        env.filters["money"] = lambda x, c=rem.currency, lg=rem.lang: money(x, c, lg)
        env.filters["date"] = lambda d, r=rem: format_date(d, r.lang, r.book_date)
        ctx = rem.context()
        name = ""
        try:
            name = f"subject.{rem.lang}.j2"
            rem.subject = " ".join(env.get_template(name).render(ctx).split())
            name = "email.txt.j2"
            rem.text = env.get_template(name).render(ctx)
            name = "email.html.j2"
            rem.html = env.get_template(name).render(_escaped(ctx))
            if rem.needs_letter:
                name = "letter.txt.j2"
                rem.letter_text = env.get_template(name).render(ctx)
        except jinja2.TemplateError as exc:
            where = getattr(exc, "filename", None) or name
            failed[rem.client_key] = f"{Path(where).name}: {exc}"
    return failed


def email_message(rem: Reminder, sender: str, now: dt.datetime) -> EmailMessage:
    """The email from sender ("" for none): From, To, Subject, Date, a plain-text and an HTML
    part (with the payment QR code inline), attachments. InvalidAddress when an address
    cannot be sent to."""
    msg = EmailMessage()
    to = mailboxes(rem.email, rem.client_name)
    origin: Mailbox | None = None
    if sender:
        origin = mailbox(sender, rem.settings.sender_name)
        msg["From"] = origin.header
    msg["To"] = tuple(m.header for m in to)
    msg["Subject"] = rem.subject
    msg["Date"] = format_datetime(now)
    domain = origin.header.domain if origin else "arxl.invalid"
    rem.message_id = rem.message_id or make_msgid(f"arxl.{rem.level}", domain=domain)
    msg["Message-ID"] = rem.message_id
    msg["X-Arxl-Client"] = rem.client_id
    msg["X-Arxl-Level"] = str(rem.level)
    msg["X-Arxl-Invoices"] = ", ".join(i.number for i in rem.invoices)
    msg["X-Arxl-Amount"] = f"{rem.total_due:.2f}"
    msg["X-Arxl-Penalties"] = f"{rem.penalties_quoted:.2f}"
    msg.set_content(rem.text)
    msg.add_alternative(rem.html, subtype="html")
    if rem.qr_png:
        html_part = msg.get_payload()[1]
        html_part.add_related(
            rem.qr_png,
            maintype="image",
            subtype="png",
            cid=f"<{QR_CID}>",
            filename="qr-virement-sepa.png",
            disposition="inline",
        )
    for path in rem.attachments:
        maintype, subtype = _mime(path)
        msg.add_attachment(
            path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name
        )
    msg.policy = WIRE_POLICY
    return msg


def recipients(rem: Reminder) -> list[str]:
    """The SMTP envelope addresses of the client's Email cell (ASCII domains)."""
    return [m.smtp for m in mailboxes(rem.email, rem.client_name)]


def _mime(path: Path) -> tuple[str, str]:
    return {
        ".pdf": ("application", "pdf"),
        ".html": ("text", "html"),
        ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    }.get(path.suffix.lower(), ("application", "octet-stream"))
