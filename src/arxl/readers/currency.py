"""The currency of the amounts. A currency column on the invoice sheet: amounts in several
currencies are added as they are (arxl converts nothing), so a book that mixes them says so,
row by row, in Anomalies. A text export's amounts may write theirs ("1 234,56 €", "$1,250.00",
"CHF 300.00"): the converted book is then shown in it, whatever the file's language."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from arxl.cells import plain_texts
from arxl.model import Issue
from arxl.readers.columns import column
from arxl.readers.tables import Found
from arxl.vocab import Field, fold

SHOWN_ROWS = 10  # rows named in one Anomalies line, the rest counted


def mixed_currencies(table: Found, rows: np.ndarray, valid: np.ndarray) -> list[Issue]:
    """One line per currency other than the book's main one (the most frequent), at its first
    row: how many rows, which, and what to do. Nothing when the column is absent or holds one
    currency (blanks are the main currency)."""
    raw = column(table, Field.CURRENCY)
    if raw is None:
        return []
    texts = plain_texts(raw)
    where: dict[str, list[int]] = {}
    shown: dict[str, str] = {}
    for i in np.flatnonzero(valid).tolist():
        key = fold(texts[i]).upper()
        if key:
            where.setdefault(key, []).append(int(rows[i]))
            shown.setdefault(key, texts[i].strip())
    if len(where) < 2:
        return []
    main = max(where, key=lambda k: (len(where[k]), -where[k][0]))
    header = table.headers.get(Field.CURRENCY, "")
    out = []
    for key, at in where.items():
        if key == main:
            continue
        listed = ", ".join(map(str, at[:SHOWN_ROWS])) + (" …" if len(at) > SHOWN_ROWS else "")
        n, cur, base = len(at), shown[key], shown[main]
        out.append(
            Issue(
                table.sheet,
                at[0],
                header,
                cur,
                f"Montants en {cur} ({n} ligne(s) : {listed}) dans un classeur en {base} : "
                "arxl les additionne sans conversion ; convertissez-les ou tenez un classeur "
                "par devise",
                f"Amounts in {cur} ({n} row(s): {listed}) in a {base} book: arxl adds them "
                "up unconverted; convert them or keep one workbook per currency",
            )
        )
    return out


# what a text amount may write of its currency, as the code Paramètres' Devise takes
_WRITTEN = re.compile(r"(?i)(€|\beur(?:os?)?\b|\$|\busd\b|£|\bgbp\b|\bchf\b|\bcad\b)")
_CODES = {"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "$": "USD", "usd": "USD"}
_CODES |= {"£": "GBP", "gbp": "GBP", "chf": "CHF", "cad": "CAD"}


def written_currency(values: Sequence[object], sample: int = 2000) -> str:
    """The currency the text amounts write, most often among the first `sample` that write
    one ("" when none does)."""
    seen: Counter[str] = Counter()
    for v in values[:sample]:
        if isinstance(v, str):
            found = _WRITTEN.search(v)
            if found is not None:
                seen[_CODES[found.group(1).lower()]] += 1
    return seen.most_common(1)[0][0] if seen else ""
