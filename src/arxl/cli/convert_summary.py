"""The one-line summaries `arxl convert` prints: what became of every row of each input, in
the input's language (French: its numbers as a French reader writes them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from arxl.vocab import Lang, number_text

if TYPE_CHECKING:
    from arxl.api.convert import FileResult


def _n(n: int, fr: str, en: str, lang: Lang) -> str:
    """'1 client', '2 clients' (a word per language, plural with s unless given as
    one|many)."""
    word = fr if lang is Lang.FR else en
    one, _, many = word.partition("|")
    single = n <= 1 if lang is Lang.FR else n == 1  # « 0 facture », "0 invoices"
    return f"{n} {one if single else (many or one + 's')}"


_TALLY = (  # (Tally field, French, English)
    ("merged", "regroupée(s) avec elles (lignes de facture, règlements lettrés)",
     "folded into them (invoice lines, lettered payments)"),
    ("anomalies", "écartée(s) (voir Anomalies)", "left out (listed in Anomalies)"),
    ("skipped", "vide(s) ou de total", "blank or total"),
    ("other", "sur d'autres comptes", "on other accounts"),
    ("after", "passée(s) après la date d'analyse", "entered after the as-of date"),
)  # fmt: skip


def tally_text(r: FileResult) -> str:
    """'2466 rows = 2460 transactions + 6 left out …' (only the parts that are not 0)."""
    t, lang = r.tally, r.lang or Lang.EN
    if t is None:
        return ""
    fr = lang is Lang.FR
    shown = [_n(t.transactions, "transaction", "transaction", lang)]
    shown += [
        f"{n} {fr_text if fr else en}" for key, fr_text, en in _TALLY if (n := getattr(t, key))
    ]
    check = ""
    if not t.adds_up():
        check = (
            f" — ÉCART : {t.accounted()} comptées"
            if fr
            else f" — MISMATCH: {t.accounted()} accounted for"
        )
    rows = _n(t.rows, "ligne", "row", lang)
    return f"{rows} = {' + '.join(shown)}{check}"


def summary_line(r: FileResult) -> str:
    where = f" -> {r.out}" if r.out is not None and r.out != r.source else ""
    lang = r.lang or Lang.EN
    fr = lang is Lang.FR
    head = f"{r.source.name}{where} [{r.fmt}]{' :' if fr else ':'} {tally_text(r)}"
    if r.fmt != "merge" and r.out is None:
        return head
    parts = [_n(r.invoices, "facture", "invoice", lang)]
    if r.later:  # in Transactions, left out of the follow-up until their date
        parts[0] += (
            f" (dont {_n(r.later, 'datée', 'dated', lang)} après la date d'analyse : hors suivi)"
            if fr
            else f" ({r.later} dated after the as-of date: not followed yet)"
        )
    if r.credits:
        parts.append(_n(r.credits, "avoir ou règlement|avoirs et règlements", "credit", lang))
    parts.append(_n(r.clients, "client", "client", lang))
    balance = number_text(r.open_balance, lang)  # 1 234 867,50 / 1,234,867.50
    parts.append(f"solde ouvert {balance}" if fr else f"open balance {balance}")
    parts.append(_n(r.anomalies, "anomalie", "anomaly|anomalies", lang))
    return f"{head}{' ;' if fr else ';'} {', '.join(parts)}"


def total_line(
    results: Sequence[FileResult], merged: bool = False, lang: Lang | None = None
) -> str:
    """How many inputs were converted; with --merge (the merged workbook's result comes
    last), how many were read and whether the workbook was written. In `lang`, else in the
    language of most inputs (French when as many are in each)."""
    if lang is None:
        langs = [r.lang for r in results if r.lang is not None]
        lang = Lang.EN if langs.count(Lang.EN) > langs.count(Lang.FR) else Lang.FR
    fr = lang is Lang.FR
    if not merged:
        failed = sum(not r.ok for r in results)
        done = len(results) - failed
        return (
            f"{done} converti(s), {failed} en échec."
            if fr
            else f"{done} converted, {failed} failed."
        )
    *inputs, book = results
    failed = sum(not r.ok for r in inputs)
    done = len(inputs) - failed
    if fr:
        written = "écrit" if book.ok else "non écrit"
        return f"{done} lu(s), {failed} en échec ; {book.source.name} {written}."
    written = "written" if book.ok else "not written"
    return f"{done} read, {failed} failed; {book.source.name} {written}."
