"""Email addresses as SMTP needs them: internationalised domains in their ASCII (IDNA) form,
display names encoded by the email package, and invalid addresses reported, not raised."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.headerregistry import Address

NAMED = re.compile(r'\s*"?(?P<name>[^"<>]*?)"?\s*<(?P<address>[^<>]+)>\s*')


class InvalidAddress(ValueError):
    """An address that cannot be sent to; the message says which and why."""


@dataclass(frozen=True)
class Mailbox:
    header: Address  # for To / From (display name encoded on output)
    smtp: str  # local@ascii-domain, for the SMTP envelope


def mailbox(address: str, name: str = "") -> Mailbox:
    """The address checked (syntax only, no DNS) and its domain converted to ASCII (IDNA):
    compta@exemple-société.fr -> compta@xn--exemple-socit-mhbb.fr. "Name <address>" keeps its
    name. A non-ASCII local part needs SMTPUTF8, which most servers refuse: it is invalid."""
    from email_validator import EmailNotValidError, validate_email

    text = address.strip()
    named = NAMED.fullmatch(text)  # "Compta Société <compta@x.fr>", as Outlook copies it
    bare = named["address"].strip() if named else text
    try:
        checked = validate_email(bare, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise InvalidAddress(f"{text or '-'}: {exc}") from exc
    ascii_email = checked.ascii_email or checked.normalized
    local, _, domain = ascii_email.rpartition("@")
    display = " ".join(((named["name"] if named else "") or name).split())
    return Mailbox(Address(display_name=display, username=local, domain=domain), ascii_email)


def mailboxes(cell: str, name: str = "") -> list[Mailbox]:
    """Every address of an Email cell (several separated by ; or ,); InvalidAddress names
    the first one that is not valid."""
    parts = [a.strip() for a in cell.replace(";", ",").split(",") if a.strip()]
    if not parts:
        raise InvalidAddress("-")
    return [mailbox(a, name) for a in parts]
