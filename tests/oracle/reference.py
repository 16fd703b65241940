"""Reference model for `arxl aging`, written from the issue's definitions only.

Nothing here imports `arxl`: the point is to recompute the expected output independently.

Two halves:

* a workbook writer/generator (openpyxl) producing owner-style ledgers - dates typed as
  real dates or as text, French text amounts, client ids typed as numbers or text, status
  spellings in any case/accents/trailing spaces, blank rows, title rows, bad rows - which
  returns the *ground truth* (the real dates and amounts the generator meant, not the text);
* `expected_by_invoice` / `expected_by_client`, the rules in plain Python computed from that
  ground truth.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import openpyxl

# --------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------

CLIENT_FIELDS = ["id", "name", "address", "phone", "email", "terms", "limit"]
TX_FIELDS = ["date", "client", "invoice", "amount", "status", "remarks", "due", "pay_date", "paid"]
MINIMAL_CLIENT_FIELDS = CLIENT_FIELDS[:5]
MINIMAL_TX_FIELDS = TX_FIELDS[:5]

HEADERS: dict[str, dict[str, dict[str, str]]] = {
    "fr": {
        "clients": dict(
            zip(
                CLIENT_FIELDS,
                [
                    "ID Client",
                    "Nom",
                    "Adresse",
                    "Téléphone",
                    "Email",
                    "Délai de paiement (jours)",
                    "Limite de crédit",
                ],
                strict=True,
            )
        ),
        "tx": dict(
            zip(
                TX_FIELDS,
                [
                    "Date",
                    "ID Client",
                    "Description",
                    "Montant",
                    "Statut",
                    "Remarques",
                    "Échéance",
                    "Date de paiement",
                    "Montant payé",
                ],
                strict=True,
            )
        ),
    },
    "en": {
        "clients": dict(
            zip(
                CLIENT_FIELDS,
                [
                    "Client ID",
                    "Name",
                    "Address",
                    "Phone",
                    "Email",
                    "Payment terms (days)",
                    "Credit limit",
                ],
                strict=True,
            )
        ),
        "tx": dict(
            zip(
                TX_FIELDS,
                [
                    "Date",
                    "Client ID",
                    "Invoice",
                    "Amount",
                    "Status",
                    "Remarks",
                    "Due date",
                    "Payment date",
                    "Amount paid",
                ],
                strict=True,
            )
        ),
    },
}

# Status "kinds" the generator knows; the spellings are what an owner may type.
STATUS_SPELLINGS: dict[str, dict[str, list[str]]] = {
    "paid": {"fr": ["Payé", "Payée"], "en": ["Paid"]},
    "pending": {"fr": ["En attente"], "en": ["Pending"]},
    "overdue": {"fr": ["En retard"], "en": ["Overdue"]},
    "partial": {"fr": ["Partiellement payé", "Partiel"], "en": ["Partially paid"]},
    "disputed": {"fr": ["Litige", "Contesté"], "en": ["Disputed"]},
    "written_off": {"fr": ["Irrécouvrable"], "en": ["Written off"]},
    "": {"fr": [""], "en": [""]},  # status cell left empty
}

OUTPUT_STATUSES = ("paid", "pending", "overdue", "disputed", "written_off")
OPEN_STATUSES = ("pending", "overdue", "disputed")
BUCKETS = ("current", "1-30", "31-60", "61-90", "91+")
INVOICE_HEADER = [
    "invoice",
    "client_id",
    "client_name",
    "date",
    "due_date",
    "amount",
    "paid",
    "balance",
    "status",
    "days_overdue",
    "bucket",
    "reminder_level",
]
# issue 17: the open credits (negative) and a net total follow the buckets
CLIENT_HEADER = ["client_id", "client_name", *BUCKETS, "credits", "total"]

DEFAULT_TERMS = 30
PAID_TOLERANCE = 0.005
REMINDER_THRESHOLDS = (1, 15, 30, 45)
PRE_DUE_WINDOW = 5


# --------------------------------------------------------------------------------------
# Ground truth
# --------------------------------------------------------------------------------------


@dataclass
class Client:
    client_id: str  # canonical form: "12"
    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    terms: int | None = None  # Délai de paiement (jours); None = cell empty
    credit_limit: float | None = None
    raw: dict[str, Any] = field(default_factory=dict)  # field -> literal cell value override
    row: int = 0  # sheet row (1-based), filled by the writer


@dataclass
class Txn:
    invoice: str
    client_id: str  # canonical form
    date: dt.date | None  # None: unreadable or missing -> row left out (anomaly)
    amount: float | None  # None: unreadable or missing -> row left out (anomaly)
    status: str = "pending"  # a kind of STATUS_SPELLINGS
    remarks: str = ""
    due: dt.date | None = None  # Échéance cell
    pay_date: dt.date | None = None  # Date de paiement cell
    amount_paid: float | None = None  # Montant payé cell
    raw: dict[str, Any] = field(default_factory=dict)  # field -> literal cell value override
    anomaly: str = ""  # what was injected, for messages
    row: int = 0  # sheet row (1-based), filled by the writer
    cells: dict[str, Any] = field(default_factory=dict)  # what was actually written

    @property
    def valid(self) -> bool:
        return self.date is not None and self.amount is not None


class Ledger(NamedTuple):
    records: list[Txn]  # every transaction row written, in sheet order (bad rows included)
    clients: dict[str, Client]  # canonical id -> client
    layout: str
    lang: str


def canonical_id(value: Any) -> str:
    """The id as the owner wrote it, stripped, without a trailing `.0`."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    s = str(value).strip()
    if s.endswith(".0") and s[:-2].isdigit():
        s = s[:-2]
    return s


# --------------------------------------------------------------------------------------
# Rendering values the way owners type them
# --------------------------------------------------------------------------------------


def strip_accents(s: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)
    ).replace("\u0153", "oe")


def render_status(kind: str, lang: str, rng: random.Random | None) -> str:
    spellings = STATUS_SPELLINGS[kind]
    if rng is None:
        return spellings[lang][0]
    other = "en" if lang == "fr" else "fr"
    pool = spellings[lang] if rng.random() < 0.85 else spellings[other]
    s = rng.choice(pool)
    if not s:
        return s
    r = rng.random()
    if r < 0.2:
        s = s.lower()
    elif r < 0.35:
        s = s.upper()
    elif r < 0.45:
        s = s.capitalize()
    if rng.random() < 0.25:
        s = strip_accents(s)
    if rng.random() < 0.35:
        s += rng.choice([" ", "  ", "   "])
    return s


def french_amount_text(x: float, rng: random.Random) -> str:
    """`1 234,56 €` with normal, no-break or narrow no-break spaces (or none)."""
    cents = round(x * 100)
    units, dec = divmod(abs(cents), 100)
    sep = rng.choice([" ", "\u00a0", "\u202f", ""])
    s = f"{units:,}".replace(",", sep)
    if dec or rng.random() < 0.6:
        s += f",{dec:02d}"
    s += rng.choice([" €", "\u00a0€", "\u202f€", "€", ""])
    return ("-" if cents < 0 else "") + s


def render_amount(x: float, rng: random.Random | None, text_values: bool) -> Any:
    if rng is not None and text_values and rng.random() < 0.4:
        return french_amount_text(x, rng)
    if float(x).is_integer() and (rng is None or rng.random() < 0.5):
        return int(x)
    return float(x)


def render_date(d: dt.date, rng: random.Random | None, text_values: bool) -> Any:
    if rng is None:
        return d
    r = rng.random()
    if text_values and r < 0.25:
        return d.strftime("%d/%m/%Y")
    if text_values and r < 0.4:
        return d.isoformat()
    if r < 0.7:
        return dt.datetime(d.year, d.month, d.day)
    return d


def render_id(cid: str, rng: random.Random | None, mixed: bool) -> Any:
    if not cid.isdigit():
        return cid
    if rng is None or not mixed:
        return int(cid)
    return rng.choice([int(cid), int(cid), float(cid), cid, f" {cid} ", f"{cid}.0", f"{cid} "])


# --------------------------------------------------------------------------------------
# Writer
# --------------------------------------------------------------------------------------


def _write_title(ws, title_rows: int, title: str) -> None:
    assert 0 <= title_rows <= 9, "header must be within the first 10 rows"
    for i in range(title_rows):
        if i == 0:
            ws.cell(row=1, column=1, value=title)
        elif i == 1 and title_rows > 2:
            ws.cell(row=2, column=1, value="Mis à jour par le gérant")
        # other title rows stay blank


def write_ledger_workbook(
    path: str | Path,
    clients: dict[str, Client] | list[Client],
    txns: list[Txn],
    layout: str = "minimal",
    lang: str = "fr",
    rng: random.Random | None = None,
    text_values: bool = True,
    title_rows: int = 0,
    blank_rows: bool = False,
) -> Ledger:
    """Write `clients` and `txns` to `path`.

    With `rng=None` values are written canonically (real dates, numbers, integer ids, first
    spelling of the status); otherwise representations are drawn at random. `raw` overrides on
    a record are written literally. Returns the ledger with sheet rows filled in.
    """
    if isinstance(clients, list):
        clients = {c.client_id: c for c in clients}
    rich = layout == "rich"
    cf = CLIENT_FIELDS if rich else MINIMAL_CLIENT_FIELDS
    tf = TX_FIELDS if rich else MINIMAL_TX_FIELDS
    heads = HEADERS[lang]
    mixed = rng is not None and text_values

    wb = openpyxl.Workbook()
    ws_c = wb.active
    ws_c.title = "Clients"
    ws_t = wb.create_sheet("Transactions")

    # Clients ---------------------------------------------------------------------------
    _write_title(ws_c, title_rows, "Liste des clients" if lang == "fr" else "Customer list")
    row = title_rows + 1
    for j, f in enumerate(cf, start=1):
        ws_c.cell(row=row, column=j, value=heads["clients"][f])
    for c in clients.values():
        row += 1
        if blank_rows and rng is not None and rng.random() < 0.08:
            row += 1  # an empty row left by the owner
        c.row = row
        values = {
            "id": render_id(c.client_id, rng, mixed),
            "name": c.name,
            "address": c.address or None,
            "phone": c.phone or None,
            "email": c.email or None,
            "terms": c.terms,
            "limit": c.credit_limit,
        }
        values.update(c.raw)
        if not rich:
            assert c.terms is None, "minimal layout has no payment terms column"
        for j, f in enumerate(cf, start=1):
            cell = ws_c.cell(row=row, column=j, value=values[f])
            if f == "limit" and values[f] is not None:
                cell.number_format = "#,##0 €"

    # Transactions ----------------------------------------------------------------------
    _write_title(ws_t, title_rows, "Suivi des factures" if lang == "fr" else "Invoice tracking")
    row = title_rows + 1
    for j, f in enumerate(tf, start=1):
        ws_t.cell(row=row, column=j, value=heads["tx"][f])
    for t in txns:
        row += 1
        if blank_rows and rng is not None and rng.random() < 0.03:
            row += 1
        t.row = row
        if not rich:
            assert t.due is None and t.pay_date is None and t.amount_paid is None, (
                "minimal layout has no due/payment columns"
            )
        values: dict[str, Any] = {
            "date": None if t.date is None else render_date(t.date, rng, text_values),
            "client": render_id(t.client_id, rng, mixed),
            "invoice": t.invoice,
            "amount": None if t.amount is None else render_amount(t.amount, rng, text_values),
            "status": render_status(t.status, lang, rng if text_values else None) or None,
            "remarks": t.remarks or None,
            "due": None if t.due is None else render_date(t.due, rng, text_values),
            "pay_date": None if t.pay_date is None else render_date(t.pay_date, rng, text_values),
            "paid": None
            if t.amount_paid is None
            else render_amount(t.amount_paid, rng, text_values),
        }
        values.update(t.raw)
        t.cells = {f: values[f] for f in tf}
        for j, f in enumerate(tf, start=1):
            cell = ws_t.cell(row=row, column=j, value=values[f])
            if isinstance(values[f], dt.date):
                cell.number_format = "dd/mm/yyyy"
            elif f in ("amount", "paid") and isinstance(values[f], int | float):
                cell.number_format = "#,##0.00 €"
    wb.save(path)
    return Ledger(list(txns), dict(clients), layout, lang)


# --------------------------------------------------------------------------------------
# Random generator
# --------------------------------------------------------------------------------------

_COMPANY = [
    "Dupont SARL",
    "Martin & Fils",
    "Boulangerie Lefèvre",
    "Garage Moreau",
    "Café de la Gare",
    "Éts Rousseau",
    "L'Atelier Bernard",
    "Pharmacie Girard",
    "Menuiserie Faure",
    "Hôtel des Pins",
    "Fleurs & Cie",
    "Transports Mercier",
    "Cabinet Blanc",
    "Épicerie Chevalier",
    "Coiffure Élodie",
    "Brasserie Lambert",
    "SCI Bonnet",
    "Plomberie François",
    "Librairie Œuvre",
    "Studio Muller",
    "Ferme du Noyer",
    "Imprimerie Roux",
    "Traiteur Fontaine",
    "Auto-École Henry",
    "Acme Ltd",
    "Smith & Sons",
]
_STREETS = ["Rue A", "Rue B", "Avenue Foch", "Bd Voltaire", "Place du Marché", "Chemin Vert"]
_REMARKS = [
    "",
    "",
    "",
    "relancé par téléphone",
    "client fidèle",
    "voir mail du 12/03",
    "chèque annoncé",
    "à vérifier",
    "remise 5 %",
]
_BAD_DATES = ["31/02/2026", "30/02/2025", "2025-13-01", "demain", "à voir", "32/01/2026"]
_BAD_AMOUNTS = ["abc", "N/A", "?", "à définir"]

_KIND_WEIGHTS = {
    "paid": 34,
    "pending": 26,
    "overdue": 12,
    "partial": 10,
    "disputed": 8,
    "written_off": 6,
    "": 2,
}


def _random_amount(rng: random.Random) -> float:
    r = rng.random()
    if r < 0.25:
        return float(rng.choice([50, 100, 150, 200, 250, 500, 750, 1000, 1200, 1500, 2000, 5000]))
    if r < 0.85:
        return rng.randint(2000, 300000) / 100
    return rng.randint(300000, 2500000) / 100


def make_ledger_workbook(
    path: str | Path,
    rng: random.Random,
    n_invoices: int,
    layout: str = "minimal",
    lang: str = "fr",
    text_values: bool = True,
    bad_rows: bool = True,
    title_rows: int = 0,
) -> Ledger:
    """Build a random owner-style ledger at `path`; return the ground truth.

    `text_values=False` gives a clean workbook: real dates, numbers, integer ids, canonical
    status spellings (blank rows are still sprinkled in).
    """
    assert layout in ("minimal", "rich") and lang in ("fr", "en")
    rich = layout == "rich"

    n_clients = rng.randint(8, 20)
    ids = rng.sample(range(1, 150), n_clients)
    names = rng.sample(_COMPANY, n_clients)
    clients: dict[str, Client] = {}
    for cid, name in zip(ids, names, strict=True):
        key = str(cid)
        terms = None
        limit = None
        if rich:
            if rng.random() < 0.65:
                terms = rng.choice([15, 30, 30, 45, 60])
            limit = float(rng.choice([1000, 5000, 10000, 20000])) if rng.random() < 0.7 else None
        clients[key] = Client(
            client_id=key,
            name=name,
            address=f"{rng.randint(1, 200)} {rng.choice(_STREETS)}",
            phone="0" + "".join(str(rng.randint(0, 9)) for _ in range(9)),
            email=strip_accents(name.split()[0]).lower().replace("'", "") + "@example.com",
            terms=terms,
            credit_limit=limit,
        )

    start = dt.date(2025, 1, 2)
    span = 480
    dates = sorted(start + dt.timedelta(days=rng.randint(0, span)) for _ in range(n_invoices))
    for _ in range(n_invoices // 20):  # owners are not perfectly chronological
        i = rng.randrange(max(1, n_invoices - 1))
        dates[i], dates[i + 1] = dates[i + 1], dates[i]

    kinds = list(_KIND_WEIGHTS)
    weights = list(_KIND_WEIGHTS.values())
    prefix = "Facture #" if lang == "fr" else "INV-"
    txns: list[Txn] = []
    for i, d in enumerate(dates, start=1):
        kind = rng.choices(kinds, weights)[0]
        amount = _random_amount(rng)
        t = Txn(
            invoice=f"{prefix}{i:04d}",
            client_id=str(rng.choice(ids)),
            date=d,
            amount=amount,
            status=kind,
        )
        if rich:
            t.remarks = rng.choice(_REMARKS)
            if rng.random() < 0.35:
                t.due = d + dt.timedelta(days=rng.choice([0, 10, 15, 30, 45, 60, 90]))
            if kind == "paid":
                if rng.random() < 0.7:
                    t.pay_date = d + dt.timedelta(days=rng.randint(0, 110))
                if rng.random() < 0.4:
                    t.amount_paid = amount
            elif kind == "partial":
                if rng.random() < 0.9:
                    t.amount_paid = round(amount * rng.uniform(0.1, 0.9), 2)
                if rng.random() < 0.6:
                    t.pay_date = d + dt.timedelta(days=rng.randint(0, 90))
            elif kind in ("disputed", "written_off"):
                if rng.random() < 0.2:
                    t.amount_paid = round(amount * rng.uniform(0.1, 0.6), 2)
                    t.pay_date = d + dt.timedelta(days=rng.randint(0, 90))
            elif kind in ("pending", "overdue", ""):
                r = rng.random()
                if r < 0.05:  # owner wrote the payment date but not the status
                    t.pay_date = d + dt.timedelta(days=rng.randint(0, 90))
                elif r < 0.08:
                    t.amount_paid = round(amount * rng.uniform(0.1, 0.9), 2)
                    t.pay_date = d + dt.timedelta(days=rng.randint(0, 90))
        txns.append(t)

    if bad_rows:
        n_bad = max(6, n_invoices // 20)
        bad_kinds = [
            "bad_date",
            "missing_date",
            "bad_amount",
            "missing_amount",
            "unknown_client",
            "duplicate_invoice",
        ]
        for k in range(n_bad):
            what = bad_kinds[k % len(bad_kinds)]
            pos = rng.randint(1, len(txns))
            d = start + dt.timedelta(days=rng.randint(0, span))
            amount = _random_amount(rng)
            t = Txn(
                invoice=f"{prefix}X{k:03d}",
                client_id=str(rng.choice(ids)),
                date=d,
                amount=amount,
                status=rng.choice(["pending", "overdue", "paid"]),
                anomaly=what,
            )
            if what == "bad_date":
                t.date = None
                t.raw["date"] = rng.choice(_BAD_DATES)
            elif what == "missing_date":
                t.date = None
            elif what == "bad_amount":
                t.amount = None
                t.raw["amount"] = rng.choice(_BAD_AMOUNTS)
            elif what == "missing_amount":
                t.amount = None
            elif what == "unknown_client":
                t.client_id = str(rng.randint(900, 999))
            elif what == "duplicate_invoice":
                t.invoice = rng.choice([x for x in txns[:pos] if not x.anomaly]).invoice
            txns.insert(pos, t)

    return write_ledger_workbook(
        path,
        clients,
        txns,
        layout=layout,
        lang=lang,
        rng=rng,
        text_values=text_values,
        title_rows=title_rows,
        blank_rows=True,
    )


# --------------------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------------------


def due_date(t: Txn, clients: dict[str, Client]) -> dt.date:
    assert t.date is not None
    if t.due is not None:
        return t.due
    c = clients.get(t.client_id)
    if c is not None and c.terms is not None:
        return t.date + dt.timedelta(days=c.terms)
    return t.date + dt.timedelta(days=DEFAULT_TERMS)


def paid_amount(t: Txn, as_of: dt.date) -> float:
    assert t.amount is not None
    if t.pay_date is not None and t.pay_date > as_of:
        return 0.0
    if t.amount_paid is not None:
        return t.amount_paid
    if t.status == "paid" or t.pay_date is not None:
        return t.amount
    return 0.0


def bucket_of(days_overdue: int) -> str:
    if days_overdue <= 0:
        return "current"
    if days_overdue <= 30:
        return "1-30"
    if days_overdue <= 60:
        return "31-60"
    if days_overdue <= 90:
        return "61-90"
    return "91+"


def expected_row(t: Txn, clients: dict[str, Client], as_of: dt.date) -> dict[str, Any]:
    assert t.valid and t.date is not None and t.amount is not None
    due = due_date(t, clients)
    paid = paid_amount(t, as_of)
    balance = t.amount - paid
    if t.status == "written_off":
        status = "written_off"
    elif round(balance, 9) <= PAID_TOLERANCE:
        status = "paid"
    elif t.status == "disputed":
        status = "disputed"
    elif as_of > due:
        status = "overdue"
    else:
        status = "pending"

    is_open = status in OPEN_STATUSES
    days = max(0, (as_of - due).days) if is_open else 0
    bucket = bucket_of(days) if is_open else ""
    if status == "overdue":
        reminder: int | None = sum(days >= th for th in REMINDER_THRESHOLDS)
    elif status == "pending" and 0 <= (due - as_of).days <= PRE_DUE_WINDOW:
        reminder = 0
    else:
        reminder = None
    client = clients.get(t.client_id)
    return {
        "invoice": t.invoice,
        "client_id": t.client_id,
        "client_name": client.name if client is not None else "",
        "date": t.date,
        "due_date": due,
        "amount": t.amount,
        "paid": paid,
        "balance": balance,
        "status": status,
        "days_overdue": days,
        "bucket": bucket,
        "reminder_level": reminder,
        "_row": t.row,
    }


def expected_by_invoice(
    records: list[Txn], clients: dict[str, Client], as_of: dt.date
) -> list[dict[str, Any]]:
    """One row per valid transaction dated on or before `as_of`, in sheet order."""
    out = []
    for t in sorted(records, key=lambda r: r.row):
        if not t.valid:
            continue
        assert t.date is not None
        if t.date > as_of:
            continue
        out.append(expected_row(t, clients, as_of))
    return out


def expected_by_client(
    records: list[Txn], clients: dict[str, Client], as_of: dt.date
) -> dict[str, dict[str, Any]]:
    """client_id -> {client_name, buckets..., total, known, _n}; only clients with open items.

    `known`: the id is in the Clients sheet; `_n`: how many items were summed per column.
    """
    out: dict[str, dict[str, Any]] = {}
    for r in expected_by_invoice(records, clients, as_of):
        if r["status"] not in OPEN_STATUSES:
            continue
        agg = out.setdefault(
            r["client_id"],
            {
                "client_id": r["client_id"],
                "client_name": r["client_name"],
                **{b: 0.0 for b in BUCKETS},
                "credits": 0.0,  # the generator writes no credit notes nor payments
                "total": 0.0,
                "known": r["client_id"] in clients,
                "_n": dict.fromkeys((*BUCKETS, "credits", "total"), 0),
            },
        )
        agg[r["bucket"]] += r["balance"]
        agg["total"] += r["balance"]
        agg["_n"][r["bucket"]] += 1
        agg["_n"]["total"] += 1
    return out


# --------------------------------------------------------------------------------------
# Parsing the CLI output and comparing
# --------------------------------------------------------------------------------------


def parse_csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.reader(io.StringIO(text))
    rows = [r for r in reader if r]
    if not rows:
        return [], []
    header = rows[0]
    return header, [dict(zip(header, r, strict=False)) for r in rows[1:]]


def _num(s: str) -> float | None:
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def _cmp_amount(actual: str, expected: float, n_terms: int = 1) -> bool:
    """Within 0.005 per summed term (an engine may round each balance to the cent)."""
    a = _num(actual)
    return a is not None and abs(a - expected) <= PAID_TOLERANCE * max(1, n_terms) + 1e-9


def _cmp_int(actual: str, expected: int | None) -> bool:
    if expected is None:
        return actual == ""
    return actual.strip().lstrip("-").isdigit() and int(actual) == expected


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".")
    return str(v)


def compare_invoice_row(actual: dict[str, str], exp: dict[str, Any]) -> list[str]:
    """Names of fields that differ, with actual vs expected."""
    bad = []
    for f in INVOICE_HEADER:
        a = actual.get(f)
        if a is None:
            bad.append(f"{f}: missing column")
            continue
        e = exp[f]
        if f in ("amount", "paid", "balance"):
            ok = _cmp_amount(a, e)
        elif f in ("days_overdue", "reminder_level"):
            ok = _cmp_int(a, e)
        elif f in ("date", "due_date"):
            ok = a == e.isoformat()
        else:
            ok = a == (e or "")
        if not ok:
            bad.append(f"{f}: got {a!r}, expected {_fmt(e)!r}")
    return bad


def compare_by_invoice(
    actual: list[dict[str, str]],
    expected: list[dict[str, Any]],
    records: list[Txn] | None = None,
    limit: int = 25,
) -> list[str]:
    by_row = {t.row: t for t in records or []}
    problems: list[str] = []
    if len(actual) != len(expected):
        problems.append(f"row count: got {len(actual)}, expected {len(expected)}")
        got = [r.get("invoice") for r in actual]
        want = [r["invoice"] for r in expected]
        extra = [x for x in got if x not in want]
        missing = [x for x in want if x not in got]
        if extra:
            problems.append(f"  unexpected invoices: {extra[:15]}")
        if missing:
            problems.append(f"  missing invoices: {missing[:15]}")
    for i, (a, e) in enumerate(zip(actual, expected, strict=False)):
        diffs = compare_invoice_row(a, e)
        if diffs:
            t = by_row.get(e["_row"])
            src = f" cells={t.cells!r} truth={_truth(t)}" if t is not None else ""
            problems.append(f"output row {i + 1} (sheet row {e['_row']}, {e['invoice']}):{src}")
            problems.extend("    " + d for d in diffs)
        if len(problems) > limit:
            problems.append("  ... (more)")
            break
    return problems


def _truth(t: Txn) -> str:
    return (
        f"{{date={_fmt(t.date)}, amount={_fmt(t.amount)}, status={t.status!r}, due={_fmt(t.due)},"
        f" pay_date={_fmt(t.pay_date)}, amount_paid={_fmt(t.amount_paid)}}}"
    )


def compare_by_client(
    actual: list[dict[str, str]],
    expected: dict[str, dict[str, Any]],
    require_unknown_clients: bool = False,
) -> list[str]:
    """Compare as a set keyed by client_id.

    Rows for client ids absent from the Clients sheet are optional unless
    `require_unknown_clients` (the definition says "one row per client"; whether an unknown
    id counts as a client is not said), but when present they must be right.
    """
    problems: list[str] = []
    seen: dict[str, dict[str, str]] = {}
    for r in actual:
        cid = r.get("client_id", "")
        if cid in seen:
            problems.append(f"client {cid!r} appears twice")
        seen[cid] = r
    for cid, e in expected.items():
        a = seen.get(cid)
        if a is None:
            if e["known"] or require_unknown_clients:
                problems.append(f"client {cid!r} missing; expected {_fmt_client(e)}")
            continue
        diffs = []
        if a.get("client_name", None) != e["client_name"]:
            diffs.append(
                f"client_name: got {a.get('client_name')!r}, expected {e['client_name']!r}"
            )
        for f in (*BUCKETS, "credits", "total"):
            if f not in a:
                diffs.append(f"{f}: missing column")
            elif not _cmp_amount(a[f], e[f], e["_n"][f]):
                diffs.append(f"{f}: got {a[f]!r}, expected {_fmt(e[f])!r}")
        if diffs:
            problems.append(f"client {cid!r}:")
            problems.extend("    " + d for d in diffs)
    for cid in seen:
        if cid not in expected:
            problems.append(f"unexpected client row {cid!r}: {seen[cid]}")
    return problems


def _fmt_client(e: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}={_fmt(e[k])}" for k in ("client_name", *BUCKETS, "total")) + "}"


# --------------------------------------------------------------------------------------
# Reading back our own workbooks (generator self-check only; deliberately tiny and only for
# the representations this module writes)
# --------------------------------------------------------------------------------------


def decode_own_date(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(v, fmt).date()
            except ValueError:
                pass
    return None


def decode_own_amount(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, str):
        s = v.replace("€", "")
        for ch in (" ", "\u00a0", "\u202f"):
            s = s.replace(ch, "")
        s = s.replace(",", ".")
        try:
            return float(s)
        except ValueError:
            return None
    return None
