"""A realistic, fully decorated owner workbook for the preservation tests.

``make_decorated_workbook`` writes, in the seed layout (sheets ``Clients`` and
``Transactions``), a workbook holding every kind of object an owner may have, so that a test can
check arxl leaves all of it alone:

- ``Clients``: header row, 5 clients, ``mailto:`` hyperlinks on the emails, a cell note, a merged
  note row (A10:F10), a whole-number data validation on the payment terms, frozen header,
  header/footer;
- ``Transactions``: an Excel table (``Factures``) at A1 over 20 invoices of 2026 (real dates),
  a status dropdown (list validation drawing on the hidden ``Listes`` sheet), a conditional
  format (so ``styles.xml`` has a ``dxf``), print setup;
- ``Notes``: a native column chart, a PNG image (made by hand, no Pillow), a text box, a note,
  merged title cells, an external hyperlink and an internal one, tab colour, print area;
  in the ``.xlsm`` also a form button running the ``RefreshArxl`` macro;
- ``Pivot``: a pivot table (amount by client over ``Notes!A3:B8``) added by zip surgery after
  XlsxWriter, since XlsxWriter cannot write pivot tables;
- ``Listes``: a hidden sheet with the status list (then any ``owner_sheets`` asked for);
- defined names: ``Taux`` (a constant), ``Liste_Clients`` (a range), ``Notes!Total_Notes``
  (sheet-scoped), plus the ``_xlnm.Print_Area`` XlsxWriter writes;
- custom document properties (``docProps/custom.xml``);
- with ``macro=True``: ``xl/vbaProject.bin`` (a genuine, minimal VBA project built by
  :mod:`tests.helpers.vbaproject`) and code names on the workbook and sheets.

The output is deterministic: the same call gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import xlsxwriter

from tests.helpers.vbaproject import build_vba_project
from tests.helpers.zipparts import sheet_parts

CREATED = dt.datetime(2026, 1, 5, 9, 30, 0, tzinfo=dt.UTC)

CLIENTS = [
    (1, "Dupont SARL", "123 Rue A", "0123456789", "dupont@example.com", 30),
    (2, "Martin & Fils", "45 Avenue B", "0234567891", "contact@martin-fils.example.com", 45),
    (3, "Boulangerie Lefèvre", "7 Place C", "0345678912", "lefevre@example.com", 30),
    (4, "Garage Moreau", "89 Route D", "0456789123", "moreau.garage@example.com", 60),
    (5, "Cabinet Roux", "12 Impasse E", "0567891234", "roux@example.com", 15),
]

STATUSES = ["Payé", "En attente", "En retard", "Litige"]

# (date, client id, description, amount, status, remark)
TRANSACTIONS = [
    (dt.date(2026, 1, 8), 1, "Facture F2026-001", 1200.00, "Payé", ""),
    (dt.date(2026, 1, 15), 2, "Facture F2026-002", 850.50, "Payé", "Réglé par virement"),
    (dt.date(2026, 1, 22), 3, "Facture F2026-003", 430.00, "En retard", "Relancé le 2026-03-01"),
    (dt.date(2026, 2, 3), 4, "Facture F2026-004", 2310.75, "Payé", ""),
    (dt.date(2026, 2, 10), 5, "Facture F2026-005", 199.99, "En attente", ""),
    (dt.date(2026, 2, 18), 1, "Facture F2026-006", 980.00, "Litige", "Quantité contestée"),
    (dt.date(2026, 2, 25), 2, "Facture F2026-007", 1500.00, "En retard", ""),
    (dt.date(2026, 3, 4), 3, "Facture F2026-008", 275.40, "Payé", ""),
    (dt.date(2026, 3, 12), 4, "Facture F2026-009", 3120.00, "En attente", "Acompte reçu"),
    (dt.date(2026, 3, 20), 5, "Facture F2026-010", 640.00, "En retard", ""),
    (dt.date(2026, 3, 27), 1, "Facture F2026-011", 1875.25, "Payé", ""),
    (dt.date(2026, 4, 6), 2, "Facture F2026-012", 720.00, "En attente", ""),
    (dt.date(2026, 4, 14), 3, "Facture F2026-013", 95.00, "Payé", "Petit montant"),
    (dt.date(2026, 4, 22), 4, "Facture F2026-014", 1430.60, "En retard", ""),
    (dt.date(2026, 5, 2), 5, "Facture F2026-015", 560.00, "En attente", ""),
    (dt.date(2026, 5, 11), 1, "Facture F2026-016", 2200.00, "En attente", ""),
    (dt.date(2026, 5, 19), 2, "Facture F2026-017", 330.30, "Litige", "Livraison incomplète"),
    (dt.date(2026, 5, 28), 3, "Facture F2026-018", 812.00, "En attente", ""),
    (dt.date(2026, 6, 9), 4, "Facture F2026-019", 1099.00, "En attente", ""),
    (dt.date(2026, 6, 20), 5, "Facture F2026-020", 415.80, "En attente", ""),
]

# Amount by client on the Notes sheet (A3:B8): the chart's and the pivot table's source.
# Alphabetical, so the pivot cache's item order, its display order and the sheet agree.
NOTES_TOTALS = [
    ("Boulangerie Lefèvre", 1600.0),
    ("Cabinet Roux", 1800.0),
    ("Dupont SARL", 6200.0),
    ("Garage Moreau", 7900.0),
    ("Martin & Fils", 3400.0),
]

# ---------------------------------------------------------------------------------------------
# A small PNG, by hand
# ---------------------------------------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def make_png(width: int = 160, height: int = 64) -> bytes:
    """An RGB PNG logo: a blue band, a white 'A/R'-ish bar pattern and an orange stripe."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            if y >= height - 10:
                pixel = (240, 140, 30)  # orange stripe
            elif 14 <= y < height - 20 and (x // 12) % 2 == 0 and 20 <= x < width - 20:
                pixel = (255, 255, 255)  # white bars
            else:
                pixel = (31, 78, 121)  # dark blue
            rows += bytes(pixel)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _png_chunk(b"IEND", b"")
    )


# ---------------------------------------------------------------------------------------------
# The XlsxWriter part
# ---------------------------------------------------------------------------------------------


def _write_with_xlsxwriter(macro: bool, owner_sheets: tuple[str, ...]) -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    wb.set_properties(
        {
            "title": "Suivi clients",
            "author": "Propriétaire",
            "company": "Atelier Exemple",
            "created": CREATED,
        }
    )
    wb.set_custom_property("Service", "Comptabilité")
    wb.set_custom_property("Version modèle", 3)

    header = wb.add_format({"bold": True, "bg_color": "#1F4E79", "font_color": "#FFFFFF"})
    money = wb.add_format({"num_format": "#,##0.00 €"})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    note = wb.add_format({"italic": True, "font_color": "#7F7F7F", "text_wrap": True})
    title = wb.add_format(
        {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter", "border": 1}
    )
    link = wb.add_format({"font_color": "blue", "underline": 1})
    late = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})

    clients = wb.add_worksheet("Clients")
    transactions = wb.add_worksheet("Transactions")
    notes = wb.add_worksheet("Notes")
    pivot = wb.add_worksheet("Pivot")
    lists = wb.add_worksheet("Listes")
    for name in owner_sheets:
        own = wb.add_worksheet(name)
        own.write_string(0, 0, f"Feuille « {name} » tenue à la main par le propriétaire")
        own.write_row(2, 0, ["Client", "À rappeler le"], header)
        own.write_row(3, 0, ["Dupont SARL", "lundi"])

    # -- Clients -------------------------------------------------------------------------------
    headers = [
        "ID Client",
        "Nom",
        "Adresse",
        "Téléphone",
        "Email",
        "Délai de paiement (jours)",
    ]
    clients.write_row(0, 0, headers, header)
    for row, (cid, name, address, phone, email, terms) in enumerate(CLIENTS, start=1):
        clients.write_number(row, 0, cid)
        clients.write_string(row, 1, name)
        clients.write_string(row, 2, address)
        clients.write_string(row, 3, phone)
        clients.write_url(row, 4, f"mailto:{email}", link, string=email, tip="Écrire au client")
        clients.write_number(row, 5, terms)
    clients.set_column("A:A", 10)
    clients.set_column("B:C", 22)
    clients.set_column("D:D", 14)
    clients.set_column("E:E", 32)
    clients.set_column("F:F", 24)
    clients.freeze_panes(1, 0)
    clients.write_comment("B2", "Client historique depuis 2015.", {"author": "Propriétaire"})
    clients.merge_range(
        "A10:F10",
        "Note : les délais de paiement sont ceux des contrats signés en 2025.",
        note,
    )
    clients.set_row(9, 30)
    clients.data_validation(
        "F2:F200",
        {
            "validate": "integer",
            "criteria": "between",
            "minimum": 0,
            "maximum": 120,
            "input_title": "Délai",
            "input_message": "Nombre de jours (0 à 120)",
            "error_title": "Délai invalide",
            "error_message": "Entrez un nombre de jours entre 0 et 120.",
        },
    )
    clients.set_header('&L&"Calibri,Bold"Clients&RImprimé le &D')
    clients.set_footer("&CPage &P sur &N")
    clients.set_landscape()
    clients.fit_to_pages(1, 0)

    # -- Transactions: an Excel table at A1 ---------------------------------------------------
    data = [
        [d, cid, desc, amount, status, remark]
        for d, cid, desc, amount, status, remark in TRANSACTIONS
    ]
    last_row = len(data)  # header at row 0
    transactions.add_table(
        0,
        0,
        last_row,
        5,
        {
            "name": "Factures",
            "style": "Table Style Medium 2",
            "data": data,
            "columns": [
                {"header": "Date", "format": date},
                {"header": "ID Client"},
                {"header": "Description"},
                {"header": "Montant", "format": money},
                {"header": "Statut"},
                {"header": "Remarques"},
            ],
        },
    )
    transactions.set_column("A:A", 12)
    transactions.set_column("B:B", 10)
    transactions.set_column("C:C", 22)
    transactions.set_column("D:D", 14)
    transactions.set_column("E:E", 12)
    transactions.set_column("F:F", 28)
    transactions.freeze_panes(1, 0)
    transactions.data_validation(
        f"E2:E{last_row + 1}",
        {
            "validate": "list",
            "source": f"=Listes!$A$1:$A${len(STATUSES)}",
            "error_message": "Choisissez un statut dans la liste.",
        },
    )
    transactions.conditional_format(
        f"E2:E{last_row + 1}",
        {"type": "cell", "criteria": "equal to", "value": '"En retard"', "format": late},
    )
    transactions.set_landscape()
    transactions.fit_to_pages(1, 0)
    transactions.repeat_rows(0)

    # -- Notes: chart, image, text box, note, merged title, links ----------------------------
    notes.set_tab_color("#F08C1E")
    notes.merge_range("A1:D1", "Notes du propriétaire", title)
    notes.set_row(0, 28)
    notes.write_row(2, 0, ["Client", "Montant"], header)
    for row, (client, amount) in enumerate(NOTES_TOTALS, start=3):
        notes.write_string(row, 0, client)
        notes.write_number(row, 1, amount, money)
    total_row = 3 + len(NOTES_TOTALS)  # row 9 in A1 terms
    notes.write_string(total_row, 0, "Total")
    notes.write_formula(total_row, 1, "=SUM(B4:B8)", money, int(sum(a for _, a in NOTES_TOTALS)))
    notes.set_column("A:A", 22)
    notes.set_column("B:B", 14)
    notes.write_comment("A4", "Montants arrondis à la centaine.", {"author": "Propriétaire"})
    notes.write_url("A12", "https://example.com/conditions-generales", link,
                    string="Conditions générales")  # fmt: skip
    notes.write_url("A13", "internal:'Clients'!A1", link, string="Aller à la liste des clients")
    notes.merge_range("A15:D16", "Relancer les clients en retard chaque lundi.", note)

    chart = wb.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": "Montant",
            "categories": ["Notes", 3, 0, 2 + len(NOTES_TOTALS), 0],
            "values": ["Notes", 3, 1, 2 + len(NOTES_TOTALS), 1],
            "fill": {"color": "#1F4E79"},
            "data_labels": {"value": True},
        }
    )
    chart.set_title({"name": "Montant facturé par client"})
    chart.set_legend({"none": True})
    chart.set_size({"width": 480, "height": 288})
    notes.insert_chart("F3", chart)
    notes.insert_image(
        "F19",
        "logo.png",
        {"image_data": io.BytesIO(make_png()), "description": "Logo de l'atelier"},
    )
    notes.insert_textbox(
        "A18",
        "Mémo : vérifier les litiges avant la fin du mois.",
        {"width": 300, "height": 60, "fill": {"color": "#FFF2CC"}},
    )
    notes.print_area("A1:M30")
    notes.set_landscape()
    notes.fit_to_pages(1, 1)
    if macro:
        notes.insert_button(
            "K20",
            {"macro": "RefreshArxl", "caption": "Actualiser", "width": 110, "height": 30},
        )

    # -- Pivot: the cells of a rendered pivot table; the table itself comes after ------------
    pivot.write_string(0, 0, "Tableau croisé : montant par client", wb.add_format({"bold": True}))
    pivot.write_row(2, 0, ["Étiquettes de lignes", "Somme de Montant"])
    for row, (client, amount) in enumerate(NOTES_TOTALS, start=3):
        pivot.write_string(row, 0, client)
        pivot.write_number(row, 1, amount)
    pivot.write_string(3 + len(NOTES_TOTALS), 0, "Total général")
    pivot.write_number(3 + len(NOTES_TOTALS), 1, sum(a for _, a in NOTES_TOTALS))
    pivot.set_column("A:A", 24)
    pivot.set_column("B:B", 18)

    # -- Listes: hidden helper sheet -----------------------------------------------------------
    lists.write_column(0, 0, STATUSES)
    lists.hide()

    # -- Workbook-level names ------------------------------------------------------------------
    wb.define_name("Taux", "=0.1")
    wb.define_name("Liste_Clients", f"=Clients!$B$2:$B${len(CLIENTS) + 1}")
    wb.define_name("Notes!Total_Notes", f"=Notes!$B${total_row + 1}")

    if macro:
        codenames = [f"Feuil{i}" for i, _ in enumerate(wb.worksheets(), start=1)]
        wb.add_vba_project(io.BytesIO(build_vba_project(codenames)), is_stream=True)
        wb.set_vba_name("ThisWorkbook")
        for ws, codename in zip(wb.worksheets(), codenames, strict=True):
            ws.set_vba_name(codename)

    clients.activate()
    wb.close()
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# The pivot table, by zip surgery
# ---------------------------------------------------------------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_BASE = "application/vnd.openxmlformats-officedocument.spreadsheetml"

CACHE_DEF = "xl/pivotCache/pivotCacheDefinition1.xml"
CACHE_DEF_RELS = "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels"
CACHE_RECORDS = "xl/pivotCache/pivotCacheRecords1.xml"
PIVOT_TABLE = "xl/pivotTables/pivotTable1.xml"
PIVOT_TABLE_RELS = "xl/pivotTables/_rels/pivotTable1.xml.rels"

_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def _pivot_parts() -> dict[str, str]:
    n = len(NOTES_TOTALS)
    amounts = [a for _, a in NOTES_TOTALS]
    shared = "".join(f'<s v="{_esc(c)}"/>' for c, _ in NOTES_TOTALS)
    cache_def = (
        f'{_DECL}<pivotCacheDefinition xmlns="{_MAIN}" xmlns:r="{_REL}" r:id="rId1"'
        ' refreshedBy="Propriétaire" refreshedDate="46027.395833333336" createdVersion="6"'
        f' refreshedVersion="6" minRefreshableVersion="3" recordCount="{n}">'
        f'<cacheSource type="worksheet"><worksheetSource ref="A3:B{3 + n}" sheet="Notes"/>'
        '</cacheSource><cacheFields count="2">'
        f'<cacheField name="Client" numFmtId="0"><sharedItems count="{n}">{shared}'
        "</sharedItems></cacheField>"
        '<cacheField name="Montant" numFmtId="0"><sharedItems containsSemiMixedTypes="0"'
        ' containsString="0" containsNumber="1" containsInteger="1"'
        f' minValue="{min(amounts):g}" maxValue="{max(amounts):g}"/></cacheField>'
        "</cacheFields></pivotCacheDefinition>"
    )
    records = "".join(f'<r><x v="{i}"/><n v="{a:g}"/></r>' for i, a in enumerate(amounts))
    cache_records = (
        f'{_DECL}<pivotCacheRecords xmlns="{_MAIN}" xmlns:r="{_REL}" count="{n}">'
        f"{records}</pivotCacheRecords>"
    )
    items = "".join(f'<item x="{i}"/>' for i in range(n))
    row_items = "<i><x/></i>" + "".join(f'<i><x v="{i}"/></i>' for i in range(1, n))
    table = (
        f'{_DECL}<pivotTableDefinition xmlns="{_MAIN}" name="TCD_Montants" cacheId="1"'
        ' applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0"'
        ' applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1"'
        ' dataCaption="Valeurs" updatedVersion="6" minRefreshableVersion="3"'
        ' useAutoFormatting="1" itemPrintTitles="1" createdVersion="6" indent="0"'
        ' outline="1" outlineData="1" multipleFieldFilters="0">'
        f'<location ref="A3:B{4 + n}" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/>'
        '<pivotFields count="2">'
        f'<pivotField axis="axisRow" showAll="0"><items count="{n + 1}">{items}'
        '<item t="default"/></items></pivotField>'
        '<pivotField dataField="1" showAll="0"/></pivotFields>'
        '<rowFields count="1"><field x="0"/></rowFields>'
        f'<rowItems count="{n + 1}">{row_items}<i t="grand"><x/></i></rowItems>'
        '<colItems count="1"><i/></colItems>'
        '<dataFields count="1"><dataField name="Somme de Montant" fld="1" baseField="0"'
        ' baseItem="0"/></dataFields>'
        '<pivotTableStyleInfo name="PivotStyleLight16" showRowHeaders="1" showColHeaders="1"'
        ' showRowStripes="0" showColStripes="0" showLastColumn="1"/>'
        "</pivotTableDefinition>"
    )
    cache_def_rels = (
        f'{_DECL}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1"'
        f' Type="{_REL}/pivotCacheRecords" Target="pivotCacheRecords1.xml"/></Relationships>'
    )
    table_rels = (
        f'{_DECL}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1"'
        f' Type="{_REL}/pivotCacheDefinition" Target="../pivotCache/pivotCacheDefinition1.xml"/>'
        "</Relationships>"
    )
    return {
        CACHE_DEF: cache_def,
        CACHE_DEF_RELS: cache_def_rels,
        CACHE_RECORDS: cache_records,
        PIVOT_TABLE: table,
        PIVOT_TABLE_RELS: table_rels,
    }


def _next_rid(rels_xml: str) -> str:
    used = [int(n) for n in re.findall(r'Id="rId(\d+)"', rels_xml)]
    return f"rId{max(used, default=0) + 1}"


def _add_pivot_table(parts: dict[str, bytes]) -> dict[str, bytes]:
    parts = dict(parts)
    for name, text in _pivot_parts().items():
        parts[name] = text.encode("utf-8")

    # Workbook: relationship to the cache definition and <pivotCaches> after <calcPr>.
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rid = _next_rid(rels)
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="{rid}" Type="{_REL}/pivotCacheDefinition"'
        ' Target="pivotCache/pivotCacheDefinition1.xml"/></Relationships>',
    )
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    workbook = parts["xl/workbook.xml"].decode()
    calc = re.search(r"<calcPr[^>]*/>", workbook)
    pivot_caches = f'<pivotCaches><pivotCache cacheId="1" r:id="{rid}"/></pivotCaches>'
    workbook = workbook[: calc.end()] + pivot_caches + workbook[calc.end() :]
    parts["xl/workbook.xml"] = workbook.encode()

    # The Pivot sheet: relationship to the pivot table (XlsxWriter wrote no rels for it).
    sheet = sheet_parts(parts)["Pivot"]
    folder, base = sheet.rsplit("/", 1)
    sheet_rels = f"{folder}/_rels/{base}.rels"
    if sheet_rels in parts:
        raise AssertionError(f"{sheet_rels} already exists; expected the Pivot sheet to have none")
    parts[sheet_rels] = (
        f'{_DECL}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1"'
        f' Type="{_REL}/pivotTable" Target="../pivotTables/pivotTable1.xml"/></Relationships>'
    ).encode()

    # Content types.
    types = parts["[Content_Types].xml"].decode()
    overrides = "".join(
        f'<Override PartName="/{name}" ContentType="{_CT_BASE}.{kind}+xml"/>'
        for name, kind in (
            (CACHE_DEF, "pivotCacheDefinition"),
            (CACHE_RECORDS, "pivotCacheRecords"),
            (PIVOT_TABLE, "pivotTable"),
        )
    )
    parts["[Content_Types].xml"] = types.replace("</Types>", overrides + "</Types>").encode()
    return parts


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def _zip(parts: dict[str, bytes], order: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, parts[name])
    return buffer.getvalue()


def make_decorated_workbook(
    path: Path, *, macro: bool = False, owner_sheets: tuple[str, ...] = ()
) -> Path:
    """Write the decorated owner workbook to ``path`` (``.xlsm`` when ``macro``) and return it.

    ``owner_sheets`` adds, after the others, plain sheets of the owner with those names (e.g.
    ``("Suivi",)`` for an owner's own sheet that happens to carry an arxl sheet name).
    """
    path = Path(path)
    expected = ".xlsm" if macro else ".xlsx"
    if path.suffix.lower() != expected:
        raise ValueError(f"{path}: a {'macro' if macro else 'plain'} workbook needs {expected}")
    raw = _write_with_xlsxwriter(macro, tuple(owner_sheets))
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        order = archive.namelist()
        parts = {name: archive.read(name) for name in order}
    parts = _add_pivot_table(parts)
    order = ["[Content_Types].xml"] + [n for n in order if n != "[Content_Types].xml"]
    order += sorted(set(parts) - set(order))
    path.write_bytes(_zip(parts, order))
    return path
