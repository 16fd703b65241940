"""The SEPA payment QR code of a reminder (EPC069-12 "GiroCode"), and the IBAN check behind it.

A banking app reads the code and fills the transfer: beneficiary, IBAN, BIC, amount in euros
and the remittance text (the invoice numbers), so the payment comes back carrying them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

NAME_MAX = 70  # EPC069-12: beneficiary name, at most 70 characters
TEXT_MAX = 140  # unstructured remittance information, at most 140 characters
AMOUNT_MAX = 999_999_999.99


@dataclass(frozen=True)
class Account:
    """The creditor's account as the QR code needs it, or why there is none."""

    iban: str = ""  # compact, validated
    bic: str = ""
    problem: str = ""  # French / English reasons are built by the summary from this


def check_account(iban: str, bic: str = "") -> Account:
    """The IBAN validated (checksum, country format, bank code) with schwifty; a BIC given in
    Paramètres is checked too, else the one schwifty knows for the bank (if any)."""
    from schwifty import BIC, IBAN
    from schwifty.exceptions import SchwiftyException

    if not iban.strip():
        return Account()
    try:
        account = IBAN(iban)
    except (SchwiftyException, ValueError) as exc:
        return Account(problem=f"IBAN {iban.strip()}: {exc}")
    code = "".join(bic.split()).upper()
    if code:
        try:
            code = str(BIC(code))
        except (SchwiftyException, ValueError) as exc:
            return Account(problem=f"BIC {bic.strip()}: {exc}")
    return Account(iban=account.compact, bic=code)


def remittance(numbers: list[str]) -> str:
    """The invoice numbers, joined, cut to the 140 characters EPC allows."""
    text = " ".join(dict.fromkeys(" ".join(n.split()) for n in numbers if n.strip()))
    return text if len(text) <= TEXT_MAX else text[: TEXT_MAX - 1] + "…"


def epc_png(name: str, account: Account, amount: float, numbers: list[str]) -> bytes:
    """PNG of the EPC QR code (UTF-8, version 002) for a transfer of amount euros; b"" when
    there is no valid account, no name or the amount is out of the standard's range."""
    import segno.helpers

    if not account.iban or not name.strip() or not 0.01 <= round(amount, 2) <= AMOUNT_MAX:
        return b""
    qr = segno.helpers.make_epc_qr(
        name=" ".join(name.split())[:NAME_MAX],
        iban=account.iban,
        amount=round(amount, 2),
        text=remittance(numbers) or None,
        bic=account.bic or None,
        encoding="utf-8",
    )
    out = io.BytesIO()
    qr.save(out, kind="png", scale=6, border=4)
    return out.getvalue()
