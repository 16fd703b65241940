"""A business letter on a clean A4 page (fpdf2, pure Python): no spreadsheet header or footer.

The letter arrives as data (`Letter`): the creditor block top left, the debtor block where a
window envelope shows it, "Ville, le date", the object, the body, the table of invoices, the
amounts, the payment QR code, the signature and the legal mentions in small print.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpdf import FPDF

TextFilter = Callable[[str], str]

PAGE_MARGIN = 18.0  # mm
BODY_SIZE, LINE = 9.5, 4.5  # pt, mm
WINDOW_X, WINDOW_Y = 110.0, 45.0  # debtor block: the window of a DL envelope (French norm)
QR_SIZE = 30.0  # mm: readable by a phone at arm's length
# (regular, bold) TrueType fonts tried in order: Linux, Windows, macOS
FONT_CANDIDATES: tuple[tuple[str, str], ...] = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
        "/usr/share/fonts/liberation-sans/LiberationSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",
    ),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
    (
        "/System/Library/Fonts/Supplemental/Arial.ttf",
        "/System/Library/Fonts/Supplemental/Arial Bold.ttf",
    ),
    ("/Library/Fonts/Arial.ttf", "/Library/Fonts/Arial Bold.ttf"),
)
# without a TrueType font, the PDF core font (Latin-1) and these replacements
LATIN1 = str.maketrans({"€": "EUR", "\u202f": " ", "–": "-", "—": "-", "’": "'", "…": "..."})


@dataclass(frozen=True)
class Letter:
    """What the page shows, every text already in the reader's language and formatted."""

    creditor: list[str]  # name first
    debtor: list[str]  # name first, then the address lines
    place_date: str
    subject: str
    body: list[str]  # paragraphs before the table
    columns: list[str]
    rows: list[list[str]]
    amounts: list[tuple[str, str]]  # (label, amount); the last one is the total
    after: list[str] = field(default_factory=list)  # paragraphs after the table
    mention: str = ""  # "Lettre recommandée avec accusé de réception"
    signature: list[str] = field(default_factory=list)  # the formula, then the signer
    legal: list[str] = field(default_factory=list)  # small print
    qr_png: bytes = b""
    qr_caption: str = ""
    title: str = ""


def letter_text(letter: Letter) -> str:
    """The letter as plain text, in reading order (for review and golden tests)."""
    out = [*letter.creditor, "", *letter.debtor, "", letter.place_date, ""]
    if letter.mention:
        out += [letter.mention, ""]
    out += [letter.subject, ""]
    for p in letter.body:
        out += [p, ""]
    out.append(" | ".join(letter.columns))
    out += [" | ".join(r) for r in letter.rows]
    out.append("")
    out += [f"{label} | {amount}" for label, amount in letter.amounts]
    out.append("")
    for p in letter.after:
        out += [p, ""]
    if letter.qr_png:
        out += [f"[QR] {letter.qr_caption}", ""]
    out += [*letter.signature, ""]
    out += letter.legal
    return "\n".join(out).rstrip() + "\n"


def write_letter_pdf(letter: Letter, path: Path) -> Path:
    """Render the letter to path (A4 portrait) and return it."""
    path.write_bytes(letter_pdf(letter))
    return path


def letter_pdf(letter: Letter) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
    pdf.set_auto_page_break(auto=True, margin=PAGE_MARGIN)
    pdf.set_title(letter.title or letter.subject)
    if letter.creditor:
        pdf.set_author(letter.creditor[0])
    pdf.set_creator("arxl")
    text = _fonts(pdf)
    pdf.add_page()
    width = pdf.w - 2 * PAGE_MARGIN

    # creditor, top left
    pdf.set_xy(PAGE_MARGIN, PAGE_MARGIN)
    for i, line in enumerate(letter.creditor):
        pdf.set_font(style="B" if i == 0 else "", size=11 if i == 0 else 10)
        pdf.set_x(PAGE_MARGIN)
        pdf.multi_cell(80, 5, text(line), new_x="LMARGIN", new_y="NEXT")
    bottom = pdf.get_y()
    # debtor, in the envelope window
    pdf.set_xy(WINDOW_X, WINDOW_Y)
    for i, line in enumerate(letter.debtor):
        pdf.set_font(style="B" if i == 0 else "", size=11 if i == 0 else 10)
        pdf.set_x(WINDOW_X)
        pdf.multi_cell(pdf.w - PAGE_MARGIN - WINDOW_X, 5, text(line), new_x="LEFT", new_y="NEXT")
    pdf.set_y(max(bottom, pdf.get_y()) + 6)
    pdf.set_font(style="", size=BODY_SIZE)
    pdf.cell(width, LINE, text(letter.place_date), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    if letter.mention:
        pdf.set_font(style="B", size=8.5)
        pdf.multi_cell(width, LINE, text(letter.mention), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    pdf.set_font(style="B", size=10)
    pdf.multi_cell(width, 5, text(letter.subject), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2.5)
    _paragraphs(pdf, [text(p) for p in letter.body], width)
    _table(pdf, letter, text, width)
    _paragraphs(pdf, [text(p) for p in letter.after], width)
    # the closing formula, then the payment QR code (left) beside the signer (right)
    if letter.signature:
        pdf.set_font(style="", size=BODY_SIZE)
        pdf.multi_cell(width, LINE, text(letter.signature[0]), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    block = QR_SIZE + 6 if letter.qr_png else 12
    if pdf.get_y() + block > pdf.h - PAGE_MARGIN:
        pdf.add_page()
    top = pdf.get_y()
    if letter.qr_png:
        pdf.image(io.BytesIO(letter.qr_png), x=PAGE_MARGIN, y=top, w=QR_SIZE, h=QR_SIZE)
        pdf.set_xy(PAGE_MARGIN, top + QR_SIZE)
        pdf.set_font(style="", size=7.5)
        pdf.multi_cell(QR_SIZE + 30, 3.6, text(letter.qr_caption))
    right = pdf.w - PAGE_MARGIN - WINDOW_X
    pdf.set_xy(WINDOW_X, top + 4)
    pdf.set_font(style="B", size=10)
    for line in letter.signature[1:]:
        pdf.set_x(WINDOW_X)
        pdf.multi_cell(right, 5, text(line), new_x="LEFT", new_y="NEXT")
    pdf.set_y(top + block)
    if letter.legal:
        if pdf.get_y() + 14 > pdf.h - PAGE_MARGIN:
            pdf.add_page()
        pdf.set_x(PAGE_MARGIN)
        pdf.set_draw_color(160, 160, 160)
        pdf.line(PAGE_MARGIN, pdf.get_y(), PAGE_MARGIN + width, pdf.get_y())
        pdf.ln(1.5)
        pdf.set_font(style="", size=7.5)
        pdf.set_text_color(80, 80, 80)
        for p in letter.legal:
            pdf.multi_cell(width, 3.6, text(p), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    return bytes(pdf.output())


def _fonts(pdf: FPDF) -> TextFilter:
    """Register a Unicode TrueType font when the system has one; returns the text filter."""
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file() and Path(bold).is_file():
            pdf.add_font("Letter", "", regular)
            pdf.add_font("Letter", "B", bold)
            pdf.set_font("Letter", size=10)
            return lambda s: s
    pdf.set_font("Helvetica", size=10)
    return lambda s: s.translate(LATIN1).encode("latin-1", "replace").decode("latin-1")


def _paragraphs(pdf: FPDF, paragraphs: list[str], width: float) -> None:
    pdf.set_font(style="", size=BODY_SIZE)
    for p in paragraphs:
        pdf.multi_cell(width, LINE, p, new_x="LMARGIN", new_y="NEXT", align="J")
        pdf.ln(2)


def _table(pdf: FPDF, letter: Letter, text: TextFilter, width: float) -> None:
    """The invoices (reference, dates, amounts), then the amounts block ending on the total."""
    shares = (0.25, 0.13, 0.13, 0.16, 0.16, 0.17)
    widths = [width * s for s in shares[: len(letter.columns)]]
    aligns = ["L", "C", "C", "R", "R", "R"]
    pdf.set_font(style="B", size=9)
    pdf.set_fill_color(230, 236, 244)
    pdf.set_draw_color(150, 150, 150)
    for w, label, a in zip(widths, letter.columns, aligns, strict=False):
        pdf.cell(w, 5.5, text(label), border=1, align=a, fill=True)
    pdf.ln()
    pdf.set_font(style="", size=9)
    for row in letter.rows:
        for w, value, a in zip(widths, row, aligns, strict=False):
            pdf.cell(w, 5, text(value), border=1, align=a)
        pdf.ln()
    pdf.ln(2)
    label_w, value_w = width * 0.5, width * 0.17
    for i, (label, amount) in enumerate(letter.amounts):
        last = i == len(letter.amounts) - 1
        pdf.set_font(style="B" if last else "", size=9)
        pdf.set_x(PAGE_MARGIN + width - label_w - value_w)
        pdf.cell(label_w, 5, text(label), border="T" if last else 0, fill=last)
        pdf.cell(value_w, 5, text(amount), border="T" if last else 0, align="R", fill=last)
        pdf.ln()
    pdf.ln(3)
