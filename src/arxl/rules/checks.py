"""Consistency checks between rows and sheets, reported as Issues (never exceptions)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from arxl.formats import FR_FORMATS, Formats
from arxl.model import PAID_TOLERANCE, Issue
from arxl.references import is_placeholder
from arxl.rules.allocation import NO_CLIENT, UNKNOWN_CLIENT, Allocation
from arxl.rules.lookup import among
from arxl.vocab import Lang, Status, TypedStatus, is_advance, money_text


def check_transactions(
    transactions: pd.DataFrame,
    clients: pd.DataFrame,
    derived: pd.DataFrame,
    sheet: str,
    headers: dict[str, str],
    as_of: dt.date,
    formats: Formats | None = None,
) -> list[Issue]:
    """Unknown clients, duplicate invoice numbers within a client (duplicate_invoices), due
    dates before the invoice date (all rows), and statuses that say paid while a balance is
    left (rows in the picture of the as-of date); amounts in the book's `formats`."""
    issues: list[Issue] = []
    keys = transactions["client_key"].fillna("")
    rows = transactions["row"].to_numpy()
    unknown = (keys != "").to_numpy(dtype=bool) & ~among(keys, clients["client_key"])
    for i in np.flatnonzero(unknown):
        issues.append(
            Issue(
                sheet,
                int(rows[i]),
                headers.get("client_id", ""),
                transactions["client_id"].iat[i],
                "ID client inconnu (absent de la feuille Clients)",
                "Unknown client id (not in the Clients sheet)",
            )
        )
    made = clients["derived"] if "derived" in clients else pd.Series(False, clients.index)
    listed = ~made.fillna(False).to_numpy(dtype=bool)
    if listed.any():  # a clients list: a client known only by a name on a row is not in it
        for c in clients[~listed].itertuples(index=False):
            issues.append(
                Issue(
                    sheet,
                    int(c.row),
                    headers.get("name", "") or headers.get("client_id", ""),
                    c.name,
                    "Client absent de la feuille Clients (nommé sans ID) : compté comme un "
                    "nouveau client ; ajoutez-le à Clients ou corrigez le nom",
                    "Client not in the Clients sheet (named without an id): counted as a new "
                    "client; add it to Clients or correct the name",
                )
            )
    for i, other in duplicate_invoices(transactions):
        issues.append(
            Issue(
                sheet,
                int(rows[i]),
                headers.get("invoice", ""),
                transactions["invoice"].iat[i],
                f"Numéro de facture en double (déjà ligne {other})",
                f"Duplicate invoice number (already on row {other})",
            )
        )
    due = transactions["due_date"].to_numpy()
    early = ~np.isnat(due) & (due < transactions["date"].to_numpy())
    for i in np.flatnonzero(early):
        issues.append(
            Issue(
                sheet,
                int(rows[i]),
                headers.get("due_date", ""),
                pd.Timestamp(due[i]).date(),
                "Échéance antérieure à la date de facture",
                "Due date before the invoice date",
            )
        )
    says_paid = (derived["typed_status"] == TypedStatus.PAID.value).to_numpy()
    left = (derived["balance"].to_numpy() > PAID_TOLERANCE) & (
        derived["status"] != Status.WRITTEN_OFF.value
    ).to_numpy()
    pay = derived["payment_date"].to_numpy()
    pay_after = ~np.isnat(pay) & (pay > np.datetime64(as_of, "ns"))
    mask = says_paid & left & ~pay_after
    for i in np.flatnonzero(mask):
        bal = float(derived["balance"].iat[i])
        issues.append(
            Issue(
                sheet,
                int(derived["row"].iat[i]),
                headers.get("status", ""),
                derived["status_text"].iat[i],
                f"Statut payé mais il reste {_money(bal, Lang.FR, formats)} à payer",
                f"Status says paid but {_money(bal, Lang.EN, formats)} is left to pay",
            )
        )
    partial = ((derived["typed_status"] == TypedStatus.PARTIAL.value).to_numpy()) & (
        np.isnan(derived["amount_paid"].to_numpy())
    )
    for i in np.flatnonzero(partial):
        issues.append(
            Issue(
                sheet,
                int(derived["row"].iat[i]),
                headers.get("amount_paid", ""),
                "",
                "Statut partiellement payé sans montant payé (solde = montant)",
                "Partially paid status without an amount paid (balance = amount)",
            )
        )
    return issues


def duplicate_invoices(transactions: pd.DataFrame) -> list[tuple[int, int]]:
    """(position, row of the first one) of every invoice whose number another invoice of the
    same client already has. The same number for two clients is not a duplicate (each client
    numbers its orders its own way, and a ledger export repeats a piece reference across
    accounts); a placeholder reference ("x", "-", "0", "sans", "n/a"...) is not a number; in a
    ledger export (an `entry` column), the lines of one entry are the installments of one
    invoice, not duplicates."""
    numbers = transactions["invoice"].fillna("").astype(str).str.strip()
    keys = transactions["client_key"].fillna("").astype(str)
    pair = pd.DataFrame({"client": keys, "number": numbers, "row": transactions["row"]})
    # only a number that repeats can be a duplicate: the placeholder test runs on those alone
    repeated = np.flatnonzero(pair.duplicated(["client", "number"], keep=False).to_numpy())
    if not len(repeated):  # no number repeats within a client
        return []
    named = np.ones(len(pair), dtype=bool)
    named[repeated] = [not is_placeholder(numbers.iat[i]) for i in repeated.tolist()]
    if "entry" in transactions:  # a ledger export: lines of one entry are one invoice's
        entry = transactions["entry"].fillna("").astype(str)
        pair["entry"] = entry.to_numpy()
        again = pair.duplicated(["client", "number", "entry"], keep="first").to_numpy()
        named &= ~(again & (entry != "").to_numpy())
    pair = pair[named]
    dup = pair.duplicated(["client", "number"], keep="first")
    if not dup.any():
        return []
    first = pair.drop_duplicates(["client", "number"]).set_index(["client", "number"])["row"]
    positions = np.flatnonzero(named)[dup.to_numpy()]
    return [(int(i), int(first[(keys.iat[i], numbers.iat[i])])) for i in positions.tolist()]


def _money(amount: float, lang: Lang, formats: Formats | None) -> str:
    """An amount in a message: in the book's currency when its formats are known."""
    return formats.money_text(amount) if formats is not None else money_text(amount, lang)


def _day_text(value: object, formats: Formats | None) -> str:
    """A payment's date as the book writes its dates (the French way when its formats are not
    known); "" when it has none."""
    if value is None or pd.isna(value):
        return ""
    return (formats or FR_FORMATS).date_text(pd.Timestamp(value).date())


# why a payment is to identify (Allocation.payments' to_identify), as its line says it
_TO_IDENTIFY = {
    NO_CLIENT: ("sans client reconnu", "without a known client"),
    UNKNOWN_CLIENT: ("pour un client inconnu", "for an unknown client"),
}


def check_allocation(
    allocation: Allocation,
    balance_check: pd.DataFrame,
    headers: dict[str, str],
    formats: Formats | None = None,
) -> list[Issue]:
    """Payments to identify, payments applied to an invoice dated after them, and any client
    (or the total) for which conservation does not hold; amounts in the book's `formats`."""
    issues: list[Issue] = []
    pay = allocation.payments
    # the payments' fields as plain values (what itertuples gives, without its cost over Arrow
    # texts), each amount spelled only for a line that says it: most payments say nothing
    fields = ("kind", "to_identify", "early", "label", "amount", "sheet", "row", "client_id")
    columns = [pay[c].tolist() for c in fields] if len(pay) else [[] for _ in fields]
    columns.append(pay["others"].tolist() if "others" in pay else [""] * len(pay))
    columns.append(pay["date"].tolist() if len(pay) else [])
    for kind, to_identify, early, label, amount, sheet, row, client_id, others, date in zip(
        *columns, strict=True
    ):
        word_fr, word_en = ("Avoir", "Credit note") if kind == "credit" else ("Paiement", "Payment")
        if to_identify in _TO_IDENTIFY:
            why_fr, why_en = _TO_IDENTIFY[to_identify]
            fr_amount = _money(amount, Lang.FR, formats)
            en_amount = _money(amount, Lang.EN, formats)
            fr = f"{word_fr} de {fr_amount} {why_fr} : à identifier (Lettrage)"
            en = f"{word_en} of {en_amount} {why_en}: to identify (Cash application)"
        elif early and not is_advance(label):  # an advance comes before its invoice
            fr = f"{word_fr} daté avant la facture qu'il règle ({early}) : {label}"
            en = f"{word_en} dated before the invoice it settles ({early}): {label}"
            # under the Date column, the date (its label is said in the message)
            day = _day_text(date, formats)
            issues.append(Issue(sheet, int(row), headers.get("date", ""), day, fr, en))
            continue
        elif others:
            fr = (
                f"{word_fr} qui nomme la facture d'un autre client ({others}) : appliqué aux "
                "factures de son propre client ; vérifiez l'ID client de la ligne"
            )
            en = (
                f"{word_en} naming another client's invoice ({others}): applied to its own "
                "client's invoices; check the row's client id"
            )
        else:
            continue
        # its client: none found, unknown, or another's invoice named
        value = client_id or label
        issues.append(Issue(sheet, int(row), headers.get("client_id", ""), value, fr, en))
    bad = balance_check[balance_check["difference"].abs() > PAID_TOLERANCE]
    total = float(balance_check["difference"].sum())
    for r in bad.itertuples(index=False):
        issues.append(
            Issue(
                "",
                None,
                "",
                r.client_key,
                f"Contrôle de lettrage : écart de {_money(r.difference, Lang.FR, formats)} pour "
                f"le client {r.client_key} : ses factures moins ses règlements et avoirs ne "
                "font pas ses soldes ; vérifiez ses lignes dans Lettrage",
                f"Cash application check: {_money(r.difference, Lang.EN, formats)} off for "
                f"client {r.client_key}: its invoices less its payments and credit notes do not "
                "make its balances; check its lines in Cash application",
            )
        )
    if abs(total) > PAID_TOLERANCE:
        issues.append(
            Issue(
                "",
                None,
                "",
                "",
                f"Contrôle de lettrage : écart total de {_money(total, Lang.FR, formats)}",
                f"Cash application check: {_money(total, Lang.EN, formats)} off in total",
            )
        )
    return issues


def check_balances(
    items: pd.DataFrame,
    control: dict[str, float],
    sheet: str,
    as_of: dt.date,
    unapplied: dict[str, float] | None = None,
) -> list[Issue]:
    """Each client's net position (its open invoice balances minus its open credits, the
    credits cash application left unapplied) against the balance its ledger account shows on
    the as-of date (FEC: account 411); a difference is reported."""
    open_items = items[items["status"].isin([s.value for s in Status if s.is_open])]
    balance = open_items.groupby("client_key")["balance"].sum().to_dict()
    for client, amount in (unapplied or {}).items():
        balance[client] = balance.get(client, 0.0) - amount
    issues = []
    for client in sorted(set(control) | set(balance)):
        mine, theirs = float(balance.get(client, 0.0)), float(control.get(client, 0.0))
        if abs(mine - theirs) > PAID_TOLERANCE:
            issues.append(
                Issue(
                    sheet,
                    None,
                    "CompAuxNum / CompteNum",
                    client,
                    f"Solde ouvert {mine:.2f} différent du solde du compte client au "
                    f"{as_of:%d/%m/%Y} : {theirs:.2f} (écart {mine - theirs:.2f})",
                    f"Open balance {mine:.2f} differs from the client account's balance on "
                    f"{as_of:%Y-%m-%d}: {theirs:.2f} (difference {mine - theirs:.2f})",
                )
            )
    return issues
