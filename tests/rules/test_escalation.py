"""The escalation state machine, on frames built inline."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import make_workbook

import arxl
from arxl.readers.reminder_log import empty_log
from arxl.rules.escalation import plan
from arxl.settings import Settings

AS_OF = dt.date(2026, 3, 31)


def items(*rows: tuple) -> pd.DataFrame:
    """(client, level, status, days overdue[, invoice number]) per invoice."""
    return pd.DataFrame(
        {
            "row": range(2, len(rows) + 2),
            "client_key": [r[0] for r in rows],
            "reminder_level": [r[1] for r in rows],
            "status": [r[2] for r in rows],
            "days_overdue": [r[3] for r in rows],
            "balance": [100.0] * len(rows),
            "invoice": [r[4] if len(r) > 4 else "" for r in rows],
        }
    )


CLIENTS = pd.DataFrame(
    {
        "client_key": ["a", "b"],
        "client_id": ["a", "b"],
        "name": ["A", "B"],
        "email": ["a@x", "b@x"],
        "lang": ["", ""],
        "no_reminder": [False, False],
    }
)


def log(*rows: tuple) -> pd.DataFrame:
    """(client, date, level[, the invoices cell]) per reminder logged."""
    if not rows:
        return empty_log()
    return pd.DataFrame(
        {
            "row": range(2, len(rows) + 2),
            "date": pd.to_datetime([r[1] for r in rows]),
            "client_key": [r[0] for r in rows],
            "level": [r[2] for r in rows],
            "channel": "",
            "message_id": "",
            "invoices": [r[3] if len(r) > 3 else "" for r in rows],
        }
    )


def one(frame: pd.DataFrame, key: str = "a") -> pd.Series:
    return frame.set_index("client_key").loc[key]


@pytest.mark.parametrize(
    ("last_level", "target", "expected"),
    [(-1, 4, 1), (0, 4, 1), (1, 4, 2), (2, 4, 3), (3, 4, 4), (4, 4, 4), (3, 2, 2), (-1, 0, 0)],
)
def test_one_level_at_a_time(last_level, target, expected):
    history = log(("a", dt.date(2026, 3, 1), last_level)) if last_level >= 0 else log()
    status = "overdue" if target else "pending"
    got = one(plan(items(("a", target, status, 20)), CLIENTS, history, Settings(), AS_OF))
    assert (got["level"], got["skip"]) == (expected, "")


def test_minimum_interval_and_same_day():
    frame = items(("a", 2, "overdue", 20), ("b", 2, "overdue", 20))
    history = log(("a", dt.date(2026, 3, 25), 1), ("b", AS_OF, 1))
    got = plan(frame, CLIENTS, history, Settings(), AS_OF)
    assert one(got, "a")["skip"] == "too_soon"
    assert one(got, "a")["next_date"] == pd.Timestamp(2026, 4, 1)
    assert one(got, "b")["skip"] == "sent_today"
    # the interval is a setting; a log entry after the as-of date does not count
    got = plan(frame, CLIENTS, history, Settings(reminder_interval=6), dt.date(2026, 3, 31))
    assert one(got, "a")["skip"] == ""


def test_future_log_rows_are_ignored():
    history = log(("a", dt.date(2026, 4, 15), 3))
    got = one(plan(items(("a", 4, "overdue", 60)), CLIENTS, history, Settings(), AS_OF))
    assert (got["level"], got["skip"]) == (1, "")


def test_disputed_and_no_reminder_are_skipped_with_reasons():
    clients = CLIENTS.assign(no_reminder=[True, False])
    frame = items(("a", 3, "overdue", 40), ("b", -1, "disputed", 40))
    got = plan(frame, clients, log(), Settings(), AS_OF)
    assert one(got, "a")["skip"] == "no_reminder"
    assert one(got, "b")["skip"] == "disputed"


def test_lists_every_overdue_invoice_not_the_disputed_ones():
    frame = items(
        ("a", 3, "overdue", 40),
        ("a", -1, "overdue", 1),
        ("a", -1, "disputed", 50),
        ("a", 0, "pending", 0),
    )
    got = one(plan(frame, CLIENTS, log(), Settings(reminder_thresholds=(2, 15, 30, 45)), AS_OF))
    assert got["rows"] == [2, 3] and got["disputed"] == 1


# A reminder episode: the log rows naming an invoice still overdue. F-OLD was reminded at
# levels 1-3 in the spring and paid; F-NEW is 50 days late and never reminded.
SPRING = (dt.date(2026, 1, 10), dt.date(2026, 1, 25), dt.date(2026, 2, 10))
OLD_EPISODE = tuple(("a", day, n, "F-OLD") for n, day in enumerate(SPRING, start=1))
PAID_AND_NEW = (("a", -1, "paid", 0, "F-OLD"), ("a", 4, "overdue", 50, "F-NEW"))


def test_a_closed_episode_does_not_count():
    got = one(plan(items(*PAID_AND_NEW), CLIENTS, log(*OLD_EPISODE), Settings(), AS_OF))
    assert (got["level"], got["skip"], got["invoices"]) == (1, "", ["F-NEW"])
    # the client's history is kept; the level follows the current episode's
    assert (got["last_level"], got["episode_level"]) == (3, -1)
    assert got["last_date"] == pd.Timestamp(SPRING[-1])


@pytest.mark.parametrize("sent", [1, 2, 3])
def test_the_new_episode_advances_one_level_at_a_time(sent):
    new = [("a", dt.date(2026, 3, 1 + 7 * (n - 1)), n, "F-NEW") for n in range(1, sent + 1)]
    history = log(*OLD_EPISODE, *new)
    got = one(plan(items(*PAID_AND_NEW), CLIENTS, history, Settings(), AS_OF))
    # the last reminder is the new episode's, at its level (not the old episode's 3)
    assert (got["level"], got["episode_level"], got["last_level"]) == (sent + 1, sent, sent)


def test_interval_and_same_day_run_from_the_client_last_reminder_of_any_episode():
    # F-OLD, paid since, was reminded yesterday: F-NEW waits for the interval, at level 1
    history = log(*OLD_EPISODE, ("a", AS_OF - dt.timedelta(days=1), 3, "F-OLD"))
    got = one(plan(items(*PAID_AND_NEW), CLIENTS, history, Settings(), AS_OF))
    assert (got["level"], got["skip"], got["next_date"]) == (
        1,
        "too_soon",
        pd.Timestamp(2026, 4, 6),
    )
    history = log(*OLD_EPISODE, ("a", AS_OF, 3, "F-OLD"))
    got = one(plan(items(*PAID_AND_NEW), CLIENTS, history, Settings(), AS_OF))
    assert (got["level"], got["skip"]) == (1, "sent_today")


@pytest.mark.parametrize("cell", ["", "  ", "-", "Facture", "N°"])
def test_rows_naming_no_invoice_count_as_before(cell):
    # a row written by hand (a phone call, no invoice): we cannot tell, it counts
    history = log(*OLD_EPISODE, ("a", dt.date(2026, 3, 1), 2, cell))
    got = one(plan(items(*PAID_AND_NEW), CLIENTS, history, Settings(), AS_OF))
    assert (got["level"], got["episode_level"]) == (3, 2)
    # a log without the invoices column at all: the client's highest level, as before
    history = log(*OLD_EPISODE).drop(columns="invoices")
    got = one(plan(items(*PAID_AND_NEW), CLIENTS, history, Settings(), AS_OF))
    assert (got["level"], got["episode_level"]) == (4, 3)


@pytest.mark.parametrize(
    "cell",
    [
        "f-new",
        "  F-NEW ",
        "#F-NEW",
        "F NEW",
        "FNEW",
        "Facture F-NEW",
        "N° F-NEW",
        "F-OLD, F-NEW",
        "F-OLD; f-new",
        "F-OLD\nF-NEW",
        "F-OLD et F-NEW",
        "F-OLD / F-NEW",
        "F-OLD F-NEW",
    ],
)
def test_references_written_differently(cell):
    history = log(*OLD_EPISODE, ("a", dt.date(2026, 3, 1), 1, cell))
    got = one(plan(items(*PAID_AND_NEW), CLIENTS, history, Settings(), AS_OF))
    assert (got["level"], got["episode_level"]) == (2, 1)


@pytest.mark.parametrize("number", ["Facture F-NEW", "f-new", "F NEW"])
def test_the_book_number_written_differently(number):
    book = items(("a", -1, "paid", 0, "F-OLD"), ("a", 4, "overdue", 50, number))
    history = log(*OLD_EPISODE, ("a", dt.date(2026, 3, 1), 1, "F-NEW"))
    got = one(plan(book, CLIENTS, history, Settings(), AS_OF))
    assert (got["level"], got["episode_level"]) == (2, 1)


@pytest.mark.parametrize("cell", ["F-NEWER", "F-NE", "F-OLD", "F-GONE", "Facture F-OLD"])
def test_a_near_reference_is_not_the_invoice(cell):
    history = log(*OLD_EPISODE, ("a", dt.date(2026, 3, 1), 1, cell))
    got = one(plan(items(*PAID_AND_NEW), CLIENTS, history, Settings(), AS_OF))
    assert (got["level"], got["episode_level"]) == (1, -1)


def test_one_number_is_not_a_prefix_of_another():
    book = items(("a", -1, "paid", 0, "F-10"), ("a", 4, "overdue", 50, "F-1"))
    history = log(("a", dt.date(2026, 3, 1), 3, "F-10"))
    assert one(plan(book, CLIENTS, history, Settings(), AS_OF))["level"] == 1


@pytest.mark.parametrize(
    ("number", "cell"),
    [
        ("Facture 2025-118, travaux", "Facture 2025-118, travaux"),
        ("Fact. 12 & 13", "F-OLD, Fact. 12 & 13"),
        ("Facture F-1301 <b>&amp;</b>", "Facture F-1301 <b>&amp;</b>, F-OLD"),
        ("F-7; lot 2", "F-7; lot 2"),
    ],
)
def test_a_reference_holding_a_list_separator_is_its_log_row(number, cell):
    """The log joins an invoice's references with ", " and reads them back cut at ",", "&",
    ";"...: a reference holding one is found across its pieces, so its client advances (it
    got "Relance courtoise" every week, forever)."""
    book = items(("a", -1, "paid", 0, "F-OLD"), ("a", 4, "overdue", 50, number))
    history = log(*OLD_EPISODE, ("a", dt.date(2026, 3, 1), 1, cell))
    got = one(plan(book, CLIENTS, history, Settings(), AS_OF))
    assert (got["level"], got["episode_level"]) == (2, 1)


def test_a_reminder_covering_paid_invoices_and_one_still_overdue_counts():
    book = items(*PAID_AND_NEW, ("a", -1, "paid", 0, "F-MID"))
    history = log(*OLD_EPISODE, ("a", dt.date(2026, 3, 1), 1, "F-MID, F-NEW"))
    got = one(plan(book, CLIENTS, history, Settings(), AS_OF))
    assert (got["level"], got["episode_level"]) == (2, 1)


def test_an_invoice_never_reminded_joins_the_level_of_the_reminded_one():
    book = items(*PAID_AND_NEW, ("a", 1, "overdue", 5, "F-LATEST"))
    history = log(*OLD_EPISODE, ("a", dt.date(2026, 3, 1), 1, "F-NEW"))
    got = one(plan(book, CLIENTS, history, Settings(), AS_OF))
    assert (got["level"], got["invoices"]) == (2, ["F-NEW", "F-LATEST"])


def test_reminders_of_invoices_now_disputed_or_removed_do_not_count():
    book = items(("a", -1, "disputed", 60, "F-OLD"), ("a", 4, "overdue", 50, "F-NEW"))
    got = one(plan(book, CLIENTS, log(*OLD_EPISODE), Settings(), AS_OF))
    assert (got["level"], got["disputed"]) == (1, 1)
    # F-OLD no longer in the book (the owner removed the paid rows)
    book = items(("a", 4, "overdue", 50, "F-NEW"))
    assert one(plan(book, CLIENTS, log(*OLD_EPISODE), Settings(), AS_OF))["level"] == 1


def test_an_invoice_without_a_number_is_its_row_as_logged():
    book = items(("a", -1, "paid", 0, "F-OLD"), ("a", 4, "overdue", 50, ""))
    history = log(*OLD_EPISODE, ("a", dt.date(2026, 3, 1), 1, "#3"))
    got = one(plan(book, CLIENTS, history, Settings(), AS_OF))
    assert (got["level"], got["invoices"]) == (2, ["#3"])


def test_episodes_are_per_client():
    book = items(*PAID_AND_NEW, ("b", 4, "overdue", 50, "F-OLD"))
    got = plan(book, CLIENTS, log(*OLD_EPISODE), Settings(), AS_OF)
    # b's F-OLD is another invoice: a's reminders neither count for b nor reopen a's episode
    assert (one(got, "a")["level"], one(got, "b")["level"]) == (1, 1)


def test_a_book_whose_log_names_a_paid_invoice(tmp_path):
    """The reproducer of the trial: the log's Factures column read from the book, and the
    draft (and the text's `previous`) of the new episode's first reminder."""
    d = dt.date
    book = make_workbook(
        tmp_path / "episode.xlsx",
        clients=[[1, "Ancien Retard SARL", "1 rue A, 75001 Paris", "c1@example.fr", ""]],
        client_header=["ID Client", "Nom", "Adresse", "Email", "Pas de relance"],
        tx_header=["Date", "ID Client", "Description", "Montant", "Statut", "Échéance"],
        transactions=[
            [d(2025, 12, 1), 1, "Facture F-OLD", 3000, "Payé", d(2026, 1, 1)],
            [d(2026, 1, 10), 1, "Facture F-NEW", 800, "En attente", d(2026, 2, 9)],
        ],
        extra_sheets={
            "Journal des relances": [
                ["Date", "ID Client", "Client", "Niveau", "Canal", "Factures"],
                *[[day, 1, "Ancien", n, "Email", "F-OLD"] for _, day, n, _ in OLD_EPISODE],
            ]
        },
    )
    done = arxl.remind(book, out_dir=tmp_path / "drafts", as_of=AS_OF)
    got = one(done.plan, "1")
    assert (got["target"], got["level"], got["last_level"]) == (4, 1, 3)
    (reminder,) = done.reminders
    assert (reminder.level, reminder.previous) == (1, -1)


def test_the_last_reminder_is_shown_with_its_own_level():
    """Level 2 on June 1st, then level 1 on June 10th (a new invoice's episode): the last
    reminder is June 10th's, level 1; never June 10th beside June 1st's level 2."""
    history = log(("a", dt.date(2026, 3, 1), 2, "F-OLD"), ("a", dt.date(2026, 3, 10), 1, "F-NEW"))
    got = one(plan(items(*PAID_AND_NEW), CLIENTS, history, Settings(), AS_OF))
    assert got["last_date"] == pd.Timestamp(2026, 3, 10)
    assert got["last_level"] == 1
