"""A "left to pay" column (Reste à payer, Solde) as the invoice reader uses it: what was paid
is the amount less what is left. Two things such a column can say that are not that: the
account's running balance (a ledger export's Solde: the debits less the credits so far), and
a value the invoice cannot have left (more than its amount, or of the other sign)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from arxl.model import Issue

CENT = 0.005  # half a cent: amounts are compared to the cent


def running_balance(
    balance: np.ndarray, amounts: np.ndarray, clients: list[str], valid: np.ndarray
) -> bool:
    """Whether the column is the running balance of the accounts in the file's order: on
    every row read it is the sum of the amounts so far, for the row's client or for the whole
    file, and on some row it is not the row's own amount (where it always is, both readings
    say nothing was paid)."""
    rows = np.flatnonzero(valid & ~np.isnan(balance))
    if len(rows) < 2:
        return False
    amt, bal = amounts[rows], balance[rows]
    if bool(np.all(np.abs(bal - amt) <= CENT)):
        return False
    codes, _ = pd.factorize(np.asarray(clients, dtype=object)[rows])
    per_client = pd.Series(amt).groupby(codes).cumsum().round(2).to_numpy()
    if bool(np.all(np.abs(bal - per_client) <= CENT)):
        return True
    return bool(np.all(np.abs(bal - np.cumsum(amt).round(2)) <= CENT))


def running_balance_issue(sheet: str, row: int, header: str) -> Issue:
    return Issue(
        sheet,
        row,
        header,
        header,
        f"Colonne « {header} » : solde progressif du compte (cumul des débits et crédits), "
        "pas le reste à payer de chaque facture ; colonne ignorée, les règlements et avoirs "
        "du fichier sont lettrés avec les factures",
        f'Column "{header}": running balance of the account (debits less credits so far), '
        "not what is left to pay on each invoice; column ignored, the file's payments and "
        "credit notes are applied to the invoices",
    )


def unsigned_credit_balances(balance: np.ndarray, amounts: np.ndarray) -> np.ndarray:
    """The balances with a credit note's written without its sign made negative: ERPs list
    what is left of every document as a positive residual (Odoo's "Montant dû" of a credit
    note of -600 is 600), which is that credit's open part, not a balance of the other sign."""
    with np.errstate(invalid="ignore"):
        unsigned = (amounts < 0) & (balance > CENT) & (balance <= -amounts + CENT)
    return np.where(unsigned, -balance, balance)


def impossible_balances(
    balance: np.ndarray, amounts: np.ndarray, used: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(more, other_sign): the rows where the balance is used and leaves more than the amount,
    or is of the other sign (an invoice of 100 with -30 left)."""
    with np.errstate(invalid="ignore"):
        more = (
            used
            & (np.abs(balance) > np.abs(amounts) + CENT)
            & (np.sign(balance) != -np.sign(amounts))
        )
        other = used & (np.abs(balance) > CENT) & (np.sign(balance) == -np.sign(amounts))
    return more, other


MORE_FR = "Reste à payer supérieur au montant : rien n'est compté comme payé"
MORE_EN = "Balance larger than the amount: nothing is counted as paid"
OTHER_FR = "Reste à payer de signe opposé au montant : la ligne est comptée comme soldée"
OTHER_EN = "Balance of the opposite sign to the amount: the line is counted as settled"
