"""What the status cells of the invoice sheet mean: the owner's words and arxl's (typed
statuses, drafts and cancelled documents), dispute words, the columns that look like
statuses, and the status words arxl does not know."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from arxl.model import Issue
from arxl.readers.layout import CANCELLED, DRAFT, Layout, status_word
from arxl.readers.tables import Found
from arxl.vocab import (
    CANCELLED_STATUSES,
    NOT_RECEIVABLE_STATUSES,
    Field,
    TypedStatus,
    fold,
    fold_words,
    mentions_dispute,
    typed_status,
)


def status_meanings(layout: Layout) -> dict[str, str]:
    """The owner's status words (folded) -> what they mean (`typed_statuses`)."""
    return {raw: status_word(word) for raw, word in layout.statuses}


@dataclass(frozen=True)
class Distinct:
    """A column of texts with its distinct texts found once: the status column is asked four
    questions (its typed status, a credit note, a kind of entry, a dispute word), each once per
    distinct word."""

    codes: np.ndarray  # per text, its position in uniques
    uniques: list[str]

    @classmethod
    def of(cls, texts: list[str]) -> Distinct:
        codes, uniques = pd.factorize(pd.Series(texts, dtype=object), use_na_sentinel=False)
        return cls(codes, uniques.tolist())


def per_distinct(texts: list[str] | Distinct, meaning: Callable[[str], object]) -> np.ndarray:
    """meaning(text) for each text, worked out once per distinct text (a column of a million
    cells holds a handful of status words or remarks): an object array."""
    found = texts if isinstance(texts, Distinct) else Distinct.of(texts)
    values = np.empty(len(found.uniques), dtype=object)
    values[:] = [meaning(u) for u in found.uniques]
    return values[found.codes]


def typed_statuses(texts: list[str] | Distinct, mapped: dict[str, str]) -> list[str]:
    """TypedStatus values (or DRAFT/CANCELLED) of the status cells: what the owner said the
    word means (Paramètres: Correspondance des statuts, or --status) first, else arxl's words."""

    def meaning(text: str) -> str:
        key = fold_words(text)
        got = mapped.get(key) or mapped.get(fold(text))
        if got is not None:
            return got
        if key in NOT_RECEIVABLE_STATUSES:
            return DRAFT
        if key in CANCELLED_STATUSES:
            return CANCELLED
        return typed_status(text).value

    return per_distinct(texts, meaning).tolist()


_STATUS_LIKE_MAX_VALUES = 12  # a status column has few distinct words
_STATUS_LIKE_SAMPLE = 5000


def status_like_columns(table: Found, mapped: dict[str, str]) -> list[Issue]:
    """Columns arxl did not recognise whose values look like statuses (few distinct words, at
    least half of them status words: Payé, unpaid, brouillon...). When the table has no status
    column, the first such column is taken as the status (and said so); any other is reported,
    with how to say what it is."""
    used = set(table.columns.values())
    out: list[Issue] = []
    for c, cell in enumerate(table.header_cells):
        if c in used or not isinstance(cell, str) or not cell.strip():
            continue
        values: dict[str, int] = {}
        for row in table.rows[:_STATUS_LIKE_SAMPLE]:
            v = row[c] if c < len(row) else ""
            if isinstance(v, str) and v.strip():
                values[v.strip()] = values.get(v.strip(), 0) + 1
                if len(values) > _STATUS_LIKE_MAX_VALUES:
                    break
        if not values or len(values) > _STATUS_LIKE_MAX_VALUES:
            continue
        known = [v for v in values if _is_status_word(v, mapped)]
        if len(known) * 2 < len(values) or not known:
            continue
        header, sample = cell.strip(), ", ".join(list(values)[:6])
        if Field.STATUS not in table.columns:
            table.columns[Field.STATUS], table.headers[Field.STATUS] = c, header
            table.cache.pop(c, None)
            fr = (
                f"Colonne « {header} » lue comme le statut des factures (valeurs : {sample}) ; "
                f'si ce n\'est pas le cas, dites-le avec --map "{header}=remarks"'
            )
            en = (
                f'Column "{header}" read as the invoices\' status (values: {sample}); if it is '
                f'not, say so with --map "{header}=remarks"'
            )
        else:
            fr = (
                f"Colonne « {header} » non lue alors que ses valeurs ressemblent à des statuts "
                f"({sample}) ; le statut est lu dans « {table.headers[Field.STATUS]} ». Si c'est "
                f'elle, dites-le avec --map "{header}=status" (Paramètres : Correspondance des '
                "colonnes)"
            )
            en = (
                f'Column "{header}" not read although its values look like statuses ({sample}); '
                f'the status is read from "{table.headers[Field.STATUS]}". If it is this one, say '
                f'so with --map "{header}=status" (Settings: Column mapping)'
            )
        out.append(Issue(table.sheet, table.first_row - 1, header, sample, fr, en))
    return out


def _is_status_word(text: str, mapped: dict[str, str]) -> bool:
    key = fold_words(text)
    return (
        key in mapped
        or key in NOT_RECEIVABLE_STATUSES
        or key in CANCELLED_STATUSES
        or typed_status(text) not in (TypedStatus.UNKNOWN, TypedStatus.BLANK)
    )


def dispute_words(texts: list[str] | Distinct) -> np.ndarray:
    """The dispute word each text mentions ("" for none)."""
    return per_distinct(texts, lambda u: mentions_dispute(u) if u else "")


def not_receivable(
    statuses: list[str], status_texts: list[str], type_texts: list[str] | None
) -> np.ndarray:
    """Rows that are drafts, pro-formas, quotes or cancelled documents (by status or Type)."""
    out = np.array([s in (DRAFT, CANCELLED) for s in statuses], dtype=bool)
    if type_texts is not None:
        words = NOT_RECEIVABLE_STATUSES | CANCELLED_STATUSES
        out |= per_distinct(type_texts, lambda u: bool(u) and fold_words(u) in words).astype(bool)
    return out


_MAX_LISTED_ROWS = 20


def unknown_statuses(
    table: Found, statuses: list[str], texts: list[str], rows: np.ndarray, valid: np.ndarray
) -> list[Issue]:
    """One Anomalies line per status word arxl does not know: the word, how many rows and
    which, and how to say what it means. The status of those rows is worked out from dates
    and amounts."""
    found: dict[str, list[int]] = {}
    unknown = (np.asarray(statuses, dtype=object) == TypedStatus.UNKNOWN.value) & valid
    for i in np.flatnonzero(unknown).tolist():
        found.setdefault(texts[i], []).append(int(rows[i]))
    out = []
    header = table.headers.get(Field.STATUS, "")
    for text, where in found.items():
        listed = ", ".join(map(str, where[:_MAX_LISTED_ROWS]))
        more = "…" if len(where) > _MAX_LISTED_ROWS else ""
        out.append(
            Issue(
                table.sheet,
                where[0],
                header,
                text,
                f"Statut non reconnu « {text} » sur {len(where)} ligne(s) ({listed}{more}) : "
                "statut recalculé d'après les dates et montants. Dites ce qu'il signifie dans "
                f"Paramètres, Correspondance des statuts (par exemple « {text}=Payé ») ou avec "
                f'--status "{text}=paid"',
                f'Unknown status "{text}" on {len(where)} row(s) ({listed}{more}): status worked '
                "out from dates and amounts. Say what it means in Settings, Status mapping (for "
                f'example "{text}=Paid") or with --status "{text}=paid"',
            )
        )
    return out
