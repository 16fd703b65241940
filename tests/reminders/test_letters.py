"""The letter PDF (a clean A4 page read back with poppler), the SEPA payment QR code decoded
back (zxing-cpp), and what `remind` says when Paramètres lacks the creditor or bank details."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import time_machine
from click.testing import CliRunner
from remind_books import AS_OF, BIC, CREDITOR, IBAN, decode_qr, levels_book

from arxl.api.remind import remind
from arxl.cli import main
from arxl.cli.remind_summary import summary
from arxl.reminders.epc import check_account, remittance
from arxl.reminders.messages import money
from arxl.vocab import Lang

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler (pdftotext, pdftoppm) is not installed",
)
IBAN_COMPACT = IBAN.replace(" ", "")


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


@needs_poppler
def test_formal_notice_is_a_clean_a4_page(tmp_path: Path) -> None:
    result = remind(levels_book(tmp_path), out_dir=tmp_path / "out", as_of=AS_OF, only=["4"])
    pdf = result.letters["4"]
    assert pdf.suffix == ".pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Pages:           1" in info and "595.28 x 841.89 pts (A4)" in info
    text = pdf_text(pdf)
    flat = " ".join(text.split())
    for artefact in ("Sheet", "Page", "Feuille"):
        assert artefact not in text, artefact
    for words in (
        "Atelier Durand SARL",
        "12 rue des Lilas",
        "Delta SA",
        "4 cours Mirabeau",
        "13100 Aix-en-Provence",
        "Lyon, le 31 mars 2026",
        "Lettre recommandée avec accusé de réception",
        "Objet : Mise en demeure de payer",
        "Déjà réglé",
        "Reste dû",
        "L441-10",
        "D441-5",
        "1344",
    ):
        assert " ".join(words.split()) in flat, words
    # the letter's one total is the one the email asks for
    rem = result.reminders[0]
    msg = message_from_bytes(result.drafts["4"].read_bytes(), policy=policy.default)
    total = " ".join(money(rem.total_claimed, "€", Lang.FR).split())
    assert f"Total à régler {total}" in flat
    (attachment,) = msg.iter_attachments()
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == pdf.read_bytes()


@needs_poppler
def test_consumer_letter_speaks_of_legal_interest_only(tmp_path: Path) -> None:
    result = remind(levels_book(tmp_path), out_dir=tmp_path / "out", as_of=AS_OF, only=["5"])
    flat = " ".join(pdf_text(result.letters["5"]).split()).lower()
    assert "intérêts au taux légal" in flat and "1231-6" in flat
    for word in ("pénalité", "indemnité", "l441-10", "d441-5"):
        assert word not in flat, word


def check_epc(text: str, amount: float, numbers: list[str]) -> None:
    lines = text.split("\n")
    # EPC069-12: service tag, version, character set (1 = UTF-8), identification, BIC, name,
    # IBAN, amount, purpose, structured reference, unstructured remittance text
    assert lines[:4] == ["BCD", "002", "1", "SCT"]
    assert lines[4] == BIC and lines[5] == "Atelier Durand SARL" and lines[6] == IBAN_COMPACT
    assert lines[7].startswith("EUR") and float(lines[7][3:]) == round(amount, 2)
    assert lines[10] == remittance(numbers)
    for n in numbers:
        assert n in lines[10]


def test_epc_qr_code_decodes_to_iban_amount_and_references(tmp_path: Path) -> None:
    result = remind(levels_book(tmp_path), out_dir=tmp_path / "out", as_of=AS_OF)
    for rem in result.reminders:
        numbers = [i.number for i in rem.invoices]
        check_epc(decode_qr(rem.qr_png), rem.total_claimed, numbers)
        # inline in the HTML part, referenced by its Content-ID
        msg = message_from_bytes(result.drafts[rem.client_key].read_bytes(), policy=policy.default)
        html = msg.get_body(("html",))
        assert 'src="cid:epc-qr"' in html.get_content()
        images = [p for p in msg.walk() if p.get_content_type() == "image/png"]
        assert len(images) == 1 and images[0]["Content-ID"] == "<epc-qr>"
        assert images[0].get_content_disposition() == "inline"
        check_epc(decode_qr(images[0].get_content()), rem.total_claimed, numbers)
    delta = next(r for r in result.reminders if r.client_id == "4")
    assert delta.total_claimed > delta.total_due  # the QR asks for the total with penalties


@needs_poppler
def test_epc_qr_code_printed_on_the_letter_decodes(tmp_path: Path) -> None:
    result = remind(levels_book(tmp_path), out_dir=tmp_path / "out", as_of=AS_OF, only=["4"])
    rem = result.reminders[0]
    out = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", str(result.letters["4"]), str(out)], check=True
    )
    (png,) = tmp_path.glob("page*.png")
    check_epc(decode_qr(png.read_bytes()), rem.total_claimed, ["Facture #004", "Facture #005"])


def test_iban_checked_and_a_wrong_one_said_once(tmp_path: Path) -> None:
    assert check_account(IBAN).iban == IBAN_COMPACT
    assert "checksum" in check_account("FR76 3000 6000 0112 3456 7890 188").problem.lower()
    params = [
        r if r[0] != "IBAN" else ["IBAN", "FR76 3000 6000 0112 3456 7890 188"] for r in CREDITOR
    ]
    path = levels_book(tmp_path, params=params)
    result = remind(path, out_dir=tmp_path / "out", as_of=AS_OF)
    assert all(r.qr_png == b"" for r in result.reminders)
    assert all("IBAN" not in r.text and "QR" not in r.text for r in result.reminders)
    _, _, lines = summary(result)
    said = [line for line in lines if "IBAN" in line]
    assert len(said) == 1 and "FR76 3000 6000 0112 3456 7890 188" in said[0]
    assert "« IBAN »" in said[0]


def test_no_creditor_no_formal_notice_and_the_rows_to_fill(tmp_path: Path) -> None:
    path = levels_book(tmp_path, params=[["Paramètre", "Valeur"], ["IBAN", IBAN]])
    result = remind(path, out_dir=tmp_path / "out", as_of=AS_OF)
    # the formal and collection notices are held, the rest is produced
    assert sorted(result.blocked) == ["4", "5", "6"]
    assert sorted(result.drafts) == ["1", "2", "3", "7"] and result.letters == {}
    assert not list((tmp_path / "out").glob("*lettre*"))
    header, rows, lines = summary(result)
    outcome = {r[0]: r[-1] for r in rows}
    assert outcome["4"].startswith("non préparé : lettre sans nom ni adresse du créancier")
    warnings = [line for line in lines if line.startswith("Attention")]
    creditor = [w for w in warnings if "créancier" in w]
    assert len(creditor) == 1
    assert "« Votre raison sociale » et « Votre adresse »" in creditor[0]
    assert "3 lettre(s)" in creditor[0]
    # no From, no signature: each said once for the whole batch, not per client
    assert sum("expéditeur" in w for w in warnings) == 1
    assert sum("signature" in w for w in warnings) == 1
    assert not any("pas d'IBAN" in w for w in warnings)


def test_english_summary_names_the_settings_rows(tmp_path: Path) -> None:
    path = levels_book(tmp_path, params=[["Paramètre", "Valeur"]])
    result = remind(path, out_dir=tmp_path / "out", as_of=AS_OF, only=["4"])
    result.analysis.lang = Lang.EN
    _, _, lines = summary(result)
    text = "\n".join(lines)
    assert 'Fill in "Your company name" and "Your address" in the Settings sheet' in text
    assert "no IBAN" in text and "no sender address" in text


def test_mark_sent_says_noted_as_sent(tmp_path: Path) -> None:
    path = levels_book(tmp_path)
    with time_machine.travel(dt.datetime.combine(AS_OF, dt.time(9)), tick=False):
        run = CliRunner().invoke(main, ["remind", str(path), "--mark-sent", "--only", "1"])
    assert run.exit_code == 0, run.output
    assert "noté comme envoyé" in run.output
    assert "1 notée(s) comme envoyée(s)" in run.output
    assert " envoyé\n" not in run.output


@needs_poppler
def test_without_a_truetype_font_the_letter_falls_back_to_latin1(tmp_path, monkeypatch) -> None:
    """A machine without DejaVu, Liberation or Arial still gets a readable letter (€ as EUR)."""
    import arxl.reminders.letter_pdf as letter_pdf

    monkeypatch.setattr(letter_pdf, "FONT_CANDIDATES", ())
    result = remind(levels_book(tmp_path), out_dir=tmp_path / "out", as_of=AS_OF, only=["4"])
    flat = " ".join(pdf_text(result.letters["4"]).split())
    assert "Lyon, le 31 mars 2026" in flat and "Total à régler" in flat and "EUR" in flat


def test_an_owner_template_that_fails_is_reported_and_the_others_go_on(tmp_path: Path) -> None:
    """An owner's copy of a template that no longer renders (here for one level) stops
    nothing: the clients it fails for are reported, the others drafted."""
    path = levels_book(tmp_path)
    own = tmp_path / "workbook_templates"
    own.mkdir()
    shipped = Path(__file__).parents[2] / "workbook_templates" / "subject.fr.j2"
    (own / "subject.fr.j2").write_text(
        "{% if level == 4 %}{{ no_such_variable }}{% endif %}" + shipped.read_text("utf-8"),
        encoding="utf-8",
    )
    result = remind(path, out_dir=tmp_path / "out", as_of=AS_OF)
    assert list(result.failed) == ["6"] and "subject.fr.j2" in result.failed["6"]
    assert "no_such_variable" in result.failed["6"]
    assert sorted(result.drafts) == ["1", "2", "3", "4", "5", "7"]
