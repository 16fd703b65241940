"""Invoice trackers in the shapes owners really have, built with XlsxWriter.

Each builder writes one workbook and returns its path. The same shapes are pictured in
docs/layouts.md (`python tests/helpers/layouts.py OUTDIR` writes them all).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

import xlsxwriter

D = dt.datetime


def _formats(wb: xlsxwriter.Workbook) -> dict[str, object]:
    return {
        "date": wb.add_format({"num_format": "dd/mm/yyyy"}),
        "money": wb.add_format({"num_format": '#,##0.00 "€"'}),
        "title": wb.add_format({"bold": True, "font_size": 16}),
        "bold": wb.add_format({"bold": True}),
    }


def _write_rows(ws, first_row: int, first_col: int, rows: Sequence[Sequence[object]], f) -> None:
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            r, c = first_row + i, first_col + j
            if isinstance(v, dt.datetime):
                ws.write_datetime(r, c, v, f["date"])
            elif v is None:
                continue
            elif isinstance(v, str) and v.startswith("="):
                ws.write_formula(r, c, v, None, "")  # no stored value, like a script's file
            else:
                ws.write(r, c, v)


# 1. One invoice sheet in an Excel table under a title and a parameter block, client names only
TRACKER_HEADERS = [
    "Invoice number",
    "Client",
    "date de facture",
    "Date d'échéance",
    "montant TTC ",
    "statut de la facture",
    "Date de règlement",
    "Reste à payer",
]
TRACKER_ROWS = [
    ["F-001", "Dupont SARL", D(2026, 8, 1), D(2026, 8, 31), 1000, "Payée", D(2026, 8, 20), 0],
    [
        "F-002",
        "  dupont  SARL ",
        D(2026, 9, 1),
        D(2026, 10, 1),
        "1 500,00 €",
        "Envoyée",
        None,
        1500,
    ],
    ["F-003", "Martin & Fils", "05/10/2026", None, "(200,00)", "Facturée", None, None],
    ["F-004", "Éts Lefèvre", D(2026, 7, 1), D(2026, 7, 31), 800, "Sent", None, 300],
    ["F-005", "ÉTS LEFÈVRE", D(2026, 10, 20), None, 450.5, "Created", None, None],
    ["F-006", "Martin & Fils", "15/09/2026", "15/10/2026", "2 000", "Paid", "30/10/2026", None],
]


def excel_table_tracker(path: Path) -> Path:
    """Title, logo-like shape, TODAY(), an as-of date and a rate above an Excel table at B7."""
    wb = xlsxwriter.Workbook(path)
    f = _formats(wb)
    ws = wb.add_worksheet("Suivi factures 2026")
    ws.write("B2", "Suivi des factures clients", f["title"])
    ws.insert_textbox("G1", "LOGO", {"width": 120, "height": 40})
    ws.write("B3", "Imprimé le")
    ws.write_formula("C3", "=TODAY()", f["date"], 46300)
    ws.write("B4", "Date d'analyse")
    ws.write_datetime("C4", D(2026, 10, 31), f["date"])
    ws.write("B5", "Taux pénalités")
    ws.write("C5", 0.1215)
    ws.add_table(
        f"B7:I{7 + len(TRACKER_ROWS)}",
        {
            "name": "Factures",
            "columns": [{"header": h} for h in TRACKER_HEADERS],
            "data": [[None] * len(TRACKER_HEADERS)] * len(TRACKER_ROWS),
        },
    )
    _write_rows(ws, 7, 1, TRACKER_ROWS, f)
    ws.set_column("B:I", 17)
    wb.close()
    return path


# 2. Header off A1 with title and totals rows, a hidden column, a duplicate header, no table
PLAIN_HEADERS = [
    "N° facture",
    "Nom du client",
    "Date",
    "Due by",
    "Montant",
    "Montant",
    "Statut",
    "Notes internes",
]
PLAIN_ROWS = [
    ["A1", "Alpha", D(2026, 9, 1), D(2026, 9, 30), 100, 999, "Created", "x"],
    ["A2", "Beta", "12/09/2026", "13/10/2026", "250,50", 999, "Sent", ""],
    ["A3", "Alpha", D(2026, 10, 2), None, 300, 999, "", ""],
    ["A4", "Beta", D(2026, 10, 1), None, "=G7*2", 999, "Envoyée", ""],
]


def header_off_a1(path: Path, *, date1904: bool = False) -> Path:
    """Header on row 6 from column C, a totals row above and below, formula without value."""
    wb = xlsxwriter.Workbook(path, {"date_1904": date1904})
    f = _formats(wb)
    ws = wb.add_worksheet("Feuil1")
    ws.write("C2", "Mes factures", f["title"])
    ws.write("C4", "Total")
    ws.write_formula("G4", "=SUM(G7:G10)", f["money"], 650.5)
    ws.write_row("C6", PLAIN_HEADERS, f["bold"])
    _write_rows(ws, 6, 2, PLAIN_ROWS, f)
    ws.write("C12", "Total général")
    ws.write_formula("G12", "=SUM(G7:G10)", f["money"], 650.5)
    ws.set_column("C:J", 14)
    ws.set_column("J:J", 14, None, {"hidden": True})
    wb.close()
    return path


# 3. English tracker with a text-date column in m/d/yyyy and amounts as text with signs
ENGLISH_HEADERS = [
    "Invoice #",
    "Customer",
    "Invoice Date",
    "Due Date",
    "Amount",
    "Amount Paid",
    "Date Paid",
    "Status",
]
ENGLISH_ROWS = [
    ["INV-1", "Acme Ltd", "9/15/2026", "10/15/2026", "$1,200.00", "$200.00", None, "Sent"],
    ["INV-2", "Globex", "9/28/2026", "10/28/2026", "-$50.00", None, None, "Created"],
    ["INV-3", "Acme Ltd", "10/2/2026", "11/1/2026", "980", "980", "10/20/2026", "Paid"],
]


def english_tracker(path: Path) -> Path:
    wb = xlsxwriter.Workbook(path)
    f = _formats(wb)
    ws = wb.add_worksheet("Invoices")
    ws.write_row(0, 0, ENGLISH_HEADERS, f["bold"])
    _write_rows(ws, 1, 0, ENGLISH_ROWS, f)
    wb.close()
    return path


# 4. Clients with ids in one sheet, invoices naming the clients in another
def names_and_clients_sheet(path: Path, *, with_ids: bool = True) -> Path:
    wb = xlsxwriter.Workbook(path)
    f = _formats(wb)
    cl = wb.add_worksheet("Liste clients")
    header = (
        ["Code client", "Raison sociale", "Délai de paiement"]
        if with_ids
        else [
            "Raison sociale",
            "Délai de paiement",
        ]
    )
    cl.write_row(0, 0, header, f["bold"])
    clients = [["C001", "Dupont SARL", 45], ["C002", "Martin & Fils", 60]]
    for i, row in enumerate(clients):
        cl.write_row(1 + i, 0, row if with_ids else row[1:])
    tx = wb.add_worksheet("Factures")
    tx.write_row(0, 0, ["Date", "Client", "N° facture", "Montant TTC"], f["bold"])
    rows = [
        [D(2026, 9, 1), "dupont sarl", "F1", 100],
        [D(2026, 9, 1), "MARTIN & FILS", "F2", 200],
        [D(2026, 9, 1), "Inconnu SA", "F3", 300],
    ]
    _write_rows(tx, 1, 0, rows, f)
    wb.close()
    return path


def clients_elsewhere(folder: Path) -> tuple[Path, Path]:
    """Invoices with client ids in one workbook, the clients in another."""
    inv = xlsxwriter.Workbook(folder / "factures.xlsx")
    f = _formats(inv)
    ws = inv.add_worksheet("Factures")
    ws.write_row(0, 0, ["Date", "ID Client", "N° facture", "Montant"])
    _write_rows(
        ws, 1, 0, [[D(2026, 9, 1), "0042", "F1", 100], [D(2026, 9, 2), "0043", "F2", 50]], f
    )
    inv.close()
    cl = xlsxwriter.Workbook(folder / "clients.xlsx")
    ws = cl.add_worksheet("Clients")
    ws.write_row(0, 0, ["ID Client", "Nom", "Délai de paiement (jours)"])
    ws.write_string(1, 0, "0042")
    ws.write_row(1, 1, ["Quarante-Deux SAS", 10])
    cl.close()
    return folder / "factures.xlsx", folder / "clients.xlsx"


def unusual_headers(path: Path, *, settings_map: str | None = None) -> Path:
    """Headers no synonym knows; optionally the mapping in a Paramètres sheet."""
    wb = xlsxwriter.Workbook(path)
    f = _formats(wb)
    ws = wb.add_worksheet("Ventes")
    ws.write_row(0, 0, ["Quand", "Qui", "Pièce n°", "Combien", "Payable le"])
    _write_rows(ws, 1, 0, [[D(2026, 9, 1), "Zeta", "V1", 120, D(2026, 9, 10)]], f)
    if settings_map is not None:
        ps = wb.add_worksheet("Paramètres")
        ps.write_row(0, 0, ["Paramètre", "Valeur"])
        ps.write_row(1, 0, ["Correspondance des colonnes", settings_map])
    wb.close()
    return path


def two_invoice_sheets(path: Path) -> Path:
    wb = xlsxwriter.Workbook(path)
    f = _formats(wb)
    for name, amount in (("Ventes 2025", 10), ("Ventes 2026", 20)):
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, ["Date", "Client", "N° facture", "Montant"])
        _write_rows(ws, 1, 0, [[D(2026, 1, 1), "A", f"{name}-1", amount]], f)
    wb.close()
    return path


def huge_dimension(src: Path, dst: Path) -> Path:
    """The same workbook with every sheet declaring A1:XFD1048576 and styled empty rows."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                text = data.decode("utf-8")
                text = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', text)
                empty = "".join(f'<row r="{r}" s="1" customFormat="1"/>' for r in (5000, 90000))
                text = text.replace("</sheetData>", empty + "</sheetData>")
                data = text.encode("utf-8")
            zout.writestr(info, data)
    return dst


SHAPES = {
    "excel-table": excel_table_tracker,
    "header-off-a1": header_off_a1,
    "english": english_tracker,
    "names-and-clients": names_and_clients_sheet,
}


if __name__ == "__main__":  # write every shape into a folder (for docs/layouts.md)
    out = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp())
    out.mkdir(parents=True, exist_ok=True)
    for name, build in SHAPES.items():
        build(out / f"{name}.xlsx")
    header_off_a1(out / "dates-1904.xlsx", date1904=True)
    unusual_headers(out / "unusual-headers.xlsx")
    clients_elsewhere(out)  # factures.xlsx and clients.xlsx
    print(out)
