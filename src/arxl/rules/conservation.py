"""The check that cash application lost no cent (rules.allocation), per client."""

from __future__ import annotations

import numpy as np
import pandas as pd

from arxl.rules.allocation import OPEN, Allocation
from arxl.vocab import Status

CONSERVATION_COLUMNS = (
    "client_key",
    "invoices",
    "own_settled",
    "payments",
    "credits",
    "open",
    "written_off",
    "closed_rest",
    "unapplied",
    "difference",
)


def conservation(items: pd.DataFrame, allocation: Allocation) -> pd.DataFrame:
    """Per client, the check that no cent is lost, from the inputs on the left and the results
    on the right:

        invoices - settled on the invoice's own row - payments - credit notes
            = open balances + written-off balances + balances of paid invoices - unapplied

    The invoice's own row (Payé, Montant payé) settles what it says; the balance of a paid
    invoice is zero or what its own row overpaid. Written-off balances are out of the open
    receivables but still owed on paper. Payments to identify belong to no client and are not
    counted. `difference` is left - right (zero when conservation holds)."""
    status = items["status"].to_numpy(dtype=object)
    balance = items["balance"].to_numpy(dtype=float)
    frame = pd.DataFrame(
        {
            "client_key": items["client_key"].to_numpy(dtype=object),
            "invoices": items["amount"].to_numpy(dtype=float),
            "own_settled": items["own_paid"].to_numpy(dtype=float),
            "open": np.where(np.isin(status, OPEN), balance, 0.0),
            "written_off": np.where(status == Status.WRITTEN_OFF.value, balance, 0.0),
            "closed_rest": np.where(status == Status.PAID.value, balance, 0.0),
        }
    )
    per = frame.groupby("client_key", sort=True).sum()
    pay = allocation.payments[allocation.payments["to_identify"] == ""]
    # a used-up credit note counts for what it settled here (the rest was used before)
    pay = pay.assign(counted=pay["amount"] - pay["used_up"])
    by_kind = pay.pivot_table(
        index="client_key", columns="kind", values="counted", aggfunc="sum", fill_value=0.0
    )
    per = per.join(by_kind, how="outer").fillna(0.0)
    per["payments"] = per.get("payment", 0.0)
    per["credits"] = per.get("credit", 0.0)
    unapplied = allocation.unapplied.set_index("client_key")["amount"]
    per["unapplied"] = unapplied.reindex(per.index).fillna(0.0)
    for col in ("invoices", "own_settled", "open", "written_off", "closed_rest"):
        if col not in per:
            per[col] = 0.0
    left = per["invoices"] - per["own_settled"] - per["payments"] - per["credits"]
    right = per["open"] + per["written_off"] + per["closed_rest"] - per["unapplied"]
    per["difference"] = (left - right).round(2) + 0.0
    return per.reset_index()[list(CONSERVATION_COLUMNS)]
