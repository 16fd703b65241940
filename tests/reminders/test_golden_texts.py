"""Golden texts of the reminders, as the client receives them: the email (subject, plain text)
of each level and the letter of the formal and collection notices.

Set ARXL_UPDATE_GOLDEN=1 to rewrite tests/reminders/golden/ after an intended change, then read
the diff like a client would (French and English).
"""

from __future__ import annotations

import os
import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from remind_books import AS_OF, CREDITOR_NAME, repeated_words

from arxl.api.remind import RemindResult, remind
from arxl.reminders.letters import letter_plain_text
from arxl.reminders.messages import Reminder, money

GOLDEN = Path(__file__).parent / "golden"
CASES = {  # golden name -> client id
    "level1": "1",
    "level1-far-past-due": "2",
    "level2": "3",
    "level3-b2b": "4",
    "level3-consumer": "5",
    "level4": "6",
    "level2-en": "7",
}


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> RemindResult:
    from remind_books import levels_book

    tmp = tmp_path_factory.mktemp("golden")
    return remind(levels_book(tmp), out_dir=tmp / "out", as_of=AS_OF)


def by_id(result: RemindResult, client_id: str) -> Reminder:
    return next(r for r in result.reminders if r.client_id == client_id)


def email_text(result: RemindResult, rem: Reminder) -> str:
    """The draft as the client reads it: From, To, Subject, then the plain-text part."""
    msg = message_from_bytes(result.drafts[rem.client_key].read_bytes(), policy=policy.default)
    head = f"From: {msg['From']}\nTo: {msg['To']}\nSubject: {msg['Subject']}\n\n"
    return head + msg.get_body(("plain",)).get_content()


def check_golden(name: str, got: str) -> None:
    path = GOLDEN / name
    if os.environ.get("ARXL_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with ARXL_UPDATE_GOLDEN=1"
    assert got == path.read_text(encoding="utf-8"), name


def test_levels_of_the_cases(result: RemindResult) -> None:
    got = {r.client_id: r.level for r in result.reminders}
    assert got == {"1": 1, "2": 1, "3": 2, "4": 3, "5": 3, "6": 4, "7": 2}


@pytest.mark.parametrize("name", CASES)
def test_email_golden(result: RemindResult, name: str) -> None:
    rem = by_id(result, CASES[name])
    text = email_text(result, rem)
    check_golden(f"{name}.email.txt", text)
    assert repeated_words(text) == []
    assert one_total(text, rem)
    assert CREDITOR_NAME in text  # signed


@pytest.mark.parametrize("name", [n for n in CASES if CASES[n] in ("4", "5", "6")])
def test_letter_golden(result: RemindResult, name: str) -> None:
    rem = by_id(result, CASES[name])
    text = letter_plain_text(rem)
    check_golden(f"{name}.letter.txt", text)
    assert repeated_words(text) == []
    assert one_total(text, rem)
    lines = text.splitlines()
    # creditor block, then the debtor with its full address, then "Ville, le date"
    assert lines[:3] == [CREDITOR_NAME, "12 rue des Lilas", "69003 Lyon"]
    assert rem.client_name in lines and "Lyon, le 31 mars 2026" in lines
    assert any(line.startswith(("Objet : ", "Subject: ")) for line in lines)


def one_total(text: str, rem: Reminder) -> bool:
    """Every amount called a total or asked for ("la somme de", "Total à régler") is the one
    total: principal + penalties and indemnity."""
    total = money(rem.total_claimed, rem.currency, rem.lang)
    amount = r"[£€]?[\d\u202f,.]+(?:\u00a0€)?"
    asked = re.findall(
        rf"(?:[Tt]otal[^:|\n]*[:|]\s*|somme de\s+|[Pp]lease pay\s+|unless\s+|notice to pay\s+)"
        rf"({amount})",
        text,
    )
    assert asked, "no total found"
    assert set(asked) == {total}, (asked, total)
    return True


def test_no_repeated_invoice_word(result: RemindResult) -> None:
    for rem in result.reminders:
        for text in (rem.text, rem.html, rem.subject):
            assert "Facture Facture" not in text and "factures Facture" not in text


def test_courteous_first_reminder_is_an_oversight_only_when_recent(result: RemindResult) -> None:
    recent, far = by_id(result, "1"), by_id(result, "2")
    assert "sans doute d'un oubli" in recent.text
    assert "oubli" not in far.text and "échue depuis 60 jours" in far.text


def test_consumer_speaks_only_of_legal_interest(result: RemindResult) -> None:
    rem = by_id(result, "5")
    texts = [rem.text, rem.html, letter_plain_text(rem)]
    for text in texts:
        low = text.lower()
        assert "intérêts au taux légal" in low and "1231-6" in low
        for word in ("pénalité", "indemnité", "40 €", "40\u00a0€", "l441-10", "d441-5"):
            assert word not in low, word
    b2b = letter_plain_text(by_id(result, "4"))
    assert "L441-10" in b2b and "D441-5" in b2b and "1231-6" not in b2b
