"""The raw zip copier: compressed bytes kept, data descriptors, stored entries, UTF-8 names."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import pytest

from arxl.ooxml import zipcopy
from arxl.ooxml.zipcopy import RawZipWriter


class _Unseekable(io.RawIOBase):
    """Forces zipfile to write data descriptors (flag bit 3), as some producers do."""

    def __init__(self) -> None:
        self.buf = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: bytes) -> int:  # type: ignore[override]
        self.buf += b
        return len(b)


def _source(path: Path) -> None:
    sink = _Unseekable()
    with zipfile.ZipFile(sink, "w") as zf:
        zf.writestr(
            zipfile.ZipInfo("a.xml", (2024, 5, 6, 7, 8, 10)),
            b"<a/>" * 1000,
            compress_type=zipfile.ZIP_DEFLATED,
        )
        zf.writestr("stored.bin", bytes(range(256)), compress_type=zipfile.ZIP_STORED)
        zf.writestr("xl/média/é.png", b"\x89PNG" + b"x" * 50, compress_type=zipfile.ZIP_DEFLATED)
    path.write_bytes(bytes(sink.buf))


def _raw(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as zf, path.open("rb") as fh:
        info = zf.getinfo(name)
        fh.seek(info.header_offset + 26)
        n, e = int.from_bytes(fh.read(2), "little"), int.from_bytes(fh.read(2), "little")
        fh.seek(info.header_offset + 30 + n + e)
        return fh.read(info.compress_size)


def test_copy_keeps_compressed_bytes_and_adds_entries(tmp_path: Path) -> None:
    src, dst = tmp_path / "src.zip", tmp_path / "dst.zip"
    _source(src)
    with zipfile.ZipFile(src) as zf:
        infos = zf.infolist()
    assert infos[0].flag_bits & 0x08  # the source really uses data descriptors
    with src.open("rb") as fin, dst.open("wb") as fout:
        writer = RawZipWriter(fout)
        for info in infos:
            writer.copy(fin, info)
        writer.add("new/é.xml", b"<new/>", (1980, 1, 1, 0, 0, 0), 0o600 << 16)
        writer.close()
    with zipfile.ZipFile(dst) as out, zipfile.ZipFile(src) as orig:
        assert out.testzip() is None
        assert out.namelist() == [*orig.namelist(), "new/é.xml"]
        for name in orig.namelist():
            assert out.read(name) == orig.read(name)
            assert out.getinfo(name).date_time == orig.getinfo(name).date_time
            assert _raw(dst, name) == _raw(src, name)
        assert out.read("new/é.xml") == b"<new/>"


def test_inflated_reads_what_zipfile_reads(tmp_path: Path) -> None:
    from arxl.ooxml.zipcopy import inflated

    book = tmp_path / "b.zip"
    big = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in range(60_000))
    with zipfile.ZipFile(book, "w") as zf:
        zf.writestr("big.xml", big, zipfile.ZIP_DEFLATED)
        zf.writestr("stored.xml", b"<x/>" * 1000, zipfile.ZIP_STORED)
        zf.writestr("empty.xml", b"", zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(book) as zf:
        for info in zf.infolist():
            assert b"".join(inflated(book, info)) == zf.read(info), info.filename
            assert zipcopy.inflated_whole(book, info) == zf.read(info), info.filename


def test_inflated_whole_says_a_truncated_entry_is_one(tmp_path: Path) -> None:
    book = tmp_path / "b.zip"
    with zipfile.ZipFile(book, "w") as zf:
        zf.writestr("big.xml", b"<x/>" * 50_000, zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(book) as zf:
        info = zf.getinfo("big.xml")
    data = book.read_bytes()
    book.write_bytes(data[: info.header_offset + 60])  # the entry cut short
    with pytest.raises(zipfile.BadZipFile, match="truncated"):
        zipcopy.inflated_whole(book, info)


@pytest.mark.parametrize("n_chunks", [0, 1, 3, 40])
def test_a_streamed_part_is_one_deflate_stream_wherever_it_is_deflated(n_chunks: int) -> None:
    """The first INLINE bytes are deflated in the caller's thread, the rest in another: the
    entry holds what one deflate stream fed the same chunks gives."""
    chunks = [f"<row r='{k}'>{'x' * (k % 7)}{k * 7919}</row>" * 2000 for k in range(n_chunks)]
    assert n_chunks < 40 or sum(map(len, chunks)) > zipcopy.INLINE
    out = io.BytesIO()
    writer = RawZipWriter(out)
    writer.add_stream("xl/worksheets/sheet1.xml", iter(chunks), (1980, 1, 1, 0, 0, 0), 0, 6)
    writer.close()
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    expected = b"".join(comp.compress(c.encode()) for c in chunks) + comp.flush()
    with zipfile.ZipFile(out) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
        assert zf.read(info) == "".join(chunks).encode()
    raw = out.getvalue()
    start = info.header_offset + 30 + len(info.filename)
    assert raw[start : start + info.compress_size] == expected
