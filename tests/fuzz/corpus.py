"""A generated corpus of bad workbooks and CSVs, the same for a given seed (byte for byte).

Each case is a file (its bytes and suffix) and the arxl commands to run on it. Kinds: workbooks
with random cell types in every column (far dates, 1e308, NaN text, 50 000-char cells,
formula-like text, real formulas, merged cells), valid workbooks with random bytes flipped or cut
short, text renamed .xlsx, and CSV exports with unbalanced quotes, ragged rows, odd encodings and
the same odd cells.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import zipfile
from dataclasses import dataclass

import openpyxl

CLIENT_HEADER = ["ID Client", "Nom", "Adresse", "Téléphone", "Email", "Délai de paiement (jours)"]
TX_HEADER = [
    "Date",
    "ID Client",
    "Description",
    "Montant",
    "Statut",
    "Remarques",
    "Échéance",
    "Date de paiement",
    "Montant payé",
]
CSV_HEADER = ["N° facture", "Date", "Échéance", "Code client", "Client", "Montant TTC"]
STATUSES = ["Payé", "En attente", "En retard", "Litige", "payed", "", "???"]
AS_OF = "2024-03-31"
BOOK, OUT, OUTDIR = "{book}", "{out}", "{outdir}"

ODD_CELLS: list[object] = [
    dt.date(9999, 12, 31),
    dt.date(1900, 1, 1),
    dt.datetime(1900, 2, 28),
    dt.datetime(1900, 3, 1, 12, 30),
    dt.date(1899, 12, 31),
    "31/12/9999",
    "01/01/1900",
    "29/02/1900",
    "30/02/2024",
    "2024-13-45",
    "00/00/0000",
    1e308,
    -1e308,
    1e12,
    -1e15,
    5e-324,
    "1e308",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "1 234,56",
    "12,3,4",
    "€ -0,00",
    0,
    -0.0,
    -50.0,
    2**63,
    -(2**53) - 1,
    True,
    False,
    None,
    "",
    " ",
    '=HYPERLINK("http://x","y")',
    "=1/0",
    "+33 1 23 45 67 89",
    "-2+3",
    "@SUM(A1)",
    "\tTab",
    "x" * 50_000,
    "é" * 40_000,
    "\u202eevil",
    "😀" * 10,
    "a\nb\r\nc",
    '"',
    "'",
    ";",
    ",",
]
FORMULAS = ["=1/0", "=SUM(A1:A3)", '=HYPERLINK("http://x","y")', "=NA()", "=1E308*10"]


@dataclass(frozen=True)
class Case:
    """One generated input and the commands run on it ({book}, {out}, {outdir} filled in)."""

    id: str
    kind: str
    suffix: str
    data: bytes
    commands: tuple[tuple[str, ...], ...]


def _odd(rng: random.Random) -> object:
    return rng.choice(ODD_CELLS)


def _sane_tx(rng: random.Random, n_clients: int) -> list[object]:
    day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(450))
    amount = round(rng.uniform(-200, 5000), 2)
    paid = rng.choice([None, 0, amount, round(amount / 2, 2)])
    return [
        day,
        rng.randrange(1, n_clients + 2),
        f"Facture #{rng.randrange(1000):03d}",
        amount,
        rng.choice(STATUSES),
        rng.choice([None, "", "note"]),
        rng.choice([None, day + dt.timedelta(days=30)]),
        rng.choice([None, day + dt.timedelta(days=rng.randrange(90))]),
        paid,
    ]


def _normalised_zip(data: bytes) -> bytes:
    """The zip rewritten with fixed timestamps, so a seed gives the same bytes every run."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-01-01T00:00:00Z", body)
            dst.writestr(zipfile.ZipInfo(info.filename, (2024, 1, 1, 0, 0, 0)), body)
    return out.getvalue()


def workbook(rng: random.Random, odd: float) -> bytes:
    """A seed-layout workbook; each cell is an odd one with probability `odd`."""
    wb = openpyxl.Workbook()
    clients = wb.active
    clients.title = "Clients"
    clients.append(CLIENT_HEADER)
    n_clients = rng.randrange(1, 6)
    for i in range(n_clients):
        row = [i + 1, f"Client {i}", "1 rue A", "0102030405", f"c{i}@example.com", 30]
        clients.append([_odd(rng) if rng.random() < odd else v for v in row])
    tx = wb.create_sheet("Transactions")
    tx.append(TX_HEADER)
    for _ in range(rng.randrange(1, 25)):
        row = _sane_tx(rng, n_clients)
        tx.append([_odd(rng) if rng.random() < odd else v for v in row])
    for ws in (clients, tx):
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "f" and rng.random() < 0.5:
                    cell.data_type = "s"  # formula-like text, not a formula
        if rng.random() < odd:
            ws.cell(rng.randrange(2, ws.max_row + 2), rng.randrange(1, 10), rng.choice(FORMULAS))
    if rng.random() < 0.3 and tx.max_row >= 3:  # merged cells in the table
        col = rng.randrange(1, 10)
        first = rng.randrange(2, tx.max_row)
        tx.merge_cells(start_row=first, start_column=col, end_row=first + 1, end_column=col)
    if rng.random() < 0.1:
        wb.create_sheet("Paramètres").append(["Date d'analyse", _odd(rng)])
    out = io.BytesIO()
    wb.save(out)
    return _normalised_zip(out.getvalue())


def flipped(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randrange(1, 12)):
        buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def truncated(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data))]


def csv_export(rng: random.Random, odd: float) -> bytes:
    sep = rng.choice([";", ",", "\t"])
    lines = []
    if rng.random() < 0.2:
        lines.append("Export 2024")
    lines.append(sep.join(CSV_HEADER))
    for i in range(rng.randrange(1, 30)):
        day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(450))
        row: list[object] = [
            f"{i:06d}",
            day.strftime("%d/%m/%Y"),
            rng.choice(["", (day + dt.timedelta(days=30)).strftime("%d/%m/%Y")]),
            f"{rng.randrange(5):05d}",
            f"Client {rng.randrange(5)}",
            f"{rng.uniform(-100, 5000):.2f}".replace(".", ","),
        ]
        row = [_odd(rng) if rng.random() < odd else v for v in row]
        if rng.random() < 0.05:
            row = row[: rng.randrange(len(row))]  # ragged
        elif rng.random() < 0.05:
            row.append("extra")
        text = sep.join("" if v is None else str(v) for v in row)
        if rng.random() < 0.05:
            text = text.replace(sep, sep + '"', 1)  # an unbalanced quote
        lines.append(text)
    body = "\n".join(lines) + rng.choice(["\n", "", "\r\n"])
    encoding = rng.choice(["utf-8", "utf-8-sig", "cp1252", "utf-16"])
    data = body.encode(encoding, errors="replace")
    if rng.random() < 0.1:
        data = flipped(rng, data)
    return data


def _xlsx_commands(rng: random.Random) -> tuple[tuple[str, ...], ...]:
    choices = [
        ("refresh", BOOK, "--as-of", AS_OF),
        ("refresh", BOOK, "--as-of", AS_OF, "-o", OUT),
        ("aging", BOOK, "--as-of", AS_OF, "--format", "csv"),
        ("aging", BOOK, "--as-of", AS_OF, "--format", "json", "--by", "client"),
        ("kpis", BOOK, "--as-of", AS_OF, "--format", "json"),
        ("convert", BOOK, "-o", OUTDIR, "--as-of", AS_OF),
    ]
    return tuple(rng.sample(choices, 2))


def _csv_commands(rng: random.Random) -> tuple[tuple[str, ...], ...]:
    commands = [("convert", BOOK, "-o", OUTDIR, "--as-of", AS_OF)]
    if rng.random() < 0.2:
        commands.append(("refresh", BOOK, "--as-of", AS_OF))  # a CSV given to refresh
    return tuple(commands)


def generate(seed: int, count: int, only: set[int] | None = None) -> list[Case]:
    """`count` cases from `seed` (only those numbered in `only`, when given): the same list
    every time, case N the same whatever `count`."""
    rng = random.Random(seed)
    base = workbook(random.Random(seed + 1), odd=0.0)
    cases = []
    for i in range(count):
        r = random.Random(rng.getrandbits(64))
        if only is not None and i not in only:
            continue
        kind = r.choices(
            ["odd-cells", "flipped", "truncated", "flipped-odd", "text-as-xlsx", "csv"],
            weights=[40, 15, 10, 5, 3, 27],
        )[0]
        suffix = ".xlsx"
        if kind == "odd-cells":
            data = workbook(r, odd=r.choice([0.05, 0.2, 0.5]))
        elif kind == "flipped":
            data = flipped(r, base)
        elif kind == "truncated":
            data = truncated(r, base)
        elif kind == "flipped-odd":
            data = flipped(r, workbook(r, odd=0.2))
        elif kind == "text-as-xlsx":
            data = csv_export(r, odd=0.1)
        else:
            suffix = r.choice([".csv", ".csv", ".txt", ".tsv"])
            data = csv_export(r, odd=r.choice([0.0, 0.1, 0.3]))
        commands = _xlsx_commands(r) if suffix == ".xlsx" else _csv_commands(r)
        cases.append(Case(f"{seed}-{i:04d}-{kind}", kind, suffix, data, commands))
    return cases
