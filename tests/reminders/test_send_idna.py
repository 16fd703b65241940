"""`remind --send` against the real SMTP server of the tests (aiosmtpd on loopback): an address
with an accented domain (IDNA) and a non-ASCII name go out, an invalid address is reported for
its client, and every other client's message is accepted and logged."""

from __future__ import annotations

import datetime as dt
from email.headerregistry import Address
from pathlib import Path

import time_machine
from click.testing import CliRunner
from conftest import sheet_values
from helpers.smtpserver import smtp_server
from remind_books import AS_OF, CLIENTS, levels_book

from arxl.api.remind import remind
from arxl.cli import main
from arxl.reminders.addresses import InvalidAddress, mailbox

ACCENTED = "compta@exemple-société.fr"
PUNYCODE = "compta@xn--exemple-socit-mhbb.fr"


def clients_with(addresses: dict[int, str]) -> list[list[object]]:
    return [[*c[:3], addresses.get(int(c[0]), c[3]), *c[4:]] for c in CLIENTS]


def env(port: int) -> dict[str, str]:
    return {
        "ARXL_SMTP_HOST": "127.0.0.1",
        "ARXL_SMTP_PORT": str(port),
        "ARXL_SMTP_SECURITY": "none",
    }


def test_mailbox_idna_and_display_name() -> None:
    box = mailbox(ACCENTED, "Émile Dupuis & Fils")
    assert box.smtp == PUNYCODE
    assert box.header == Address("Émile Dupuis & Fils", "compta", "xn--exemple-socit-mhbb.fr")
    assert mailbox("Compta Société <a@b.example>").header.display_name == "Compta Société"
    for bad in ("", "compta@@x.example", "compta.example", "jérôme@exemple.fr"):
        try:
            mailbox(bad)
        except InvalidAddress:
            continue
        raise AssertionError(f"{bad!r} accepted")


def test_send_accented_domain_and_invalid_address(tmp_path: Path) -> None:
    # Émile (5) has an accented domain, Bravo (2) an address that cannot be sent to
    clients = clients_with({5: ACCENTED, 2: "compta@bravo@example"})
    path = levels_book(tmp_path, clients=clients)
    with smtp_server() as (server, port):
        result = remind(path, out_dir=tmp_path / "o", today=AS_OF, send=True, environ=env(port))
        received = {r.message["X-Arxl-Client"]: r for r in server.received}
    # every other client's message accepted, in one batch that did not stop half-way
    assert sorted(received) == ["1", "3", "4", "5", "6", "7"]
    assert sorted(result.sent) == ["1", "3", "4", "5", "6", "7"]
    assert received["5"].rcpt_tos == [PUNYCODE]
    to = received["5"].message["To"]
    assert to.addresses[0].display_name == "Émile Dupuis"
    assert to.addresses[0].domain == "xn--exemple-socit-mhbb.fr"
    assert {r.mail_from for r in received.values()} == {"factures@atelier-durand.fr"}
    # the invalid one reported for its client, not sent, not logged
    assert list(result.invalid) == ["2"] and "compta@bravo@example" in result.invalid["2"]
    log = sheet_values(path, "Journal des relances")
    logged = [str(r[1]) for r in log[1:] if r[0] == AS_OF or str(r[0]).startswith("2026-03-31")]
    assert sorted(logged) == ["1", "3", "4", "5", "6", "7"]
    assert result.logged == 6


def test_accented_sender_domain_goes_out_in_ascii(tmp_path: Path) -> None:
    path = levels_book(tmp_path)
    with smtp_server() as (server, port):
        extra = {"ARXL_SMTP_FROM": "factures@société-durand.fr"}
        result = remind(
            path, out_dir=tmp_path / "o", today=AS_OF, send=True, environ=env(port) | extra
        )
        assert len(server.received) == 7 and not result.failed
        assert {r.mail_from for r in server.received} == {"factures@xn--socit-durand-eebb.fr"}
        sender = server.received[0].message["From"].addresses[0]
        assert sender.domain == "xn--socit-durand-eebb.fr"
        assert sender.display_name == "Atelier Durand SARL"


def test_cli_reports_the_invalid_address_and_exits_1(tmp_path: Path) -> None:
    clients = clients_with({5: ACCENTED, 2: "compta@bravo@example"})
    path = levels_book(tmp_path, clients=clients)
    with smtp_server() as (server, port):
        with time_machine.travel(dt.datetime.combine(AS_OF, dt.time(9)), tick=False):
            run = CliRunner().invoke(
                main, ["remind", str(path), "--send", "--out", str(tmp_path)], env=env(port)
            )
        assert len(server.received) == 6
    assert run.exit_code == 1
    assert "adresse email invalide : compta@bravo@example" in " ".join(run.output.split())
    assert "6 envoyée(s)" in run.output


def test_drafts_with_accented_domain_do_not_stop(tmp_path: Path) -> None:
    """The 12-draft run that stopped after 7 with a raw UnicodeEncodeError."""
    addresses = {i: f"compta{i}@exemple-société.fr" for i in range(1, 8)}
    path = levels_book(tmp_path, clients=clients_with(addresses))
    result = remind(path, out_dir=tmp_path / "o", as_of=AS_OF)
    assert len(result.drafts) == 7 and result.failed == {} and result.invalid == {}
    for draft in result.drafts.values():
        assert b"xn--exemple-socit-mhbb.fr" in draft.read_bytes()
