"""Sending through an SMTP server: settings from the Paramètres sheet, overridden by ARXL_SMTP_*.

The password comes only from ARXL_SMTP_PASSWORD or the system keyring (service "arxl", the
SMTP user as user name), never from or into the workbook.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage

from arxl.errors import ArxlError
from arxl.settings import Settings

SECURITIES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
TIMEOUT = 60
KEYRING_SERVICE = "arxl"
FALLBACK_SENDER = "arxl@localhost"


class SmtpNotConfigured(ArxlError):
    pass


class SmtpFailed(ArxlError):
    pass


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str
    user: str
    password: str
    sender: str


def smtp_config(settings: Settings, environ: Mapping[str, str]) -> SmtpConfig:
    """The server to send through, or SmtpNotConfigured saying what to set."""
    host = environ.get("ARXL_SMTP_HOST") or settings.smtp_host
    security = (environ.get("ARXL_SMTP_SECURITY") or settings.smtp_security or "starttls").lower()
    sender = environ.get("ARXL_SMTP_FROM") or settings.smtp_from
    user = environ.get("ARXL_SMTP_USER") or settings.smtp_user
    if not host:
        raise SmtpNotConfigured(
            "no SMTP server configured: set ARXL_SMTP_HOST (and ARXL_SMTP_PORT, "
            "ARXL_SMTP_SECURITY=starttls|ssl|none, ARXL_SMTP_USER, ARXL_SMTP_PASSWORD, "
            "ARXL_SMTP_FROM) or fill 'Serveur SMTP' in the Paramètres sheet."
        )
    if security not in SECURITIES:
        raise SmtpNotConfigured(f"ARXL_SMTP_SECURITY={security!r}: use starttls, ssl or none.")
    if not sender:  # better set ARXL_SMTP_FROM; the login is usually the mailbox address
        sender = user if "@" in user else FALLBACK_SENDER
    port_text = environ.get("ARXL_SMTP_PORT") or ""
    if port_text and not port_text.isdigit():
        raise SmtpNotConfigured(f"ARXL_SMTP_PORT={port_text!r} is not a port number.")
    port = int(port_text) if port_text else settings.smtp_port or DEFAULT_PORTS[security]
    password = environ.get("ARXL_SMTP_PASSWORD") or (_keyring_password(host, user) if user else "")
    if user and not password:
        raise SmtpNotConfigured(
            f"no password for SMTP user {user}: set ARXL_SMTP_PASSWORD or store it in the system "
            f"keyring (keyring set {KEYRING_SERVICE} {user})."
        )
    return SmtpConfig(host, port, security, user, password, sender)


def _keyring_password(host: str, user: str) -> str:
    try:
        import keyring  # optional
    except ImportError:
        return ""
    try:
        return keyring.get_password(KEYRING_SERVICE, user) or ""
    except Exception:  # no usable keyring backend on this machine
        return ""


@contextmanager
def connect(config: SmtpConfig) -> Iterator[smtplib.SMTP]:
    """An open, authenticated SMTP session (the system's CA store checks the certificate)."""
    context = ssl.create_default_context()
    try:
        if config.security == "ssl":
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                config.host, config.port, timeout=TIMEOUT, context=context
            )
        else:
            server = smtplib.SMTP(config.host, config.port, timeout=TIMEOUT)
            if config.security == "starttls":
                server.starttls(context=context)
        if config.user:
            server.login(config.user, config.password)
    except (OSError, smtplib.SMTPException) as exc:
        raise SmtpFailed(
            f"cannot connect to SMTP server {config.host}:{config.port} ({config.security}): "
            f"{exc}; nothing was sent."
        ) from exc
    try:
        yield server
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            server.close()


@dataclass
class Outcome:
    sent: list[int]  # indexes of the messages the server accepted
    failed: dict[int, str]  # index -> error, for messages refused one by one
    stopped: str = ""  # why sending stopped before the end (connection lost), else ""
    # index -> the recipients the server refused, for messages it took for the others
    refused: dict[int, str] = field(default_factory=dict)


def send_messages(
    config: SmtpConfig,
    messages: list[tuple[EmailMessage, list[str]]],
    on_sent: Callable[[int], None] | None = None,
) -> Outcome:
    """Send each (message, recipients); a refused message is noted and the next one tried,
    a lost connection stops the batch. on_sent(i) is called as soon as message i is accepted."""
    outcome = Outcome([], {})
    sender = envelope_sender(config.sender)
    with connect(config) as server:
        for i, (msg, to) in enumerate(messages):
            try:
                refused = server.send_message(msg, from_addr=sender, to_addrs=to)
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
                outcome.failed[i] = _reason(exc)
                continue
            except (OSError, smtplib.SMTPException) as exc:
                outcome.stopped = _reason(exc)
                break
            except (ValueError, TypeError, LookupError) as exc:  # this message only
                outcome.failed[i] = _reason(exc)
                continue
            outcome.sent.append(i)
            if refused:
                outcome.refused[i] = "; ".join(
                    f"{a}: {c} {m.decode(errors='replace')}" for a, (c, m) in refused.items()
                )
            if on_sent:
                on_sent(i)
    return outcome


def envelope_sender(address: str) -> str:
    """The MAIL FROM address with an accented domain in its ASCII (IDNA) form."""
    from arxl.reminders.addresses import InvalidAddress, mailbox

    try:
        return mailbox(address).smtp
    except InvalidAddress:
        return address  # the server says what it thinks of it


def _reason(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{a}: {c} {m.decode(errors='replace')}" for a, (c, m) in exc.recipients.items()
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {exc.smtp_error.decode(errors='replace')}"
    return f"{type(exc).__name__}: {exc}"
