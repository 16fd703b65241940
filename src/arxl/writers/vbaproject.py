"""Build a small, structurally valid ``vbaProject.bin`` from VBA source text, in pure Python.

Used by the macro-enabled workbook arxl makes (``arxl excel init``, ``workbook_templates/``)
and by the test fixtures.

A ``vbaProject.bin`` is an OLE compound file ([MS-CFB]) holding a VBA project ([MS-OVBA]):

- ``PROJECT``            text stream: project id, module list, protection fields (CMG/DPB/GC);
- ``PROJECTwm``          module-name map (MBCS name + UTF-16 name per module);
- ``VBA/_VBA_PROJECT``   7-byte header saying "no compiled cache, recompile the source";
- ``VBA/dir``            compressed records describing the project and its modules;
- ``VBA/<module>``       one stream per module: the compressed VBA source text.

No compiled p-code / performance cache is written (the spec says a writer must not write it),
so a host recompiles the source on open. The document modules (``ThisWorkbook`` and one per
sheet code name) must match the code names set on the workbook with XlsxWriter's
``set_vba_name()``. Checked here against oletools' ``olevba`` (reads and decompresses every
module) and LibreOffice (imports the module into its Basic IDE); not checked against Excel, which
is not available on this machine. Everything is deterministic: same arguments, same bytes.
"""

from __future__ import annotations

import struct
import uuid

# ---------------------------------------------------------------------------------------------
# [MS-OVBA] 2.4.1 compression
# ---------------------------------------------------------------------------------------------


def _compress_chunk(chunk: bytes) -> bytes:
    """Compress one decompressed chunk (<= 4096 bytes) into a CompressedChunk (2.4.1.3.7)."""
    out = bytearray()
    pos = 0
    size = len(chunk)
    while pos < size:
        flag_index = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= size:
                break
            bit_count = max((pos - 1).bit_length(), 4)
            max_length = (0xFFFF >> bit_count) + 3
            best_len = 0
            best_off = 0
            for cand in range(pos - 1, -1, -1):
                length = 0
                while (
                    length < max_length
                    and pos + length < size
                    and chunk[cand + length] == chunk[pos + length]
                ):
                    length += 1
                if length > best_len:
                    best_len, best_off = length, pos - cand
                    if length == max_length:
                        break
            if best_len >= 3:
                token = ((best_off - 1) << (16 - bit_count)) | (best_len - 3)
                out += struct.pack("<H", token)
                flags |= 1 << bit
                pos += best_len
            else:
                out.append(chunk[pos])
                pos += 1
        out[flag_index] = flags
    if len(out) > 4096:  # incompressible: a raw chunk of exactly 4096 bytes
        header = 0x3000 | 4095
        return struct.pack("<H", header) + chunk.ljust(4096, b"\x00")
    header = 0x8000 | 0x3000 | (len(out) + 2 - 3)
    return struct.pack("<H", header) + bytes(out)


def ovba_compress(data: bytes) -> bytes:
    """A CompressedContainer: signature byte 0x01 then one chunk per 4096 bytes."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), 4096):
        out += _compress_chunk(data[start : start + 4096])
    return bytes(out)


def ovba_decompress(data: bytes) -> bytes:
    """Inverse of :func:`ovba_compress` (2.4.1.3.1), used to self-check the fixture."""
    if not data or data[0] != 1:
        raise ValueError("not an MS-OVBA compressed container")
    out = bytearray()
    pos = 1
    while pos < len(data):
        header = struct.unpack_from("<H", data, pos)[0]
        end = pos + (header & 0x0FFF) + 3
        pos += 2
        chunk_start = len(out)
        if not header & 0x8000:
            out += data[pos : pos + 4096]
            pos += 4096
            continue
        while pos < end:
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if flags & (1 << bit):
                    token = struct.unpack_from("<H", data, pos)[0]
                    pos += 2
                    bit_count = max((len(out) - chunk_start - 1).bit_length(), 4)
                    length = (token & (0xFFFF >> bit_count)) + 3
                    offset = (token >> (16 - bit_count)) + 1
                    for _ in range(length):
                        out.append(out[-offset])
                else:
                    out.append(data[pos])
                    pos += 1
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# [MS-OVBA] 2.4.3 data encryption (PROJECT stream CMG / DPB / GC values)
# ---------------------------------------------------------------------------------------------


def _encrypt(project_id: str, seed: int, data: bytes) -> str:
    version = 2
    project_key = sum(project_id.encode("ascii")) & 0xFF
    out = bytearray([seed, seed ^ version, seed ^ project_key])
    unencrypted_1, encrypted_1, encrypted_2 = project_key, seed ^ project_key, seed ^ version
    ignored = bytes([seed]) * ((seed & 6) // 2)  # VBA itself writes the seed here
    for byte in ignored + struct.pack("<I", len(data)) + data:
        enc = byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        out.append(enc)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, enc, byte
    return out.hex().upper()


# ---------------------------------------------------------------------------------------------
# VBA/dir records (2.3.4.2)
# ---------------------------------------------------------------------------------------------


def _rec(record_id: int, payload: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(payload)) + payload


def _rec_pair(record_id: int, text: str, reserved: int, codepage: str = "cp1252") -> bytes:
    """A record whose MBCS text is followed by a UTF-16 copy under a second id."""
    return _rec(record_id, text.encode(codepage)) + _rec(reserved, text.encode("utf-16-le"))


def _dir_stream(modules: list[tuple[str, bool]]) -> bytes:
    out = bytearray()
    out += _rec(0x0001, struct.pack("<I", 1))  # PROJECTSYSKIND: 32-bit Windows
    out += _rec(0x0002, struct.pack("<I", 0x0409))  # PROJECTLCID (spec: must be 0x409)
    out += _rec(0x0014, struct.pack("<I", 0x0409))  # PROJECTLCIDINVOKE
    out += _rec(0x0003, struct.pack("<H", 1252))  # PROJECTCODEPAGE
    out += _rec(0x0004, b"VBAProject")  # PROJECTNAME
    out += _rec_pair(0x0005, "", 0x0040)  # PROJECTDOCSTRING
    out += _rec_pair(0x0006, "", 0x003D)  # PROJECTHELPFILEPATH (both copies)
    out += _rec(0x0007, struct.pack("<I", 0))  # PROJECTHELPCONTEXT
    out += _rec(0x0008, struct.pack("<I", 0))  # PROJECTLIBFLAGS
    out += struct.pack("<HIIH", 0x0009, 4, 0x5E4A4A5B, 0x0011)  # PROJECTVERSION
    out += _rec_pair(0x000C, "", 0x003C)  # PROJECTCONSTANTS
    # PROJECTREFERENCES: the OLE Automation type library, as Excel writes it.
    out += _rec_pair(0x0016, "stdole", 0x003E)  # REFERENCENAME
    libid = (
        b"*\\G{00020430-0000-0000-C000-000000000046}#2.0#0"
        b"#C:\\Windows\\System32\\stdole2.tlb#OLE Automation"
    )
    registered = struct.pack("<I", len(libid)) + libid + struct.pack("<IH", 0, 0)
    out += _rec(0x000D, registered)  # REFERENCEREGISTERED
    # PROJECTMODULES
    out += _rec(0x000F, struct.pack("<H", len(modules)))
    out += _rec(0x0013, struct.pack("<H", 0xFFFF))  # PROJECTCOOKIE
    for name, is_document in modules:
        out += _rec(0x0019, name.encode("cp1252"))  # MODULENAME
        out += _rec(0x0047, name.encode("utf-16-le"))  # MODULENAMEUNICODE
        out += _rec_pair(0x001A, name, 0x0032)  # MODULESTREAMNAME
        out += _rec_pair(0x001C, "", 0x0048)  # MODULEDOCSTRING
        out += _rec(0x0031, struct.pack("<I", 0))  # MODULEOFFSET: source at offset 0
        out += _rec(0x001E, struct.pack("<I", 0))  # MODULEHELPCONTEXT
        out += _rec(0x002C, struct.pack("<H", 0xFFFF))  # MODULECOOKIE
        out += struct.pack("<HI", 0x0022 if is_document else 0x0021, 0)  # MODULETYPE
        out += struct.pack("<HI", 0x002B, 0)  # module terminator
    out += struct.pack("<HI", 0x0010, 0)  # dir terminator
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# [MS-CFB] compound file writer (version 3, 512-byte sectors; streams under 4096 bytes in the
# mini stream, bigger ones in sectors of their own)
# ---------------------------------------------------------------------------------------------

_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


class _Entry:
    def __init__(self, name: str, kind: int, data: bytes = b"") -> None:
        self.name, self.kind, self.data = name, kind, data  # kind: 1 storage, 2 stream, 5 root
        self.children: list[_Entry] = []
        self.sid = 0
        self.left = self.right = self.child = _NOSTREAM
        self.start = 0
        self.size = len(data)


def _cfb_key(entry: _Entry) -> tuple[int, str]:
    return (len(entry.name), entry.name.upper())


def _balanced(entries: list[_Entry]) -> int:
    """Link sorted siblings as a balanced binary search tree; return the root's id."""
    if not entries:
        return _NOSTREAM
    mid = len(entries) // 2
    node = entries[mid]
    node.left = _balanced(entries[:mid])
    node.right = _balanced(entries[mid + 1 :])
    return node.sid


def _compound_file(root: _Entry) -> bytes:
    entries: list[_Entry] = []

    def walk(entry: _Entry) -> None:
        entry.sid = len(entries)
        entries.append(entry)
        for child in entry.children:
            walk(child)

    walk(root)
    for entry in entries:
        if entry.children:
            entry.child = _balanced(sorted(entry.children, key=_cfb_key))

    # Mini stream: the streams under the 4096-byte cutoff; the others get sectors of their own.
    mini = bytearray()
    big = [entry for entry in entries if entry.kind == 2 and entry.size >= 4096]
    for entry in entries:
        if entry.kind == 2 and entry.size < 4096:
            entry.start = len(mini) // 64 if entry.size else _END
            mini += entry.data + b"\x00" * (-len(entry.data) % 64)
    mini_fat: list[int] = []
    for entry in entries:
        if entry.kind == 2 and 0 < entry.size < 4096:
            count = -(-entry.size // 64)
            mini_fat += [entry.start + i + 1 for i in range(count - 1)] + [_END]

    def sectors(byte_count: int) -> int:
        return -(-byte_count // 512)

    dir_bytes = 128 * len(entries)
    dir_bytes += -dir_bytes % 512
    n_dir = sectors(dir_bytes)
    n_minifat = sectors(4 * len(mini_fat))
    n_mini = sectors(len(mini))
    n_big = sum(sectors(entry.size) for entry in big)
    n_fat = 1
    while n_fat * 128 < n_fat + n_dir + n_minifat + n_mini + n_big:
        n_fat += 1
    if n_fat > 109:
        raise ValueError("too large for this small writer")

    fat: list[int] = [_FATSECT] * n_fat
    first_dir = len(fat)

    def chain(count: int) -> int:
        first = len(fat)
        fat.extend(first + i + 1 for i in range(count - 1))
        fat.append(_END)
        return first

    chain(n_dir)
    first_minifat = chain(n_minifat) if n_minifat else _END
    root.start = chain(n_mini) if n_mini else _END
    root.size = len(mini)
    for entry in big:
        entry.start = chain(sectors(entry.size))
    fat += [_FREE] * (-len(fat) % 128)

    header = bytearray()
    header += bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 16
    header += struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\x00" * 6
    header += struct.pack("<IIIIIIIII", 0, n_fat, first_dir, 0, 4096, first_minifat, n_minifat,
                          _END, 0)  # fmt: skip
    difat = list(range(n_fat)) + [_FREE] * (109 - n_fat)
    header += struct.pack("<109I", *difat)
    assert len(header) == 512

    directory = bytearray()
    for entry in entries:
        name = entry.name.encode("utf-16-le") + b"\x00\x00"
        directory += name.ljust(64, b"\x00")
        directory += struct.pack("<HBB", len(name), entry.kind, 1)  # colour: black
        directory += struct.pack("<III", entry.left, entry.right, entry.child)
        directory += b"\x00" * 16 + struct.pack("<I", 0) + b"\x00" * 16  # clsid, state, times
        start = entry.start if entry.kind in (2, 5) else 0
        directory += struct.pack("<IQ", start, entry.size if entry.kind in (2, 5) else 0)
    while len(directory) % 512:
        directory += b"\x00" * 64 + struct.pack("<HBB", 0, 0, 0)
        directory += struct.pack("<III", _NOSTREAM, _NOSTREAM, _NOSTREAM) + b"\x00" * 48

    body = bytearray()
    body += struct.pack(f"<{len(fat)}I", *fat)
    body += directory
    if mini_fat:
        minifat_words = mini_fat + [_FREE] * (-len(mini_fat) % 128)
        body += struct.pack(f"<{len(minifat_words)}I", *minifat_words)
    body += mini + b"\x00" * (-len(mini) % 512)
    for entry in big:
        body += entry.data + b"\x00" * (-len(entry.data) % 512)
    return bytes(header + body)


# ---------------------------------------------------------------------------------------------
# The project
# ---------------------------------------------------------------------------------------------

_DOCUMENT_ATTRIBUTES = (
    'Attribute VB_Name = "{name}"\r\n'
    'Attribute VB_Base = "0{{{base}}}"\r\n'
    "Attribute VB_GlobalNameSpace = False\r\n"
    "Attribute VB_Creatable = False\r\n"
    "Attribute VB_PredeclaredId = True\r\n"
    "Attribute VB_Exposed = True\r\n"
    "Attribute VB_TemplateDerived = False\r\n"
    "Attribute VB_Customizable = True\r\n"
)
_WORKBOOK_BASE = "00020819-0000-0000-C000-000000000046"
_SHEET_BASE = "00020820-0000-0000-C000-000000000046"


def build_vba_project(
    sheet_codenames: list[str],
    *,
    workbook_codename: str = "ThisWorkbook",
    module_name: str = "Module1",
    module_code: str = 'Sub RefreshArxl()\r\n    MsgBox "arxl"\r\nEnd Sub\r\n',
    module_source: str | None = None,
    more_modules: tuple[tuple[str, str], ...] = (),
) -> bytes:
    """Return the bytes of a ``vbaProject.bin`` with one document module per code name.

    ``module_code`` (CRLF line ends) goes into a standard module ``module_name``; by default it
    defines ``RefreshArxl``, the macro the fixture's form button calls. ``module_source`` is
    the module's whole text as the VBA editor exports it (a ``.bas`` file starting with
    ``Attribute VB_Name = "<module_name>"``); it is stored as is. ``more_modules`` are further
    standard modules, (name, whole text) each, stored the same way.
    """
    project_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "arxl-test-vba-project")).upper() + "}"
    documents = [(workbook_codename, _WORKBOOK_BASE)] + [(n, _SHEET_BASE) for n in sheet_codenames]
    modules: list[tuple[str, bool]] = [(name, True) for name, _ in documents]
    modules.append((module_name, False))
    modules += [(name, False) for name, _ in more_modules]

    sources = {name: _DOCUMENT_ATTRIBUTES.format(name=name, base=base) for name, base in documents}
    if module_source is None:
        module_source = f'Attribute VB_Name = "{module_name}"\r\n' + module_code
    elif not module_source.startswith(f'Attribute VB_Name = "{module_name}"'):
        raise ValueError(f'the module source must start with Attribute VB_Name = "{module_name}"')
    sources[module_name] = module_source
    for name, text in more_modules:
        if not text.startswith(f'Attribute VB_Name = "{name}"'):
            raise ValueError(f'the module source must start with Attribute VB_Name = "{name}"')
        sources[name] = text

    cmg = _encrypt(project_id, 0x15, struct.pack("<I", 0))  # protection state: none
    dpb = _encrypt(project_id, 0x1D, bytes([0]))  # password: none
    gc = _encrypt(project_id, 0x19, bytes([0xFF]))  # visibility: visible
    project_lines = [f'ID="{project_id}"']
    project_lines += [f"Document={name}/&H00000000" for name, _ in documents]
    project_lines += [f"Module={name}" for name, document in modules if not document]
    project_lines += [
        'Name="VBAProject"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{cmg}"',
        f'DPB="{dpb}"',
        f'GC="{gc}"',
        "",
        "[Host Extender Info]",
        "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000",
        "",
        "[Workspace]",
    ]
    project_lines += [f"{name}=0, 0, 0, 0, C" for name, _ in modules]
    project_text = ("\r\n".join(project_lines) + "\r\n").encode("cp1252")

    project_wm = bytearray()
    for name, _ in modules:
        project_wm += name.encode("cp1252") + b"\x00" + name.encode("utf-16-le") + b"\x00\x00"
    project_wm += b"\x00\x00"

    vba = _Entry("VBA", 1)
    vba.children = [
        _Entry("_VBA_PROJECT", 2, bytes.fromhex("CC61FFFF000000")),
        _Entry("dir", 2, ovba_compress(_dir_stream(modules))),
    ] + [_Entry(name, 2, ovba_compress(sources[name].encode("cp1252"))) for name, _ in modules]
    root = _Entry("Root Entry", 5)
    root.children = [vba, _Entry("PROJECT", 2, project_text), _Entry("PROJECTwm", 2, project_wm)]
    return _compound_file(root)
