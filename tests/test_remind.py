"""`arxl remind` end to end: drafts parsed back, a real SMTP server on loopback, the log."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes, policy
from pathlib import Path

import conftest
import pytest
import time_machine
from click.testing import CliRunner
from conftest import make_workbook, sheet_values
from helpers.smtpserver import PASSWORD, USER, smtp_server

from arxl.api.remind import remind
from arxl.cli import main
from arxl.reminders.messages import money
from arxl.vocab import Lang
from tests.helpers.libreoffice import pdf_text
from tests.helpers.zipparts import zip_parts

AS_OF = dt.date(2026, 3, 31)
CLIENT_HEADER = ["ID Client", "Nom", "Adresse", "Email", "Langue", "Pas de relance", "Type"]
CLIENTS = [
    [1, "Alpha SARL", "1 rue A, 75001 Paris", "compta@alpha.example", "", "", ""],
    [2, "Beta Ltd", "2 High St, London", "ap@beta.example", "en", "", ""],
    [3, "Gamma", "3 rue C", "gamma@example.com", "", "oui", ""],
    [4, "Delta Dupuis", "4 rue D", "delta@example.com", "", "", "Particulier"],
    [5, "Epsilon", "5 rue E", "eps@example.com", "", "", ""],
    [6, "Zeta", "6 rue F", "zeta@example.com", "", "", ""],
]
TX_HEADER = [h for h in conftest.TX_HEADER if h not in ("Remarques", "Montant payé")]
D = dt.date
TRANSACTIONS = [
    [D(2026, 2, 18), 1, "F-01", 1000, "En attente", D(2026, 3, 20), None],  # 11 days late
    [D(2026, 1, 10), 1, "F-02", 2000, "En attente", D(2026, 2, 10), None],  # 49 days late
    [D(2025, 11, 15), 1, "F-08", 5000, "Payé", D(2025, 12, 15), D(2026, 1, 20)],  # paid late
    [D(2026, 1, 30), 2, "F-03", 500, "En attente", D(2026, 3, 1), None],  # 30 days late
    [D(2026, 1, 1), 3, "F-04", 900, "En attente", D(2026, 2, 1), None],  # "Pas de relance"
    [D(2026, 2, 8), 4, "F-05", 800, "En attente", D(2026, 3, 10), None],  # consumer, 21 days
    [D(2026, 1, 1), 5, "F-06", 700, "Litige", D(2026, 2, 1), None],  # disputed only
    [D(2026, 3, 3), 6, "F-07", 300, "En attente", D(2026, 4, 3), None],  # due in 3 days
]
LOG_HEADER = ["Date", "ID Client", "Client", "Niveau", "Canal", "Notes du gérant"]
CREDITOR = [
    ["Paramètre", "Valeur"],
    ["Votre raison sociale", "Atelier Durand SARL"],
    ["Votre adresse", "12 rue des Lilas, 69003 Lyon"],
    ["Pays", "FR"],  # French law: penalties quoted in formal notices
]


def book(
    tmp_path: Path,
    log: list[list[object]] | None = None,
    params: list[list[object]] | None = CREDITOR,
) -> Path:
    extra = {"Journal des relances": [LOG_HEADER, *log]} if log is not None else {}
    if params:
        extra["Paramètres"] = params
    return make_workbook(
        tmp_path / "factures.xlsx",
        clients=CLIENTS,
        transactions=TRANSACTIONS,
        client_header=CLIENT_HEADER,
        tx_header=TX_HEADER,
        extra_sheets=extra,
    )


@pytest.fixture
def no_soffice():
    """Letters are PDF written in Python (fpdf2): nothing to turn off any more."""


def smtp_env(port: int, security: str = "none", **extra: str) -> dict[str, str]:
    return {
        "ARXL_SMTP_HOST": "127.0.0.1",
        "ARXL_SMTP_PORT": str(port),
        "ARXL_SMTP_SECURITY": security,
        "ARXL_SMTP_FROM": "factures@owner.example",
        **extra,
    }


def levels(result) -> dict[str, int]:
    return {r.client_id: r.level for r in result.reminders}


def skipped(result) -> dict[str, str]:
    plan = result.plan
    return dict(zip(plan["client_id"], plan["skip"], strict=True)) | {}


def interest(amount: float, rate: float, days: int) -> float:
    return amount * rate / 100 * days / 365


# ---------------------------------------------------------------------------------------------


def test_drafts_parse_back_one_per_client(tmp_path, no_soffice):
    result = remind(book(tmp_path), out_dir=tmp_path / "out", as_of=AS_OF)
    # no log yet: every overdue client starts at level 1 whatever its lateness
    assert levels(result) == {"1": 1, "2": 1, "4": 1, "6": 0}
    skips = {k: v for k, v in skipped(result).items() if v}
    assert skips == {"3": "no_reminder", "5": "disputed"}
    emls = sorted((tmp_path / "out").glob("*.eml"))
    assert len(emls) == 4
    msg = message_from_bytes(result.drafts["1"].read_bytes(), policy=policy.default)
    assert msg["To"] == "Alpha SARL <compta@alpha.example>"
    assert msg["Subject"].startswith("Relance courtoise – 2 factures – 3")
    assert msg["X-Unsent"] == "1"
    assert msg["Date"] is not None and msg["Message-ID"]
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    for number in ("F-01", "F-02"):
        assert number in text and number in html
    assert "F-08" not in text  # paid: never chased
    assert "Madame, Monsieur" in text and "vous" in text
    assert "pénalités" not in text.lower()  # level 1 quotes no penalties
    english = message_from_bytes(result.drafts["2"].read_bytes(), policy=policy.default)
    assert english["Subject"].startswith("Courteous reminder – 1 invoice – €500.00")
    assert "Dear Sir or Madam" in english.get_body(("plain",)).get_content()
    assert "arrivent prochainement" in result.reminders[-1].text or "arrive prochainement" in (
        result.reminders[-1].text
    )


def test_escalation_from_the_log_and_penalties_quoted(tmp_path, no_soffice):
    log = [
        [D(2026, 3, 20), 1, "Alpha SARL", 2, "Email", ""],  # 11 days ago: next level (3)
        [D(2026, 3, 1), 1, "Alpha SARL", 1, "Email", ""],
        [D(2026, 3, 28), 2, "Beta Ltd", 1, "Email", ""],  # 3 days ago: too soon
        [D(2026, 3, 24), 4, "Delta Dupuis", 1, "Téléphone", "appelé"],  # 7 days: level 2
    ]
    result = remind(book(tmp_path, log), out_dir=tmp_path / "out", as_of=AS_OF)
    assert levels(result) == {"1": 3, "4": 2, "6": 0}
    assert skipped(result)["2"] == "too_soon"

    alpha = next(r for r in result.reminders if r.client_id == "1")
    # independent recomputation: 2026 H1 rate 2.15 + 10 = 12.15 %, 40 € per invoice
    expected = round(interest(1000, 12.15, 11), 2) + round(interest(2000, 12.15, 49), 2) + 80
    assert alpha.penalties_quoted == pytest.approx(expected, abs=0.011)
    msg = message_from_bytes(result.drafts["1"].read_bytes(), policy=policy.default)
    assert msg["Subject"].startswith("Mise en demeure")
    text = msg.get_body(("plain",)).get_content()
    assert "L441-10" in text and "40 €" in text and "mise en demeure" in text.lower()
    # principal, then penalties and indemnity, then the one total, French style
    assert "Reste dû : 3\u202f000,00\u00a0€" in text
    assert "Indemnité forfaitaire pour frais de recouvrement : 80,00\u00a0€" in text
    total = money(3000 + expected, "€", Lang.FR)
    assert f"Total à régler : {total}" in text and f"la somme de {total}" in text
    attachments = [p.get_filename() for p in msg.iter_attachments()]
    assert attachments == ["relance-3-1-alpha-sarl-lettre.pdf"]
    delta = next(r for r in result.reminders if r.client_id == "4")
    # a consumer: interest at the legal rate only (Code civil 1231-6), no 40 € indemnity
    assert "intérêts au taux légal" in delta.text and "1231-6" in delta.text
    for word in ("pénalité", "indemnité", "40 €", "L441-10"):
        assert word not in delta.text.lower(), word


def test_send_through_smtp_logs_and_second_run_sends_nothing(tmp_path, no_soffice):
    path = book(tmp_path)
    with smtp_server() as (server, port):
        first = remind(
            path, out_dir=tmp_path / "o1", today=AS_OF, send=True, environ=smtp_env(port)
        )
        assert len(server.received) == 4
        assert sorted(r.rcpt_tos[0] for r in server.received) == [
            "ap@beta.example",
            "compta@alpha.example",
            "delta@example.com",
            "zeta@example.com",
        ]
        assert {r.mail_from for r in server.received} == {"factures@owner.example"}
        got = {r.message["X-Arxl-Client"]: r.message for r in server.received}
        assert got["1"]["Subject"] == first.reminders[0].subject
        assert "X-Unsent" not in got["1"]
        second = remind(
            path, out_dir=tmp_path / "o2", today=AS_OF, send=True, environ=smtp_env(port)
        )
        assert len(server.received) == 4, "the second run the same day sent again"
        assert second.reminders == []
        assert set(skipped(second).values()) == {"sent_today", "no_reminder", "disputed"}

    rows = sheet_values(path, "Journal des relances")
    assert rows[0][:4] == ["Date", "ID Client", "Client", "Niveau"]
    assert len(rows) == 5
    ids = {r[1]: r for r in rows[1:]}
    assert ids["1"][3] == 1 and ids["6"][3] == 0
    assert ids["1"][-1] == got["1"]["Message-ID"]


def test_failure_after_k_messages_then_rerun_sends_the_rest(tmp_path, no_soffice):
    path = book(tmp_path)
    with smtp_server(fail_after=2) as (server, port):
        with time_machine.travel(dt.datetime(2026, 3, 31, 9, 0), tick=False):
            code = CliRunner().invoke(
                main,
                ["remind", str(path), "--send", "--out", str(tmp_path / "a")],
                env=smtp_env(port),
            )
        assert code.exit_code == 1
        assert len(server.received) == 2
    assert len(sheet_values(path, "Journal des relances")) == 1 + 2
    first = {r.message["X-Arxl-Client"] for r in server.received}
    with smtp_server() as (server, port):
        result = remind(
            path, out_dir=tmp_path / "b", today=AS_OF, send=True, environ=smtp_env(port)
        )
        again = {r.message["X-Arxl-Client"] for r in server.received}
    assert len(again) == 2 and not again & first
    assert result.failed == {} and len(sheet_values(path, "Journal des relances")) == 1 + 4


def test_starttls_with_login(tmp_path, no_soffice, monkeypatch):
    path = book(tmp_path)
    with smtp_server("starttls", tmp_path) as (server, port):
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "cert.pem"))
        env = smtp_env(port, "starttls", ARXL_SMTP_USER=USER, ARXL_SMTP_PASSWORD=PASSWORD)
        result = remind(path, out_dir=tmp_path / "o", today=AS_OF, send=True, environ=env)
        assert len(server.received) == 4 and len(result.sent) == 4


def test_ssl(tmp_path, no_soffice, monkeypatch):
    path = book(tmp_path)
    with smtp_server("ssl", tmp_path) as (server, port):
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "cert.pem"))
        remind(path, out_dir=tmp_path / "o", today=AS_OF, send=True, environ=smtp_env(port, "ssl"))
        assert len(server.received) == 4


def test_send_without_server_says_what_to_set(tmp_path):
    path = book(tmp_path)
    result = CliRunner().invoke(main, ["remind", str(path), "--send"], env={"ARXL_SMTP_HOST": ""})
    assert result.exit_code == 1
    assert "no SMTP server configured: set ARXL_SMTP_HOST" in result.stderr


@pytest.mark.parametrize("sender", ["", "arxl@localhost", "factures chez nous"])
def test_send_without_a_sender_address_sends_nothing_and_says_what_to_fill(tmp_path, sender):
    """An email without a From cannot be answered: --send refuses before anything goes out,
    where it sent the emails without a From (the server's envelope sender arxl@localhost)."""
    path = book(tmp_path)
    before = zip_parts(path)
    with smtp_server() as (server, port):
        env = {**smtp_env(port), "ARXL_SMTP_FROM": sender}
        result = CliRunner().invoke(
            main, ["remind", str(path), "--send", "--out", str(tmp_path / "o")], env=env
        )
        assert server.received == []
    assert result.exit_code == 1
    assert result.stderr.startswith("arxl: error: --send needs your sender address: fill in")
    assert zip_parts(path) == before  # nothing logged
    drafts = CliRunner().invoke(main, ["remind", str(path), "--out", str(tmp_path / "d")], env=env)
    assert drafts.exit_code == 0 and list((tmp_path / "d").glob("*.eml"))  # drafts still


def test_an_owners_log_without_some_columns_is_said_once(tmp_path):
    """The owner's own log has no Pénalités or ID du message column: the penalties quoted and
    the message ids are not logged, and the summary says so (nothing said of arxl's own)."""
    log = [[D(2026, 3, 1), 1, "Alpha SARL", 1, "Téléphone", "appelé"]]
    result = CliRunner().invoke(
        main, ["remind", str(book(tmp_path, log)), "--mark-sent", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 0, result.output
    said = [ln for ln in result.output.splitlines() if "journal des relances n'a pas" in ln]
    assert said == [
        "Attention : le journal des relances n'a pas de colonne Factures, Montant, Pénalités, "
        "ID du message : ce qu'elles diraient de ces relances n'y est pas noté. Ajoutez ces "
        "en-têtes à sa ligne d'en-tête pour les garder."
    ]
    (tmp_path / "b").mkdir()
    again = CliRunner().invoke(
        main, ["remind", str(book(tmp_path / "b")), "--mark-sent", "--out", str(tmp_path / "p")]
    )
    assert again.exit_code == 0 and "journal des relances n'a pas" not in again.output


def test_mark_sent_appends_and_keeps_the_owner_parts(tmp_path, no_soffice):
    log = [[D(2026, 3, 1), 1, "Alpha SARL", 1, "Téléphone", "appelé"]]
    path = book(tmp_path, log)
    before = zip_parts(path)
    result = remind(path, out_dir=tmp_path / "o", today=AS_OF, mark_sent=True)
    assert result.logged == 4
    after = zip_parts(path)
    changed = {name for name in before if before[name] != after.get(name)}
    assert changed <= {"xl/worksheets/sheet3.xml", "xl/styles.xml"}, changed
    rows = sheet_values(path, "Journal des relances")
    assert rows[1] == [D(2026, 3, 1), 1.0, "Alpha SARL", 1.0, "Téléphone", "appelé"]
    assert [r[1] for r in rows[2:]] == ["1", "4", "2", "6"]  # level, then amount due
    assert rows[2][3] == 2  # escalated from the owner's phone call at level 1
    # the owner's column "Notes du gérant" stays empty in the appended rows
    assert all(r[5] == "" for r in rows[2:])


def test_only_and_level_filters(tmp_path, no_soffice):
    path = book(tmp_path)
    only = remind(path, out_dir=tmp_path / "a", as_of=AS_OF, only=["2", "6"])
    assert levels(only) == {"2": 1, "6": 0}
    assert levels(remind(path, out_dir=tmp_path / "b", as_of=AS_OF, level=0)) == {"6": 0}
    # a client's name says it too (case and accents aside); a value naming no client stops
    # the run before anything is prepared, where it was an empty run
    by_name = remind(path, out_dir=tmp_path / "c", as_of=AS_OF, only=["beta ltd", "6"])
    assert levels(by_name) == {"2": 1, "6": 0}
    result = CliRunner().invoke(main, ["remind", str(path), "--only", "99", "--out", "o"])
    assert result.exit_code == 1
    assert result.stderr == (
        "arxl: error: --only 99: no client with that id or name (the ids are like 1, 2, 3, 4, "
        "5); see the Clients sheet.\n"
    )


def test_formal_notice_letter_as_pdf(tmp_path):
    log = [[D(2026, 3, 20), 1, "Alpha SARL", 2, "Email", ""]]
    result = remind(book(tmp_path, log), out_dir=tmp_path / "out", as_of=AS_OF, only=["1"])
    pdf = result.letters["1"]
    assert pdf.suffix == ".pdf" and pdf.read_bytes().startswith(b"%PDF")
    text = pdf_text(pdf)
    if text is not None:
        flat = " ".join(text.split())
        for words in ("Mise en demeure", "Alpha SARL", "F-02", "L441-10", "1344", "Lyon, le"):
            assert words in flat, words
        assert "Sheet" not in flat and "Page" not in flat
    msg = message_from_bytes(result.drafts["1"].read_bytes(), policy=policy.default)
    (attachment,) = msg.iter_attachments()
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == pdf.read_bytes()


def test_reminders_claim_the_books_currency(tmp_path, no_soffice):
    """The amounts claimed are the book's: a book in dollars (Devise USD, no country, so no
    statutory penalties) gets dollars in every message, never the euro of French law."""
    params = [["Paramètre", "Valeur"], ["Votre raison sociale", "Atelier"], ["Devise", "USD"]]
    result = remind(book(tmp_path, params=params), out_dir=tmp_path / "out", as_of=AS_OF)
    assert {r.currency for r in result.reminders} == {"$"}
    english = message_from_bytes(result.drafts["2"].read_bytes(), policy=policy.default)
    assert english["Subject"].startswith("Courteous reminder – 1 invoice – $500.00")
    french = message_from_bytes(result.drafts["1"].read_bytes(), policy=policy.default)
    body = " ".join(french.get_body(("plain",)).get_content().split())
    assert "€" not in body and "Total à régler : 3 000,00 $" in body.replace("\u202f", " ")


def test_pre_due_reminder_says_disregard_once(tmp_path, no_soffice):
    """The pre-due reminder (level 0) asks to disregard it if payment is scheduled: once, not
    again in its closing."""
    result = remind(book(tmp_path), out_dir=tmp_path / "out", as_of=AS_OF)
    pre_due = next(r for r in result.reminders if r.level == 0)
    assert pre_due.text.count("tenir compte") == 1, pre_due.text
    assert "Nous restons à votre disposition" in pre_due.text


def test_send_works_as_of_today_not_the_books_analysis_date(tmp_path):
    """A book whose Paramètres date was left on an earlier day (last month's closing, the
    demo): what is sent and logged is today's picture. F-01 paid after that date is not
    chased, and the log says the day it went out."""
    params = [*CREDITOR, ["Date d'analyse", dt.date(2026, 3, 20)]]
    path = book(tmp_path, params=params)
    preview = remind(path, out_dir=tmp_path / "p", today=AS_OF)
    assert preview.analysis.as_of == AS_OF  # not the book's 20/03
    invoices = {i.number for r in preview.reminders for i in r.invoices}
    assert "F-02" in invoices and "F-03" in invoices  # 30 days late only by 31/03
    with smtp_server() as (server, port):
        sent = remind(path, out_dir=tmp_path / "o", today=AS_OF, send=True, environ=smtp_env(port))
        assert len(server.received) == len(sent.sent) > 0
    log = sheet_values(path, "Journal des relances")
    assert {row[0] for row in log[1:]} == {AS_OF}


def test_send_with_an_explicit_date_is_the_owners_choice(tmp_path):
    """--as-of with --send works as of that date, as the owner asked (logged with it)."""
    path = book(tmp_path)
    with smtp_server() as (server, port):
        with time_machine.travel(dt.datetime(2026, 4, 2, 9, 0), tick=False):
            args = ["remind", str(path), "--as-of", "2026-03-31", "--send", "--out", str(tmp_path)]
            res = CliRunner().invoke(main, args, env=smtp_env(port))
        assert len(server.received) > 0
    assert res.exit_code == 0, res.output
    log = sheet_values(path, "Journal des relances")
    assert {row[0] for row in log[1:]} == {AS_OF}


def test_the_anomalies_that_bear_on_the_reminders_are_shown_before_sending(tmp_path):
    """A status arxl does not know on an invoice of a client reminded ("OK": paid? recomputed
    from the dates), a duplicate client id: remind says so with the drafts, not only a refresh
    in Anomalies; an anomaly of a client nobody reminds is not in the list."""
    tx = [list(r) for r in TRANSACTIONS]
    tx[1][4] = "OK"  # F-02, client 1
    tx[4][4] = "Bof"  # F-04, client 3: "Pas de relance", not reminded
    clients = [*CLIENTS, [2, "Beta bis", "", "old@beta.example", "", "", ""]]
    path = make_workbook(
        tmp_path / "f.xlsx",
        clients=clients,
        transactions=tx,
        client_header=CLIENT_HEADER,
        tx_header=TX_HEADER,
        extra_sheets={"Paramètres": CREDITOR},
    )
    with time_machine.travel(dt.datetime(2026, 3, 31, 9, 0), tick=False):
        run = CliRunner().invoke(main, ["remind", str(path), "--out", str(tmp_path / "o")])
    assert run.exit_code == 0, run.output
    out = " ".join(run.output.split())
    assert "2 anomalie(s) du classeur touchent ces relances : vérifiez-les avant d'envoyer" in out
    assert "Transactions, ligne 3, Statut « OK » : Statut non reconnu" in out
    assert "Clients, ligne 8, ID Client « 2 » : Client en double" in out
    assert "Bof" not in out


def test_a_recipient_the_server_refuses_is_said_beside_sent(tmp_path):
    """Two addresses for a client, the server takes the message for one and refuses the other
    (550): the summary says sent, and which address was refused."""
    clients = [list(r) for r in CLIENTS]
    clients[0][3] = "compta@alpha.example; ancien@alpha.example"
    path = make_workbook(
        tmp_path / "f.xlsx",
        clients=clients,
        transactions=TRANSACTIONS,
        client_header=CLIENT_HEADER,
        tx_header=TX_HEADER,
        extra_sheets={"Paramètres": CREDITOR},
    )
    with smtp_server() as (server, port):
        server.refuse.add("ancien@alpha.example")
        with time_machine.travel(dt.datetime(2026, 3, 31, 9, 0), tick=False):
            args = ["remind", str(path), "--send", "--only", "1", "--out", str(tmp_path / "o")]
            run = CliRunner().invoke(main, args, env=smtp_env(port))
        assert [r.rcpt_tos for r in server.received] == [["compta@alpha.example"]]
    assert run.exit_code == 0, run.output
    out = " ".join(run.output.replace("│", " ").split())
    assert "envoyé ; adresse refusée par le serveur : ancien@alpha.example: 550" in out


def test_a_sheet_of_the_owners_named_like_the_log_is_said_plainly(tmp_path):
    """The owner's own 'Journal des relances' (call notes, other columns): refresh and remind
    stop with one line naming the sheet and what to do, the file untouched."""
    path = make_workbook(
        tmp_path / "f.xlsx",
        clients=CLIENTS,
        transactions=TRANSACTIONS,
        client_header=CLIENT_HEADER,
        tx_header=TX_HEADER,
        extra_sheets={
            "Journal des relances": [["Quand", "Qui", "Notes"], ["lundi", "Alpha", "ok"]]
        },
    )
    before = path.read_bytes()
    for args in (["refresh", str(path)], ["remind", str(path), "--out", str(tmp_path / "o")]):
        run = CliRunner().invoke(main, args)
        assert run.exit_code == 1
        said = " ".join(run.output.split())
        assert (
            "the sheet 'Journal des relances' is where arxl reads and writes its reminder log"
            in said
        )
        assert "(columns found: Quand, Qui, Notes)" in said and "rename that sheet" in said
    assert path.read_bytes() == before


def test_the_help_says_remind_is_as_of_today() -> None:
    """remind dates its letters today unless told (not the Paramètres sheet's analysis date,
    which `--as-of`'s help said)."""
    from click.testing import CliRunner

    from arxl.cli import main

    text = " ".join(CliRunner().invoke(main, ["remind", "--help"]).output.split())
    assert "default: today" in text
    assert "default: the Paramètres sheet" not in text


def test_nothing_to_remind_leaves_no_empty_folder(tmp_path) -> None:
    """Every invoice paid: no draft, and no empty BOOK-relances-DATE folder beside the book."""
    book = make_workbook(
        tmp_path / "paid.xlsx",
        transactions=[[dt.date(2026, 9, 1), 1, "Facture #1", 100.0, "Payé"]],
    )
    result = CliRunner().invoke(main, ["remind", str(book), "--as-of", "2026-10-31"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "paid-relances-2026-10-31").exists()
    assert "aucun brouillon écrit" in result.output


def test_one_day_late_is_singular(tmp_path) -> None:
    book = make_workbook(
        tmp_path / "b.xlsx",
        transactions=[
            [dt.date(2026, 9, 1), 1, "Facture #1", 100.0, "En attente"],  # due 01/10
            [dt.date(2026, 8, 1), 1, "Facture #2", 200.0, "En attente"],  # due 31/08
        ],
    )
    remind(book, as_of=dt.date(2026, 10, 2), out_dir=tmp_path / "out")
    text = next((tmp_path / "out").glob("*.eml")).read_text(encoding="utf-8", errors="replace")
    assert "1 jour de retard" in text and "1 jours" not in text
    assert "32 jours de retard" in text


def test_a_month_not_in_the_form_is_a_usage_error(tmp_path, seed_book) -> None:
    result = CliRunner().invoke(main, ["report", str(seed_book), "--month", "10/2026"])
    assert result.exit_code == 2
    assert "YYYY-MM" in result.output
