"""Generate the French sample behind `arxl demo`: clients.csv and transactions.csv.

Deterministic (random.Random(SEED)): running it again rewrites the same bytes. The data is a
small IT services company's receivables from 01/11/2025 to 31/10/2026, seen on 31/10/2026
(REFERENCE_DATE, the as-of date the demo writes into Paramètres). Typed statuses drift from
reality as real owners' do, and a handful of owner mistakes are planted for the Anomalies sheet.

    python sample_data/make_sample.py [--out DIR] [--seed N]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from arxl.vocab import (
    CLIENT_HEADERS,
    TRANSACTION_HEADERS,
    Field,
    Lang,
    bucket_codes,
    written_header,
)

SEED = 2026
REFERENCE_DATE = dt.date(2026, 10, 31)
N_INVOICES = 350
DEFAULT_TERMS = 30  # Settings.default_terms: the due date when neither Échéance nor terms
BUCKET_BOUNDS = (30, 60, 90)

AMOUNT_AS_TEXT, AMOUNT_AS_TEXT_VALUE = "1 250,00 €", 1250.0  # an owner mistake, planted

PAID = "Payé"
PENDING = "En attente"
OVERDUE = "En retard"
PARTIAL = "Partiellement payé"
DISPUTED = "Litige"
WRITTEN_OFF = "Irrécouvrable"


@dataclass
class Client:
    client_id: int
    name: str
    address: str
    phone: str
    email: str
    terms: int | None
    credit_limit: float | None
    profile: str  # payment habit: good, average, slow, bad, liquidated
    weight: float  # share of the invoices
    size: float  # typical invoice amount before VAT


# Clients 1 and 2 are the seed guide's own example rows, kept as the guide writes them.
# name | address | phone area code | terms | credit limit | payment habit | weight | usual HT
CLIENT_TABLE = """
Dupont SARL | 123 Rue A | | 30 | 10000 | good | 3 | 900
Martin & Fils | 456 Rue B | | 45 | | slow | 2 | 600
Boulangerie Lefèvre | 8 place du Marché, 35000 Rennes | 02 | | | good | 1 | 250
Garage Moreau SAS | 27 avenue Jean Jaurès, 69007 Lyon | 04 | 30 | 8000 | average | 3 | 1100
Cabinet Bernard Architectes | 5 rue de la Paix, 75002 Paris | 01 | 30 | | good | 3 | 1500
Hôtel du Parc | 14 boulevard Victor Hugo, 06000 Nice | 04 | 45 | 15000 | slow | 4 | 2600
Transports Girard SARL | 12 rue Denis Papin, 33700 Mérignac | 05 | 60 | 20000 | average | 4 | 3000
Pharmacie Centrale | 3 rue Nationale, 59000 Lille | 03 | 30 | | good | 2 | 700
Restaurant Le Petit Zinc | 41 rue Sainte-Catherine, 33000 Bordeaux | 05 | | | slow | 1.5 | 400
Menuiserie Roux & Associés | 18 chemin des Vignes, 84000 Avignon | 04 | 45 | 5000 | bad | 2 | 1200
Clinique Vétérinaire des Alpes | 9 rue Lesdiguières, 38000 Grenoble | 04 | 30 | | good | 1.5 | 800
Imprimerie Fournier | 62 rue du Faubourg Saint-Antoine, 75012 Paris | 01 | 45 | | average | 2 | 1300
SCI Les Tilleuls | 7 allée des Tilleuls, 44000 Nantes | 02 | | | average | 1 | 500
Immobilière Mercier | 22 cours Mirabeau, 13100 Aix-en-Provence | 04 | 30 | 6000 | average | 2 | 900
Électricité Blanc & Cie | 115 avenue de Muret, 31300 Toulouse | 05 | 60 | 10000 | bad | 2 | 1800
Librairie Chevalier | 4 rue des Carmes, 45000 Orléans | 02 | 30 | | good | 1 | 300
Fromagerie Gauthier | 30 rue Gambetta, 25000 Besançon | 03 | | | average | 1 | 350
Camping Les Pins | 1 route de la Plage, 40200 Mimizan | 05 | 30 | | slow | 1.5 | 1000
Bistrot Faure | 11 quai Saint-Antoine, 69002 Lyon | 04 | 30 | 3000 | liquidated | 1 | 600
Lambert Matériaux | 56 rue de l'Industrie, 67100 Strasbourg | 03 | 60 | 25000 | average | 3 | 3500
Cave Bonnet | 19 rue du Général Leclerc, 51100 Reims | 03 | 45 | | good | 1 | 450
Auto-École Dubois | 2 place de la Gare, 37000 Tours | 02 | | | average | 1 | 300
Laboratoire Perrin | 10 rue Pascal, 63000 Clermont-Ferrand | 04 | 60 | 20000 | good | 2 | 4000
Fleurs Morel | 6 rue d'Antibes, 06400 Cannes | 04 | 30 | | slow | 1 | 250
Studio Vincent Photographie | 33 rue Oberkampf, 75011 Paris | 01 | 45 | | average | 1 | 700
"""
SEED_PHONES = {1: "0123456789", 2: "0987654321"}
SEED_EMAILS = {1: "dupont@example.com", 2: "martin@example.com"}
# Bistrot Faure orders until February, then goes into liquidation: its last 2 invoices
# are written off.
LIQUIDATION_DATE = dt.date(2026, 4, 14)
LAST_ORDER = {"Bistrot Faure": dt.date(2026, 2, 28)}

# Days between the due date and the payment: (mean, standard deviation) by habit.
DELAYS = {
    "good": (-2, 5),
    "average": (6, 9),
    "slow": (18, 14),
    "bad": (45, 40),
    "liquidated": (45, 20),
}
FORGOTTEN_RATE = 0.05  # invoices paid very late whatever the client's habit

DISPUTE_REMARKS = [
    "Contestation : livraison incomplète",
    "Litige sur la quantité facturée",
    "Client conteste le tarif appliqué",
    "Prestation contestée, en attente de l'expertise",
]
PAID_REMARKS = ["Virement reçu", "Chèque n° {n}", "Payé par carte", "Virement reçu, merci"]
ORDER_REMARK = "Bon de commande n° BC-{y}-{n:03d}"


def slug(text: str) -> str:
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"\b(sarl|sas|et|cie)\b", " ", s.replace("&", " "))
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def fr_date(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def fr_amount(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def fr_money(x: float) -> str:
    """1820.0 -> "1 820,00 €", as an owner writes it in a remark."""
    return f"{x:,.2f} €".replace(",", " ").replace(".", ",")


def make_clients(rng: random.Random) -> list[Client]:
    clients = []
    for i, line in enumerate(CLIENT_TABLE.strip().splitlines(), start=1):
        name, address, area, terms, limit, profile, weight, size = (
            x.strip() for x in line.split("|")
        )
        if i in SEED_PHONES:
            phone, email = SEED_PHONES[i], SEED_EMAILS[i]
        else:
            digits = [rng.randint(10, 99) for _ in range(4)]
            phone = " ".join([area, *map(str, digits)])
            domain = rng.choice(["example.fr", "example.fr", "example.com"])
            box = rng.choice(["contact", "compta", "comptabilite", "facturation"])
            email = f"{box}@{slug(name)}.{domain}"
        clients.append(
            Client(
                i,
                name,
                address,
                phone,
                email,
                int(terms) if terms else None,
                float(limit) if limit else None,
                profile,
                float(weight),
                float(size),
            )
        )
    return clients


def business_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days, d = [], start
    while d <= end:
        if d.weekday() < 5:
            days.append(d)
        d += dt.timedelta(days=1)
    return days


def invoice_amount(rng: random.Random, client: Client) -> float:
    """Amount incl. VAT: a round pre-VAT price around the client's usual size, plus 20 %."""
    ht = client.size * rng.lognormvariate(0, 0.55)
    ht = min(max(ht, 125.0), 10000.0)
    ht = round(ht / 5) * 5
    return round(ht * 1.2, 2)


def due_date(client: Client, date: dt.date) -> dt.date:
    return date + dt.timedelta(days=client.terms or DEFAULT_TERMS)


def payment_delay(rng: random.Random, client: Client) -> int:
    mean, sd = DELAYS[client.profile]
    delay = round(rng.gauss(mean, sd))
    if rng.random() < FORGOTTEN_RATE:
        delay += rng.randint(60, 200)
    return delay


def make_transactions(rng: random.Random, clients: list[Client]) -> list[dict[str, object]]:
    """Rows keyed by Field value, values as Python objects (dates, floats, str)."""
    by_id = {c.client_id: c for c in clients}
    days = business_days(dt.date(2025, 11, 5), REFERENCE_DATE)
    dates = sorted(rng.choice(days) for _ in range(N_INVOICES - 2))
    rows: list[dict[str, object]] = []

    # The seed guide's two invoices, moved into the sample's year.
    rows.append(_seed_row(by_id[1], dt.date(2025, 11, 3), 1000.0))
    rows.append(_seed_row(by_id[2], dt.date(2025, 11, 5), 500.0))

    for date in dates:
        eligible = [c for c in clients if date <= LAST_ORDER.get(c.name, REFERENCE_DATE)]
        client = rng.choices(eligible, weights=[c.weight for c in eligible])[0]
        rows.append(_invoice_row(rng, client, date))

    _plant_stories(rng, rows)
    for n, row in enumerate(rows, start=1):
        row.setdefault(Field.INVOICE.value, f"Facture #{n:03d}")
    _plant_mistakes(rows)
    _plant_credits(rng, rows)
    _drop_internal(rows)
    return rows


def _seed_row(client: Client, date: dt.date, amount: float) -> dict[str, object]:
    row: dict[str, object] = {
        "_client": client,
        Field.DATE.value: date,
        Field.CLIENT_ID.value: client.client_id,
        Field.AMOUNT.value: amount,
    }
    if client.client_id == 1:
        row.update(
            {
                Field.STATUS.value: PAID,
                Field.PAYMENT_DATE.value: dt.date(2025, 11, 28),
                Field.AMOUNT_PAID.value: amount,
            }
        )
    else:
        # Never chased: still "En attente" a year later.
        row.update({Field.STATUS.value: PENDING, "_keep": True})
    return row


def _invoice_row(rng: random.Random, client: Client, date: dt.date) -> dict[str, object]:
    amount = invoice_amount(rng, client)
    due = due_date(client, date)
    row: dict[str, object] = {
        "_client": client,
        Field.DATE.value: date,
        Field.CLIENT_ID.value: client.client_id,
        Field.AMOUNT.value: amount,
    }
    if rng.random() < 0.5:
        row[Field.DUE_DATE.value] = due
    paid_on = max(due + dt.timedelta(days=payment_delay(rng, client)), date + dt.timedelta(days=2))
    if paid_on <= REFERENCE_DATE:
        row[Field.STATUS.value] = PAID
        row[Field.PAYMENT_DATE.value] = paid_on
        if rng.random() < 0.7:
            row[Field.AMOUNT_PAID.value] = amount
        late = (paid_on - due).days
        if late > 20 and rng.random() < 0.5:
            reminder = due + dt.timedelta(days=rng.randint(8, min(late - 3, 20)))
            row[Field.REMARKS.value] = f"Relance envoyée le {fr_date(reminder)}"
        elif rng.random() < 0.12:
            row[Field.REMARKS.value] = rng.choice(PAID_REMARKS).format(
                n=rng.randint(1000000, 9999999)
            )
    else:
        overdue = (REFERENCE_DATE - due).days
        # Owners update statuses late: most overdue invoices still say "En attente".
        row[Field.STATUS.value] = OVERDUE if overdue > 0 and rng.random() < 0.35 else PENDING
        if overdue > 10 and rng.random() < 0.6:
            reminder = due + dt.timedelta(days=rng.randint(7, min(overdue, 30)))
            text = f"Relance envoyée le {fr_date(reminder)}"
            if overdue > 45:
                call = reminder + dt.timedelta(days=rng.randint(10, 15))
                if call <= REFERENCE_DATE:
                    text += f", appel le {fr_date(call)} : promet un paiement"
            row[Field.REMARKS.value] = text
        elif rng.random() < 0.08:
            row[Field.REMARKS.value] = ORDER_REMARK.format(y=date.year, n=rng.randint(1, 200))
    return row


def _plant_stories(rng: random.Random, rows: list[dict[str, object]]) -> None:
    """Written-off and disputed invoices, partial payments, paid rows without a payment date."""
    # The liquidated client's last 2 invoices were never paid.
    for row in [r for r in rows if r["_client"].profile == "liquidated"][-2:]:
        for key in (Field.PAYMENT_DATE.value, Field.AMOUNT_PAID.value):
            row.pop(key, None)
        row[Field.STATUS.value] = WRITTEN_OFF
        row[Field.REMARKS.value] = (
            f"Liquidation judiciaire le {fr_date(LIQUIDATION_DATE)}, créance déclarée"
        )

    # 4 disputes on invoices of spring and summer 2026, left unpaid.
    spring = [
        r
        for r in rows
        if dt.date(2026, 4, 1) <= r[Field.DATE.value] <= dt.date(2026, 9, 15)
        and r["_client"].profile in ("average", "slow", "bad")
    ]
    for row, remark in zip(rng.sample(spring, 4), DISPUTE_REMARKS, strict=True):
        for key in (Field.PAYMENT_DATE.value, Field.AMOUNT_PAID.value):
            row.pop(key, None)
        row[Field.STATUS.value] = DISPUTED
        row[Field.REMARKS.value] = remark

    # 5 partial payments on invoices still open at the reference date.
    open_rows = [
        r
        for r in rows
        if r[Field.STATUS.value] in (PENDING, OVERDUE)
        and not r.get("_keep")
        and r[Field.AMOUNT.value] >= 600
        and r[Field.DATE.value] <= REFERENCE_DATE - dt.timedelta(days=30)
    ]
    for row in rng.sample(open_rows, 5):
        amount = row[Field.AMOUNT.value]
        paid = round(amount * rng.uniform(0.3, 0.6), -1)
        start = row[Field.DATE.value] + dt.timedelta(days=7)
        span = min(40, (REFERENCE_DATE - start).days - 3)
        on = start + dt.timedelta(days=rng.randint(0, span))
        row[Field.STATUS.value] = PARTIAL
        row[Field.AMOUNT_PAID.value] = paid
        row[Field.PAYMENT_DATE.value] = on
        row[Field.REMARKS.value] = f"Acompte de {fr_money(paid)} reçu le {fr_date(on)}"

    # 3 old invoices marked Payé without the payment date.
    old_paid = [
        r
        for r in rows
        if r[Field.STATUS.value] == PAID
        and r[Field.DATE.value] < dt.date(2026, 1, 1)
        and r[Field.CLIENT_ID.value] != 1
    ]
    for row in rng.sample(old_paid, 3):
        row.pop(Field.PAYMENT_DATE.value, None)
        row.pop(Field.AMOUNT_PAID.value, None)


def _find(rows: list[dict[str, object]], start: dt.date, pred) -> dict[str, object]:
    for row in rows:
        if (
            isinstance(row[Field.DATE.value], dt.date)
            and row[Field.DATE.value] >= start
            and pred(row)
        ):
            return row
    raise LookupError(start)


def plain_paid(row: dict[str, object]) -> bool:
    return row[Field.STATUS.value] == PAID and Field.REMARKS.value not in row


def plain_pending(row: dict[str, object]) -> bool:
    return row[Field.STATUS.value] == PENDING and Field.REMARKS.value not in row


def _plant_mistakes(rows: list[dict[str, object]]) -> None:
    """The owner mistakes the Anomalies sheet should show (one of each)."""

    # 1. An impossible date typed as text.
    row = _find(rows, dt.date(2026, 2, 23), plain_paid)
    row[Field.DATE.value] = "31/02/2026"
    row.pop(Field.DUE_DATE.value, None)

    # 2. An amount typed as text with a thousands space and the euro sign (valid, 1 250 €).
    row = _find(rows, dt.date(2026, 10, 12), plain_pending)
    row[Field.AMOUNT.value] = AMOUNT_AS_TEXT

    # 3. A client id that is not in the Clients sheet.
    row = _find(rows, dt.date(2026, 6, 15), plain_pending)
    row[Field.CLIENT_ID.value] = 99

    # 4. An invoice number typed twice: the next invoice repeats the previous number.
    row = _find(rows, dt.date(2026, 5, 18), lambda r: True)
    i = rows.index(row)
    for later in rows[i + 1 :]:
        number = int(str(later[Field.INVOICE.value]).removeprefix("Facture #"))
        later[Field.INVOICE.value] = f"Facture #{number - 1:03d}"

    # 5. Marked Payé while the amount paid is lower than the amount.
    row = _find(rows, dt.date(2026, 4, 6), lambda r: plain_paid(r) and r[Field.AMOUNT.value] > 1500)
    row[Field.AMOUNT_PAID.value] = round(row[Field.AMOUNT.value] - 400, 2)


def _open_plain(row: dict[str, object]) -> bool:
    return (
        row.get(Field.STATUS.value) in (PENDING, OVERDUE)
        and Field.REMARKS.value not in row
        and isinstance(row[Field.DATE.value], dt.date)
        and isinstance(row[Field.AMOUNT.value], float)
        and row[Field.AMOUNT.value] >= 600
        and row[Field.CLIENT_ID.value] != 99
    )


def _insert_by_date(rows: list[dict[str, object]], row: dict[str, object]) -> None:
    """Insert a row where its date falls (the owner types them as they come)."""
    day = row[Field.DATE.value]
    at = next(
        (
            i
            for i, r in enumerate(rows)
            if isinstance(r[Field.DATE.value], dt.date) and r[Field.DATE.value] > day
        ),
        len(rows),
    )
    rows.insert(at, row)


def _plant_credits(rng: random.Random, rows: list[dict[str, object]]) -> None:
    """Credit notes and an advance typed in the same list as negative rows, as owners do: a
    discount naming its invoice, a credit note cancelling a whole invoice, an advance that
    names none (cash application sets it against the client's oldest invoice)."""
    candidates = [
        r
        for r in rows
        if _open_plain(r)
        and dt.date(2026, 6, 1) <= r[Field.DATE.value] <= REFERENCE_DATE - dt.timedelta(days=45)
    ]
    discount, cancelled = rng.sample(candidates, 2)
    for invoice, share, text in (
        (discount, 0.1, "Avoir remise commerciale 10 % sur {n}"),
        (cancelled, 1.0, "Avoir annulant la {n} (prestation non réalisée)"),
    ):
        amount = round(invoice[Field.AMOUNT.value] * share, 2)
        _insert_by_date(
            rows,
            {
                Field.DATE.value: invoice[Field.DATE.value] + dt.timedelta(days=12),
                Field.CLIENT_ID.value: invoice[Field.CLIENT_ID.value],
                Field.INVOICE.value: text.format(n=invoice[Field.INVOICE.value]),
                Field.AMOUNT.value: -amount,
            },
        )
    owing = sorted({r[Field.CLIENT_ID.value] for r in rows if _open_plain(r)} - {1, 2})
    _insert_by_date(
        rows,
        {
            Field.DATE.value: dt.date(2026, 10, 20),
            Field.CLIENT_ID.value: rng.choice(owing),
            Field.INVOICE.value: "Acompte reçu par virement",
            Field.AMOUNT.value: -800.0,
        },
    )


def _drop_internal(rows: list[dict[str, object]]) -> None:
    for row in rows:
        for key in [k for k in row if k.startswith("_")]:
            del row[key]


# --- output -------------------------------------------------------------------------------


def client_records(clients: list[Client]) -> list[dict[str, object]]:
    return [
        {
            Field.CLIENT_ID.value: c.client_id,
            Field.NAME.value: c.name,
            Field.ADDRESS.value: c.address,
            Field.PHONE.value: c.phone,
            Field.EMAIL.value: c.email,
            Field.TERMS.value: c.terms,
            Field.CREDIT_LIMIT.value: c.credit_limit,
        }
        for c in clients
    ]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return fr_date(value)
    if isinstance(value, float):
        return fr_amount(value)
    return str(value)


def write_csv(path: Path, table: dict, rows: list[dict[str, object]]) -> None:
    fields = list(table)
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter=";", lineterminator="\n")
        out.writerow([written_header(table, f, Lang.FR) for f in fields])
        for row in rows:
            out.writerow([_cell(row.get(f.value)) for f in fields])


def aging_summary(clients: list[Client], rows: list[dict[str, object]]) -> dict[str, float]:
    """Open balance by bucket at REFERENCE_DATE (the generator's own view, for the README):
    each credit (a negative row) settles the invoice it names, else the client's oldest
    undisputed open invoice by due date."""
    terms = {c.client_id: c.terms for c in clients}
    open_rows: list[list[object]] = []  # [client, due, number, balance, disputed]
    credits: list[dict[str, object]] = []
    for row in rows:
        status, date = row.get(Field.STATUS.value), row.get(Field.DATE.value)
        amount = row.get(Field.AMOUNT.value)
        if amount == AMOUNT_AS_TEXT:
            amount = AMOUNT_AS_TEXT_VALUE
        if not isinstance(date, dt.date) or status in (PAID, WRITTEN_OFF):
            continue
        if amount < 0:
            credits.append(row)
            continue
        due = row.get(Field.DUE_DATE.value) or date + dt.timedelta(
            days=terms.get(row[Field.CLIENT_ID.value]) or DEFAULT_TERMS
        )
        balance = amount - (row.get(Field.AMOUNT_PAID.value) or 0.0)
        client, number = row[Field.CLIENT_ID.value], row[Field.INVOICE.value]
        open_rows.append([client, due, number, balance, status == DISPUTED])
    for credit in sorted(credits, key=lambda r: r[Field.DATE.value]):
        left = -credit[Field.AMOUNT.value]
        text = str(credit[Field.INVOICE.value])
        mine = [r for r in open_rows if r[0] == credit[Field.CLIENT_ID.value]]
        named = [r for r in mine if re.search(re.escape(str(r[2])) + r"(?!\d)", text)]
        oldest = sorted((r for r in mine if not r[4]), key=lambda r: r[1])
        for r in [*named, *oldest]:
            take = min(left, r[3])
            r[3], left = round(r[3] - take, 2), round(left - take, 2)
    out = dict.fromkeys(bucket_codes(BUCKET_BOUNDS), 0.0)
    for _, due, _, balance, _ in open_rows:
        if balance <= 0:
            continue
        days = (REFERENCE_DATE - due).days
        index = sum(days > bound for bound in (0, *BUCKET_BOUNDS))
        out[list(out)[index]] += balance
    return out


def check(rows: list[dict[str, object]], summary: dict[str, float]) -> None:
    """What the demo relies on; a change of seed or rule that breaks it fails loudly."""
    statuses = [row.get(Field.STATUS.value) for row in rows]
    assert statuses.count(WRITTEN_OFF) == 2, statuses.count(WRITTEN_OFF)
    assert statuses.count(DISPUTED) == 4
    assert statuses.count(PARTIAL) == 5
    assert all(v > 0 for v in summary.values()), summary
    values = list(summary.values())
    assert values[0] + values[1] > 0.6 * sum(values), summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    clients = make_clients(rng)
    rows = make_transactions(rng, clients)
    write_csv(args.out / "clients.csv", CLIENT_HEADERS, client_records(clients))
    write_csv(args.out / "transactions.csv", TRANSACTION_HEADERS, rows)
    summary = aging_summary(clients, rows)
    check(rows, summary)
    total = sum(summary.values())
    print(f"{len(clients)} clients, {len(rows)} invoices, open at {fr_date(REFERENCE_DATE)}:")
    for key, value in summary.items():
        print(f"  {key:>8}: {value:12,.2f} € ({value / total:5.1%})")
    counts: dict[str, int] = {}
    for row in rows:
        counts[str(row.get(Field.STATUS.value))] = (
            counts.get(str(row.get(Field.STATUS.value)), 0) + 1
        )
    print("  typed statuses:", counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
