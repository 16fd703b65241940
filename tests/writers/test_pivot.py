"""The Tableau croisé: a native PivotTable (cache definition, records, table) over Suivi that
the ECMA schema accepts, openpyxl and LibreOffice open, with the totals of Balance âgée."""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pytest
from conftest import make_workbook, sheet_values
from lxml import etree

from arxl.api.analysis import analyse
from arxl.ooxml.opc import rels_name
from arxl.reports import followup, pivot
from arxl.sheets.spec import Column, Kind, SheetSpec, as_list
from arxl.vocab import Lang, bucket_codes, bucket_labels
from arxl.writers import pivot as pivot_writer
from arxl.writers.graft import write_sheets
from arxl.writers.pivotcache import (
    _cell_values,
    build_cache,
    definition_xml,
    number_texts,
    records_chunks,
)
from tests.helpers.decorated import make_decorated_workbook
from tests.helpers.libreoffice import convert, needs_soffice
from tests.helpers.zipparts import sheet_parts

AS_OF = dt.date(2023, 6, 30)
CLIENTS = [
    [1, "Dupont SARL", "1 Rue A", "0100000000", "a@example.com"],
    [2, "Martin & Fils", "2 Rue B", "0200000000", "b@example.com"],
    [3, "Éclair & Cie", "3 Rue C", "0300000000", "c@example.com"],
    [4, "atelier Bleu", "4 Rue D", "0400000000", "d@example.com"],
]
# date, client, invoice, amount, status, remark, due, paid on, amount paid
D = dt.date
INVOICES = [
    [D(2023, 1, 10), 1, "F-001", 1000, "Payé", "", D(2023, 2, 10), D(2023, 2, 9), 1000],
    [dt.date(2023, 2, 1), 1, "F-002", 1250.5, "En attente", "", dt.date(2023, 3, 3), None, None],
    [dt.date(2023, 5, 20), 1, "F-003", 400, "En attente", "", dt.date(2023, 6, 19), None, None],
    [dt.date(2023, 6, 1), 2, "F-004", 730.25, "En attente", "", dt.date(2023, 7, 1), None, None],
    [dt.date(2023, 3, 1), 2, "F-005", 900, "Litige", "", dt.date(2023, 3, 31), None, None],
    [dt.date(2023, 4, 15), 3, "F-006", 2000, "En attente", "", dt.date(2023, 5, 15), None, 500],
    [dt.date(2023, 6, 10), 4, "F-007", 99.99, "En attente", "", dt.date(2023, 7, 10), None, None],
    [D(2023, 1, 5), 4, "F-008", 300, "Payé", "", D(2023, 2, 5), D(2023, 2, 1), 300],
]  # fmt: skip
# The ECMA-376 transitional schemas (Part 4, the same set as ISO/IEC 29500-4:2016: sml.xsd and
# the files it imports) and the OPC ones (opc-relationships.xsd, opc-contentTypes.xsd), in one
# folder; not shipped with arxl.
XSD = Path(os.environ.get("ARXL_OOXML_XSD", "/tmp/ooxml-xsd")) / "sml.xsd"
needs_xsd = pytest.mark.skipif(
    not XSD.exists(),
    reason=f"the ECMA-376 transitional schemas (sml.xsd and its imports, opc-relationships.xsd,"
    f" opc-contentTypes.xsd) are not in {XSD.parent} (set ARXL_OOXML_XSD)",
)


def _book(tmp_path: Path, invoices=INVOICES, **kwargs) -> Path:
    return make_workbook(tmp_path / "book.xlsx", clients=CLIENTS, transactions=invoices, **kwargs)


def _write(book: Path, out: Path, lang: Lang = Lang.FR, names=None):
    """Suivi and its PivotTable written into `book` as `out`; the analysis."""
    a = analyse(book, as_of=AS_OF, lang=lang)
    suivi = followup.build(a.items, a.settings, a.as_of, a.lang)
    table = pivot.build(suivi, a.settings, a.as_of, a.lang)
    result = write_sheets(book, out, [suivi, table], names=names)
    return a, result


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _pivot_cells(path: Path, sheet: str) -> dict[str, dict[str, float]]:
    """The table's cells as {row label: {column label: value}}, from its header row down."""
    rows = sheet_values(path, sheet)
    top = next(i for i, r in enumerate(rows) if r and r[0] in ("Client", "Row Labels")) + 0
    header = rows[top]
    out: dict[str, dict[str, float]] = {}
    for row in rows[top + 1 :]:
        if not row or row[0] in ("", None):
            break
        out[str(row[0])] = {str(h): v for h, v in zip(header[1:], row[1:], strict=False) if v != ""}
    return out


def _aged(a, lang: Lang = Lang.FR) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Balance âgée's open invoices by client name and bucket label, and by bucket."""
    bounds = a.settings.bucket_bounds
    labels = dict(zip(bucket_codes(bounds), bucket_labels(bounds, lang), strict=True))
    by_client = {
        row["client_name"]: {labels[c]: row[c] for c in labels if row[c]}
        for row in a.aged.to_dict("records")
    }
    totals = {labels[c]: round(float(a.aged[c].sum()), 2) for c in labels if a.aged[c].sum()}
    return by_client, totals


def test_the_cells_are_the_aged_balance(tmp_path: Path) -> None:
    a, result = _write(_book(tmp_path), tmp_path / "out.xlsx")
    assert result.sheets == {"followup": "Suivi", "pivot": "Tableau croisé"}
    cells = _pivot_cells(tmp_path / "out.xlsx", "Tableau croisé")
    by_client, totals = _aged(a)
    grand = cells.pop("Total général")
    assert {
        name: {k: v for k, v in row.items() if k != "Total général"} for name, row in cells.items()
    } == by_client
    assert {k: v for k, v in grand.items() if k != "Total général"} == totals
    assert grand["Total général"] == pytest.approx(float(a.aged["gross"].sum()))
    # sorted as Excel sorts (accents and case ignored); the paid-only clients are not shown
    assert list(cells) == ["atelier Bleu", "Dupont SARL", "Éclair & Cie", "Martin & Fils"]
    rows = sheet_values(tmp_path / "out.xlsx", "Tableau croisé")
    assert rows[2][:2] == ["Statut", "(Tous)"]


def test_openpyxl_loads_the_pivot_and_its_cache(tmp_path: Path) -> None:
    a, _ = _write(_book(tmp_path), tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    (table,) = wb["Tableau croisé"]._pivots
    assert table.name == "TCD_Encours"
    assert [f.name for f in table.cache.cacheFields] == [c.value for c in wb["Suivi"][1]]
    assert table.cache.cacheSource.worksheetSource.sheet == "Suivi"
    assert table.cache.recordCount == len(a.items) == len(table.cache.records.r)
    names = [f.name for f in table.cache.cacheFields]
    assert [names[f.x] for f in table.rowFields] == ["Client"]
    assert [names[f.x] for f in table.colFields] == ["Tranche"]
    assert [names[f.fld] for f in table.pageFields] == ["Statut"]
    assert [names[f.fld] for f in table.dataFields] == ["Solde"]


@needs_xsd
def test_the_parts_validate_against_the_ecma_schema(tmp_path: Path) -> None:
    _write(_book(tmp_path), tmp_path / "out.xlsx")
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    parts = _parts(tmp_path / "out.xlsx")
    checked = [
        n for n in parts if re.search(r"pivot(Table|CacheDefinition|CacheRecords)\d+\.xml$", n)
    ]
    assert len(checked) == 3
    sheet = sheet_parts(parts)["Tableau croisé"]
    for name in [*checked, sheet, "xl/workbook.xml"]:
        assert schema.validate(etree.fromstring(parts[name])), (name, schema.error_log)
    # the package parts around them, against the OPC schemas of the same edition
    rels = etree.XMLSchema(etree.parse(str(XSD.parent / "opc-relationships.xsd")))
    types = etree.XMLSchema(etree.parse(str(XSD.parent / "opc-contentTypes.xsd")))
    for name in [n for n in parts if n.endswith(".rels") and "pivot" in n] + [rels_name(sheet)]:
        assert rels.validate(etree.fromstring(parts[name])), (name, rels.error_log)
    assert types.validate(etree.fromstring(parts["[Content_Types].xml"])), types.error_log


@pytest.mark.libreoffice
@needs_soffice
def test_libreoffice_shows_the_pivot_with_the_aged_totals(tmp_path: Path) -> None:
    a, _ = _write(_book(tmp_path), tmp_path / "out.xlsx")
    resaved = convert(tmp_path / "out.xlsx", "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    # LibreOffice built its own DataPilot from the definition and wrote it back as one
    parts = _parts(resaved)
    assert any(re.fullmatch(r"xl/pivotTables/pivotTable\d+\.xml", n) for n in parts)
    rows = [
        r for r in sheet_values(resaved, "Tableau croisé") if any(v not in ("", None) for v in r)
    ]
    by_client, totals = _aged(a)
    grand = [v for v in rows[-1][1:] if v not in ("", None)]
    assert grand == [*totals.values(), pytest.approx(float(a.aged["gross"].sum()))]
    assert {r[0] for r in rows} >= set(by_client)
    # its own layout of the cache gives the cells arxl wrote (its words aside)
    ours = [r for r in sheet_values(tmp_path / "out.xlsx", "Tableau croisé") if any(r)]
    assert rows[4:-1] == ours[4:-1] and rows[-1][1:] == ours[-1][1:]


def test_a_second_refresh_replaces_the_cache(tmp_path: Path) -> None:
    book = _book(tmp_path)
    _write(book, tmp_path / "once.xlsx")
    _write(tmp_path / "once.xlsx", tmp_path / "twice.xlsx")
    once, twice = _parts(tmp_path / "once.xlsx"), _parts(tmp_path / "twice.xlsx")
    assert set(once) == set(twice)
    for name in once:
        if "pivot" in name or name.startswith(("xl/workbook.xml", "xl/_rels/", "[Content")):
            assert once[name] == twice[name], name
    assert twice["xl/workbook.xml"].count(b"<pivotCache ") == 1
    assert sum(n.startswith("xl/pivotCache/pivotCacheDefinition") for n in twice) == 1


def test_the_owners_pivot_is_left_alone(tmp_path: Path) -> None:
    book = make_decorated_workbook(tmp_path / "owner.xlsx")
    before = _parts(book)
    owner = {n: d for n, d in before.items() if "pivot" in n.lower()}
    _write(book, tmp_path / "once.xlsx")
    _write(tmp_path / "once.xlsx", tmp_path / "twice.xlsx")
    after = _parts(tmp_path / "twice.xlsx")
    for name, data in owner.items():
        assert after[name] == data, name
    workbook = after["xl/workbook.xml"].decode()
    ids = re.findall(r'<pivotCache cacheId="(\d+)"', workbook)
    assert len(ids) == 2 and len(set(ids)) == 2
    wb = openpyxl.load_workbook(tmp_path / "twice.xlsx")
    assert len(wb["Pivot"]._pivots) == 1 and len(wb["Tableau croisé"]._pivots) == 1


def test_the_source_sheet_under_another_name(tmp_path: Path) -> None:
    book = _book(tmp_path, extra_sheets={"Suivi": [["mon suivi à moi"]]})
    _, result = _write(book, tmp_path / "out.xlsx")
    assert result.sheets["followup"] != "Suivi"
    definition = _parts(tmp_path / "out.xlsx")["xl/pivotCache/pivotCacheDefinition1.xml"]
    source = etree.fromstring(definition).find(".//{*}worksheetSource")
    assert source.get("sheet") == result.sheets["followup"]


def test_english_words(tmp_path: Path) -> None:
    _write(_book(tmp_path), tmp_path / "out.xlsx", lang=Lang.EN)
    rows = sheet_values(tmp_path / "out.xlsx", "PivotTable")
    assert rows[0][0].startswith("Open balance by client and bucket")
    assert rows[2][:2] == ["Status", "(All)"]
    assert rows[4][:2] == ["Sum of Balance", "Bucket"]
    assert rows[5][0] == "Client" and rows[5][-1] == "Grand Total"


@needs_xsd
def test_nothing_open_is_an_empty_table(tmp_path: Path) -> None:
    paid = [r for r in INVOICES if r[4] == "Payé"]
    _write(_book(tmp_path, paid), tmp_path / "out.xlsx")
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    parts = _parts(tmp_path / "out.xlsx")
    assert schema.validate(etree.fromstring(parts["xl/pivotTables/pivotTable1.xml"]))
    rows = sheet_values(tmp_path / "out.xlsx", "Tableau croisé")
    assert rows[-1][:2] == ["Total général", 0.0]
    openpyxl.load_workbook(tmp_path / "out.xlsx")


def test_the_cache_holds_what_the_sheet_shows() -> None:
    source = SheetSpec(
        "followup",
        "Suivi",
        [
            Column("Client"),
            Column("Date", Kind.DATE),
            Column("Solde", Kind.MONEY),
            Column("Niveau", Kind.INT),
            Column("Client"),
        ],
        [
            ["A & B", "", None],
            [dt.date(2023, 1, 2), None, dt.date(2023, 3, 4)],
            [1.005, 2.5, None],
            [1.0, float("nan"), 3.0],
            ["x", "y", "z"],
        ],
    )
    cache = build_cache(source, "Suivi", axes={0})
    assert cache.ref == "A1:E4"
    assert [f.name for f in cache.fields] == ["Client", "Date", "Solde", "Niveau", "Client2"]
    definition = definition_xml(cache, AS_OF, "rId1").decode()
    assert (
        '<sharedItems containsBlank="1" count="2"><s v="A &amp; B"/><m/></sharedItems>'
        in definition
    )
    assert 'containsDate="1"' in definition and 'minDate="2023-01-02T00:00:00"' in definition
    records = b"".join(records_chunks(cache)).decode()
    assert records.count("<r>") == 3
    assert '<r><x v="0"/><d v="2023-01-02T00:00:00"/><n v="1"/><n v="1"/><x v="0"/></r>' in records
    assert '<r><x v="1"/><m/><n v="2.5"/><m/><x v="1"/></r>' in records


@pytest.mark.libreoffice
@needs_soffice
def test_refresh_after_a_libreoffice_save(tmp_path: Path) -> None:
    """LibreOffice writes the pivot back under its own part names; the next refresh still
    replaces it, leaving one cache."""
    _write(_book(tmp_path), tmp_path / "out.xlsx")
    resaved = convert(tmp_path / "out.xlsx", "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    _write(resaved, tmp_path / "again.xlsx")
    parts = _parts(tmp_path / "again.xlsx")
    assert parts["xl/workbook.xml"].count(b"<pivotCache ") == 1
    assert sum(bool(re.search(r"pivotCacheDefinition\d+\.xml$", n)) for n in parts) == 1
    assert sum(bool(re.search(r"pivotTable\d+\.xml$", n)) for n in parts) == 1
    wb = openpyxl.load_workbook(tmp_path / "again.xlsx")
    (table,) = wb["Tableau croisé"]._pivots
    assert table.cache.recordCount == len(INVOICES)


def test_a_big_cache_streams_the_same_records(tmp_path: Path, monkeypatch) -> None:
    """Past RECORDS_BLOCK rows the records are made as the zip is written, a block at a
    time: the workbook holds the same parts as when they are made whole."""
    book = _book(tmp_path)
    _write(book, tmp_path / "whole.xlsx")
    monkeypatch.setattr(pivot_writer, "RECORDS_BLOCK", 1)  # a block per row
    streamed: list[object] = []
    real = pivot_writer.StreamedPart
    monkeypatch.setattr(pivot_writer, "StreamedPart", lambda make: streamed.append(1) or real(make))
    _write(book, tmp_path / "streamed.xlsx")
    assert streamed
    assert _parts(tmp_path / "streamed.xlsx") == _parts(tmp_path / "whole.xlsx")


def test_records_are_the_same_whatever_the_block() -> None:
    """The records are made a block of rows at a time: the blocks join into the same XML as
    one block of every row (numbers formatted per distinct value in each block)."""
    n = 1_003
    source = SheetSpec(
        key="s",
        name="Suivi",
        columns=[
            Column("Client", Kind.TEXT),
            Column("Date", Kind.DATE),
            Column("Solde", Kind.MONEY),
            Column("Jours", Kind.INT),
        ],
        data=[
            [f"C{i % 7}" if i % 11 else "" for i in range(n)],
            [
                dt.date(2024, 1, 1) + dt.timedelta(days=i % 400) if i % 13 else None
                for i in range(n)
            ],
            [round(i * 1.37, 2) if i % 5 else float("nan") for i in range(n)],
            [i % 90 for i in range(n)],
        ],
    )
    cache = build_cache(source, "Suivi", axes={0})
    whole = b"".join(records_chunks(cache, block=n))
    assert whole.count(b"<r>") == n
    for block in (1, 7, 100, 1_000):
        assert b"".join(records_chunks(cache, block=block)) == whole


@pytest.mark.parametrize(
    "values",
    [
        [1234.567, None, 3, float("nan"), -0.004, float("inf"), -(2**53), 2**53, 0.125],
        [2**53 + 1, 1.5, None],  # an int a float cannot hold: pandas reads it
        [True, 2.5, None, "7", "x", np.float64(1.005)],  # not plain: pandas reads them
        np.array([1.005, np.nan, -np.inf, 2.675], dtype=float),
        np.array([3, -7, 2**40], dtype=np.int64),
        np.array([1.5, None], dtype=object),
        [],
    ],
)
@pytest.mark.parametrize("kind", [Kind.MONEY, Kind.INT, Kind.NUMBER, Kind.DAYS])
def test_numbers_in_the_cache_are_what_pandas_reads(values: object, kind: Kind) -> None:
    """The cache's numbers without pandas (plain floats and ints) are those pandas' to_numeric
    gives, to the bit."""
    read = pd.to_numeric(pd.Series(as_list(values), dtype=object), errors="coerce")
    expected = read.astype(float).where(np.isfinite(read.astype(float)))
    if kind is Kind.MONEY:
        expected = expected.round(2) + 0.0
    elif kind is Kind.INT:
        expected = np.trunc(expected)
    got = _cell_values(kind, values)  # type: ignore[arg-type]
    assert got.dtype == expected.dtype == np.float64
    assert got.index.equals(expected.index)
    same = (got.to_numpy().view(np.int64) == expected.to_numpy().view(np.int64)) | (
        got.isna().to_numpy() & expected.isna().to_numpy()
    )
    assert same.all()


def test_numbers_are_spelled_as_python_writes_them() -> None:
    """The records' numbers: a whole number as an int, any other as repr (the amounts to the
    cent are spelled from their cents, the others by repr itself)."""
    rng = np.random.default_rng(7)
    cents = np.round(rng.uniform(-1e7, 1e7, 5_000), 2) + 0.0
    wide = np.round(10 ** rng.uniform(-3, 15, 5_000) * rng.choice([-1, 1], 5_000), 2) + 0.0
    edges = [0.01, -0.01, 0.1, 0.3, 0.1 + 0.2, 1e-05, 99.99, 100.01, -0.5, 2.0**46 + 0.5]
    values = np.concatenate([cents, wide, rng.uniform(-5, 5, 1_000), edges, [3.0, -7.0, 0.0]])
    expected = [str(int(v)) if v == int(v) else repr(v) for v in values.tolist()]
    assert number_texts(values).to_pylist() == expected


def test_arrow_text_columns_make_the_same_cache() -> None:
    """A text column given as Arrow text (Suivi's) is coded in Arrow: the same items, codes,
    definition and records as the same cells given as Python values."""
    texts = ["b", "", None, "a", "b", "é & <x>", "a", ""]
    amounts = [1.5, 2.0, None, 3.25, 4.0, 5.0, 6.0, 7.0]

    def source(column: object) -> SheetSpec:
        return SheetSpec(
            key="s",
            name="Suivi",
            columns=[Column("Client", Kind.TEXT), Column("Solde", Kind.MONEY)],
            data=[column, amounts],
        )

    plain = build_cache(source(texts), "Suivi", axes={0})
    arrow = build_cache(source(pa.array(texts, pa.large_string())), "Suivi", axes={0})
    assert list(arrow.fields[0].items) == list(plain.fields[0].items) == ["b", "a", "é & <x>", None]
    assert arrow.fields[0].codes.tolist() == plain.fields[0].codes.tolist()
    assert arrow.fields[0].blank.tolist() == plain.fields[0].blank.tolist()
    assert definition_xml(arrow, None, "rId1") == definition_xml(plain, None, "rId1")
    assert b"".join(records_chunks(arrow)) == b"".join(records_chunks(plain))


def test_text_items_read_from_arrow_are_the_items() -> None:
    """A text field's shared items are kept as Arrow text and read when asked: the same
    values, order, blank and length as the list they stand for."""
    from arxl.writers.pivotcache import TextItems

    with_blank = TextItems(pa.array(["b", "a", "é"], pa.large_string()), blank=True)
    assert list(with_blank) == ["b", "a", "é", None]
    assert len(with_blank) == 4
    assert (with_blank[0], with_blank[2], with_blank[3], with_blank[-1]) == ("b", "é", None, None)
    assert None in with_blank and "a" in with_blank and "z" not in with_blank
    with pytest.raises(IndexError):
        with_blank[4]
    without = TextItems(pa.array(["x"], pa.string()), blank=False)
    assert list(without) == ["x"] and None not in without and len(without) == 1
    with pytest.raises(IndexError):
        without[1]
    assert not TextItems(pa.array([], pa.string()), blank=False)
