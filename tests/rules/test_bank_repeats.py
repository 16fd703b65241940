"""rules.bank_repeats: which credits of a run are movements already imported."""

from __future__ import annotations

from arxl.rules.bank_repeats import Movement, fresh, same_text
from arxl.vocab import fold

LABEL = "VIR SEPA RECU /DE ATELIER ROUSSEAU /MOTIF FACTURE F2026-023"


def _m(key, text, file=0, amount=990.0, day="20260327", richness=0):
    return Movement(key, day, amount, fold(text), file, richness)


def test_texts_cut_in_two_or_with_an_end_to_end_id_are_the_same():
    assert same_text(fold(LABEL), fold(LABEL.replace("ROUSSEAU", "ROUSSE AU")))
    assert same_text(fold(LABEL), fold(f"{LABEL} FACTURE F2026-023 E2E-ROUSS-0327"))
    assert not same_text(fold("VIR DUPONT"), fold("VIR DUPONT SA"))  # too short to tell
    assert not same_text(fold(f"{LABEL} X"), fold(LABEL.replace("ROUSSEAU", "MOREAU")))


def test_one_movement_in_three_files_of_a_run_is_kept_once_with_its_richest_line():
    lines = [_m("csv", LABEL, 0), _m("ofx", LABEL, 1, richness=1), _m("camt", LABEL, 2, richness=3)]
    assert fresh(lines, [], set()) == [False, False, True]


def test_two_equal_movements_of_one_file_stay_two_and_each_stands_for_one_line():
    deposits = [_m("a", "REMISE CHEQUES 2 CHQ", 0), _m("a#2", "REMISE CHEQUES 2 CHQ", 0)]
    assert fresh(deposits, [], set()) == [True, True]
    other_format = [_m("x", "REMISE CHEQUES 2 CHQ", 1), _m("y", "REMISE CHEQUES 2 CHQ", 1)]
    assert fresh(other_format, deposits, set()) == [False, False]
    assert fresh([*other_format, _m("z", "REMISE CHEQUES 2 CHQ", 1)], deposits, set()) == [
        False,
        False,
        True,
    ]


def test_a_known_key_is_never_new_and_the_day_and_amount_must_agree():
    assert fresh([_m("k", LABEL)], [], {"k"}) == [False]
    book = [_m("old", LABEL, -1)]
    assert fresh([_m("n", LABEL, amount=99.0), _m("d", LABEL, day="20260328")], book, set()) == [
        True,
        True,
    ]


def test_a_camt_name_and_text_are_found_apart_in_the_csv_label():
    """A CAMT line is the payer's name then the remittance text; the CSV export of the account
    writes "VIR SEPA RECU /DE <name> /MOTIF <text>": the same movement (it was a second credit,
    which, confirmed, posted the payment twice). Texts of another payer, or whose pieces come
    in another order or are a few letters each, stay apart."""
    camt = fold("SARL DUPONT ET FILS VIR SEPA DUPONT FACT 150 ET 151")
    csv = fold("VIR SEPA RECU /DE SARL DUPONT ET FILS /MOTIF VIR SEPA DUPONT FACT 150 ET 151")
    assert same_text(camt, csv) and same_text(csv, camt)
    assert not same_text(fold("VIREMENT DUPONT FACTURE 12"), fold("VIREMENT DURAND FACTURE 12"))
    assert not same_text(fold("FACTURE 151 DUPONT ET FILS"), csv)
    assert not same_text(fold("DUPO ET FI FACT 150 ET 151"), fold("DUPONTXETXFILSXFACT150ET151"))
