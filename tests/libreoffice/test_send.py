"""The reminders button with an SMTP server in Paramètres, pressed in a real headless LibreOffice
Calc and sending to a real SMTP server on loopback: it asks first (how many messages, to whom);
on yes the messages go and the reminder log arrives in the open document as the other sheets
do (the file on disk is not written behind the owner's back); on no nothing is sent and
nothing changes. The question is answered through ARXL_CONFIRM (a file holding yes or no)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path
from unittest import mock

import pytest

from arxl.sheets.home import buttons
from arxl.vocab import Lang
from arxl.writers.graft import Package
from tests.helpers.calc import Calc, needs_calc
from tests.helpers.smtpserver import free_port, smtp_server

pytestmark = [needs_calc, pytest.mark.libreoffice]

REMINDERS = buttons(Lang.FR)[1].caption
SENDER = "factures@comptes.example"


@pytest.fixture(scope="module")
def due(template, tmp_path_factory) -> int:
    """The demo book's reminders with an e-mail address today (one more client has none), as
    the API prepares them: the button sends as of today, and the demo's invoices fall due one
    after the other, so the count is the API's of the same day, not a number fixed once."""
    from arxl.api.remind import remind

    folder = tmp_path_factory.mktemp("due")
    copy = folder / "comptes.xlsm"
    shutil.copy(template, copy)
    drafts = len(remind(copy, out_dir=folder / "drafts", today=dt.date.today()).drafts)
    assert drafts > 0
    return drafts


@pytest.fixture(scope="module")
def calc(tmp_path_factory):
    root = tmp_path_factory.mktemp("calc-send")
    answer = root / "answer.txt"
    with mock.patch.dict(os.environ, {"ARXL_CONFIRM": str(answer)}):
        session = Calc(root)
    session.answer = answer  # type: ignore[attr-defined]
    yield session
    session.stop()


@pytest.fixture(scope="module")
def server():
    with smtp_server() as running:
        yield running


@pytest.fixture
def book(template, tmp_path, calc, server) -> Path:
    path = tmp_path / "comptes.xlsm"
    shutil.copy(template, path)
    server[0].received.clear()
    calc.messages()  # forget what earlier tests were told
    yield path
    calc.close(path)


def answer(calc: Calc, text: str) -> None:
    calc.answer.write_text(text)  # type: ignore[attr-defined]


def configure_smtp(calc: Calc, book: Path, port: int) -> None:
    """The owner fills the SMTP rows of Paramètres in the open document (no password: the
    loopback server asks for none)."""
    calc.open(book)
    (settings,) = [s for s in calc.dump(book)["sheets"] if s["name"] == "Paramètres"]
    row = {values[0]: n for n, values in enumerate(settings["values"], 1)}
    for label, value in (
        ("Serveur SMTP", "127.0.0.1"),
        ("Port SMTP", str(port)),
        ("Sécurité SMTP", "none"),
        ("Adresse d'envoi", SENDER),
    ):
        calc.call("set", book, "Paramètres", f"B{row[label]}", value)


def sheet(dump: dict, name: str) -> list[list]:
    return next(s["values"] for s in dump["sheets"] if s["name"] == name)


def test_yes_sends_and_brings_the_log_into_the_open_document(calc, book, server, due):
    DUE = due  # noqa: N806 - the count the assertions below speak of
    handler, port = server
    received = handler.received
    configure_smtp(calc, book, port)
    answer(calc, "yes")
    calc.click(book, REMINDERS)
    (asked, told) = calc.messages()
    assert asked[0] == "question"
    assert asked[1].startswith(f"Envoyer {DUE} relance(s) par e-mail maintenant")
    assert f"127.0.0.1:{port}" in asked[1] and SENDER in asked[1]
    assert "Non : rien n'est envoyé." in asked[1]
    assert told == (
        "info",
        f"{DUE} relance(s) envoyée(s), {DUE} ligne(s) ajoutée(s) à la feuille "
        "Journal des relances.",
    )
    # what was asked is what went
    assert len(received) == DUE
    to = {address for r in received for address in r.rcpt_tos}
    assert set(re.findall(r"<([^>]+)>", asked[1])) <= to
    assert {r.mail_from for r in received} == {SENDER}

    shown = calc.dump(book)
    assert shown["active"] == "Relances"
    log = sheet(shown, "Journal des relances")
    assert log[0][:4] == ["Date", "ID Client", "Client", "Niveau"]
    assert sorted(row[-1] for row in log[1:]) == sorted(r.message["Message-ID"] for r in received)
    assert shown["modified"]  # the owner saves it when they want: the file was not written
    assert "Journal des relances" not in [s.name for s in Package(book).sheets()]
    (folder,) = book.parent.glob("comptes-relances-*")
    assert len(list(folder.glob("*.eml"))) == DUE  # a copy of each message sent

    # a second click the same day has nothing left to send: no question, drafts as usual
    calc.click(book, REMINDERS)
    ((kind, text),) = calc.messages()
    assert kind == "info" and text.startswith("0 brouillon(s) de relance")
    assert len(received) == DUE
    assert len(sheet(calc.dump(book), "Journal des relances")) == DUE + 1


def test_no_sends_nothing_and_changes_nothing(calc, book, server, due):
    DUE = due  # noqa: N806
    handler, port = server
    received = handler.received
    configure_smtp(calc, book, port)
    answer(calc, "no")
    before = calc.dump(book)
    calc.click(book, REMINDERS)
    ((kind, text),) = calc.messages()
    assert kind == "question" and text.startswith(f"Envoyer {DUE} relance(s)")
    assert received == []
    after = calc.dump(book)
    assert after["sheets"] == before["sheets"] and after["active"] == before["active"]
    assert not after["modified"]  # as the click stored it
    assert not list(book.parent.glob("comptes-relances-*"))


def test_a_server_that_does_not_answer_sends_nothing_and_changes_nothing(calc, book):
    configure_smtp(calc, book, free_port())  # nothing listens there
    answer(calc, "yes")
    before = calc.dump(book)
    calc.click(book, REMINDERS)
    (asked, (kind, text)) = calc.messages()
    assert asked[0] == "question"
    assert kind == "error" and "cannot connect to SMTP server" in text
    assert "nothing was sent" in text
    after = calc.dump(book)
    assert after["sheets"] == before["sheets"] and after["active"] == before["active"]
