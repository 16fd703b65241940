"""The monthly report: a new workbook of one month's figures (and its PDF), the book only read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from arxl.api.analysis import Analysis, analyse
from arxl.errors import ArxlError
from arxl.readers.layout import Layout
from arxl.readers.workbook import SheetSource, marked
from arxl.reports import report
from arxl.rules.monthly import Ledgers, MonthFigures, month_figures
from arxl.rules.periods import month_end, parse_month
from arxl.vocab import Lang
from arxl.vocab.sheet_names import REPORT
from arxl.writers.graft import check_not_locked
from arxl.writers.layout import write_workbook


@dataclass
class ReportResult:
    analysis: Analysis
    figures: MonthFigures
    path: Path
    pdf: Path | None


def default_report_path(book: str | Path, month: dt.date, lang: Lang) -> Path:
    word = "report" if lang is Lang.EN else "rapport"
    return Path(book).with_name(f"{Path(book).stem} - {word} {month:%Y-%m}.xlsx")


def monthly_report(
    book: str | Path,
    month: str | dt.date,
    *,
    out: str | Path | None = None,
    as_of: dt.date | None = None,
    lang: Lang | str | None = None,
    today: dt.date | None = None,
    pdf: bool = False,
    source: SheetSource | None = None,
    layout: Layout | None = None,
) -> ReportResult:
    """Write the monthly report workbook for `month` ("YYYY-MM"), as of its last day or the
    as-of date D if earlier (D as in analyse); with pdf=True also a PDF through LibreOffice."""
    a = analyse(book, as_of=as_of, lang=lang, today=today, source=source, layout=layout)
    try:
        first = month if isinstance(month, dt.date) else parse_month(month)
    except ValueError as exc:
        raise ArxlError(str(exc)) from None
    if first > a.as_of:
        raise ArxlError(
            f"{first:%Y-%m} starts after the as-of date {a.formats.date_text(a.as_of)}; choose an "
            "earlier month or give a later --as-of."
        )
    ledgers = Ledgers(a.ledger.transactions, a.ledger.clients, a.settings, a.ledger.payments)
    ledgers.use(a.key_book)
    figures = month_figures(ledgers, first, min(month_end(first), a.as_of))
    dst = Path(out) if out is not None else default_report_path(book, first, a.lang)
    if dst.resolve() == Path(book).resolve():
        raise ArxlError(f"{dst.name}: the report is a new workbook; give it another name.")
    check_not_locked(dst)
    if dst.exists() and not marked(dst, REPORT):
        raise ArxlError(
            f"{dst}: exists and is not a report arxl wrote; choose another -o (arxl never "
            "replaces your workbooks)."
        )
    write_workbook(dst, report.build(figures, a.settings, a.lang, a.formats), mark=REPORT)
    pdf_path = None
    if pdf:
        from arxl.writers.pdf import to_pdf

        pdf_path = to_pdf(dst, "en-US" if a.lang is Lang.EN else "fr-FR")
    return ReportResult(a, figures, dst, pdf_path)
