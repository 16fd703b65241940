"""The clients: the list of them read from its sheet, a client's identity when only its name
is known (`name_key`, `derived_id`), and every row given its client (`resolve_clients`), with
the clients known only from the rows that name them."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from arxl.cells import plain_texts
from arxl.model import Issue
from arxl.readers import values as V
from arxl.readers.bounds import IGNORED, Bounds, absurd_amounts, outside_terms
from arxl.readers.columns import (
    FORMULA_EN,
    FORMULA_FR,
    IssueSink,
    column,
    fill_merged,
    formula_masks,
    long_cells,
    nonblank_mask,
    row_numbers,
)
from arxl.readers.tables import Found
from arxl.readers.workbook import Formulas
from arxl.terms import NO_EOM, terms_days
from arxl.vocab import YES_WORDS, ClientType, Field, client_type_sides, fold


def name_key(name: str) -> str:
    """A client name compared without case, accents and extra spaces."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.casefold().split())


def loose_key(key: str) -> str:
    """A name key without its punctuation ("green field co." -> "green field co"): the second
    chance of a name written with other dots or commas than the clients list's."""
    return " ".join(re.sub(r"[^\w\s]", " ", key).split())


def listed_by_name(clients: pd.DataFrame) -> Callable[[str], str | None]:
    """The listed client id of a name key: by the key, else by its loose_key when that is one
    listed client's only."""
    exact: dict[str, str] = {}
    loose: dict[str, set[str]] = {}
    for cid, name in zip(clients["client_id"], clients["name"], strict=True):
        if name:
            key = name_key(name)
            exact.setdefault(key, cid)
            loose.setdefault(loose_key(key), set()).add(cid)

    def find(key: str) -> str | None:
        got = exact.get(key)
        if got is None:
            ids = loose.get(loose_key(key), set())
            got = next(iter(ids)) if len(ids) == 1 else None
        return got

    return find


def coded_by_name(
    ids: np.ndarray, names: np.ndarray, listed: set[str] | None = None
) -> Callable[[str], str | None]:
    """The code the rows with one give a name (by its name_key, else its loose_key), when
    they give it one code only (written one way or several, as written_otherwise compares
    them: the first row's): a row of the same ledger naming its client without its code is
    that client ("Client 6" with 00006 elsewhere), not a second one. With `listed` (the codes
    of a clients list), only a listed code."""
    exact: dict[str, list[str]] = {}
    loose: dict[str, list[str]] = {}
    for cid, name in dict.fromkeys(zip(ids.tolist(), names.tolist(), strict=True)):
        if isinstance(cid, str) and cid and isinstance(name, str) and name:
            if listed is not None and cid not in listed:
                continue
            key = name_key(name)
            exact.setdefault(key, []).append(cid)
            loose.setdefault(loose_key(key), []).append(cid)

    def find(key: str) -> str | None:
        got = exact.get(key)
        if got is None:
            got = loose.get(loose_key(key), [])
        return got[0] if got and len({_code_form(c) for c in got}) == 1 else None

    return find


def derived_id(key: str) -> str:
    """The stable id of a client known only by its name (the same name always gets it)."""
    return "N-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10].upper()


def read_clients(
    table: Found, formulas: Formulas | None = None
) -> tuple[pd.DataFrame, list[Issue]]:
    """One row per client; ids derived from the name when the sheet has no id column."""
    sink = IssueSink(table.sheet, table)
    sink.items.extend(fill_merged(table, formulas.merged if formulas else []))
    sink.items.extend(long_cells(table))
    keep = nonblank_mask(table)
    n = len(table.rows)
    for f, mask in formula_masks(table, formulas or Formulas()).items():
        sink.add(mask & keep, f, [""] * n, FORMULA_FR, FORMULA_EN)
    names_raw = column(table, Field.NAME)
    names = plain_texts(names_raw) if names_raw is not None else [""] * n
    ids_raw = column(table, Field.CLIENT_ID)
    if ids_raw is not None:
        ids = V.id_texts(ids_raw)
        missing_id = np.array([not s for s in ids], dtype=bool) & keep
        sink.add(missing_id, Field.CLIENT_ID, ids_raw, "ID client manquant", "Missing client id")
    else:
        ids = [derived_id(name_key(x)) if x else "" for x in names]
        missing_id = np.array([not s for s in ids], dtype=bool) & keep
        sink.add(missing_id, Field.NAME, names, "Nom du client manquant", "Missing client name")
    keep &= ~missing_id
    frame = pd.DataFrame({"row": row_numbers(table), "client_id": ids, "name": names})
    for field in (Field.ADDRESS, Field.PHONE, Field.EMAIL):
        col = column(table, field)
        frame[field.value] = plain_texts(col) if col is not None else ""
    _reminder_columns(table, frame, sink, keep)
    bounds = Bounds()
    for field, fr, en in (
        (Field.TERMS, "Délai de paiement illisible", "Unreadable payment terms"),
        (Field.CREDIT_LIMIT, "Limite de crédit illisible", "Unreadable credit limit"),
    ):
        col = column(table, field)
        if col is None:
            frame[field.value] = np.nan
            continue
        if field is Field.TERMS:  # "45", "45 jours", "Net 45", "45 jours fin de mois"...
            nums, eom, bad = terms_days(col)
            frame["terms_eom"] = eom
        else:
            nums, bad = V.parse_amounts(col)
        sink.add(bad & keep, field, col, fr, en)
        if field is Field.TERMS:
            odd = outside_terms(nums, bounds.max_terms)
            sink.add(odd & keep, field, col, *bounds.terms_message())
        else:
            odd = absurd_amounts(nums, bounds.amount_limit)
            message = bounds.amount_message("Limite de crédit", "Credit limit", IGNORED)
            sink.add(odd & keep, field, col, *message)
        nums[odd] = np.nan
        frame[field.value] = nums
    if "terms_eom" not in frame:
        frame["terms_eom"] = np.int8(NO_EOM)
    frame = frame[keep].reset_index(drop=True)
    frame["client_key"] = frame["client_id"]
    exact = frame["client_key"].duplicated(keep="first").to_numpy()
    # "A5" and "a5" are one code typed two ways
    folded = pd.Series([str(k).casefold() for k in frame["client_key"]], dtype=object)
    dup = folded.duplicated(keep="first").to_numpy()
    id_field = Field.CLIENT_ID if ids_raw is not None else Field.NAME
    for i in np.flatnonzero(dup):
        case = "" if exact[i] else (" à la casse près", " but for upper/lower case")
        sink.items.append(
            Issue(
                table.sheet,
                int(frame["row"].iat[i]),
                table.headers[id_field],
                frame["client_id" if ids_raw is not None else "name"].iat[i],
                f"Client en double{case and case[0]} (la première ligne est utilisée)",
                f"Duplicate client{case and case[1]} (the first row is used)",
            )
        )
    frame = frame[~dup].reset_index(drop=True)
    frame["derived"] = False
    return frame, sink.items


def _reminder_columns(table: Found, frame: pd.DataFrame, sink: IssueSink, keep: np.ndarray) -> None:
    """lang ("fr", "en" or "" for the workbook's), no_reminder (bool), client_type."""
    n = len(frame)
    col = column(table, Field.LANG)
    folded = [fold(v) for v in col] if col is not None else [""] * n
    langs = [LANG_WORDS.get(f, "") for f in folded]
    if col is not None:
        unknown = np.array([bool(f) and not g for f, g in zip(folded, langs, strict=True)], bool)
        sink.add(unknown & keep, Field.LANG, col, "Langue inconnue (fr ou en)", "Unknown language")
    frame["lang"] = langs
    col = column(table, Field.NO_REMINDER)
    frame["no_reminder"] = [fold(v) in YES_WORDS or v is True for v in col] if col else False
    col = column(table, Field.CLIENT_TYPE)
    frame["client_type"] = ClientType.BUSINESS.value
    if col is not None:
        _client_types(col, frame, sink, keep)


def _client_types(
    col: list[object], frame: pd.DataFrame, sink: IssueSink, keep: np.ndarray
) -> None:
    """client_type from the words of the type cell: consumer when it names only the consumer
    side, business when only the business side or blank; a cell naming both sides or neither is
    kept a business (the default) and told in Anomalies with what to write instead."""
    n = len(col)
    consumer = np.zeros(n, dtype=bool)
    ambiguous = np.zeros(n, dtype=bool)
    unknown = np.zeros(n, dtype=bool)
    for i, v in enumerate(col):
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        is_consumer, is_business = client_type_sides(v)
        consumer[i] = is_consumer and not is_business
        ambiguous[i] = is_consumer and is_business
        unknown[i] = not is_consumer and not is_business
    frame["client_type"] = np.where(consumer, ClientType.CONSUMER.value, ClientType.BUSINESS.value)
    then_fr = (
        " : compté comme professionnel (pénalités de retard et indemnité forfaitaire). Écrivez "
        "« Particulier » pour un consommateur, « Professionnel » pour une entreprise"
    )
    then_en = (
        ": taken as a business (late-payment penalties and the fixed indemnity). Write "
        '"Consumer" for a private person, "Business" for a company'
    )
    sink.add(
        ambiguous & keep,
        Field.CLIENT_TYPE,
        col,
        "Type de client ambigu (particulier et professionnel à la fois)" + then_fr,
        "Ambiguous client type (both consumer and business)" + then_en,
    )
    sink.add(
        unknown & keep,
        Field.CLIENT_TYPE,
        col,
        "Type de client non reconnu" + then_fr,
        "Unknown client type" + then_en,
    )


LANG_WORDS = {"fr": "fr", "francais": "fr", "french": "fr", "en": "en", "anglais": "en"}
LANG_WORDS.update({"english": "en", "uk": "en", "gb": "en"})


def resolve_clients(
    transactions: pd.DataFrame, clients: pd.DataFrame | None, sheet_has_ids: bool
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give every transaction its client: by id when it has one, else by name (the clients
    sheet's id for that name, or an id derived from the name). Clients known only from the
    invoices are added (`derived`); an id absent from a clients sheet stays unknown."""
    ids = transactions["client_id"].to_numpy(dtype=object).copy()
    names = transactions["client_name_text"].to_numpy(dtype=object)
    listed = listed_by_name(clients) if clients is not None else (lambda key: None)
    from_name = np.array([not i and bool(nm) for i, nm in zip(ids, names, strict=True)], bool)
    rows = np.flatnonzero(from_name).tolist()
    key_of = {nm: name_key(nm) for nm in dict.fromkeys(names[rows].tolist())}  # each name once
    keys = [key_of[names[i]] for i in rows]
    # one client however its name is punctuated ("Green Field Co", "green field co."): the
    # spellings of one loose key share the id of the first of them in sort order (stable)
    spelled: dict[str, str] = {}
    for key in sorted(set(keys)):
        spelled.setdefault(loose_key(key), key)
    listed_codes = set(clients["client_key"]) if clients is not None and sheet_has_ids else None
    coded = coded_by_name(ids, names, listed_codes) if rows else (lambda key: None)
    found = {}  # each name key's client, worked out once
    for key in dict.fromkeys(keys):
        found[key] = listed(key) or coded(key) or derived_id(spelled[loose_key(key)])
    for i, key in zip(rows, keys, strict=True):
        ids[i] = found[key]
    known = set(clients["client_key"]) if clients is not None else set()
    lost = written_otherwise(ids, known) if known else {}
    lost.update(one_spelling(ids, known))
    if lost:
        ids = np.array([lost.get(k, k) for k in ids], dtype=object)
    tx = transactions.drop(columns=["client_name_text"])
    tx["client_id"] = ids
    tx["client_key"] = ids
    # new clients: every client of a workbook without a clients sheet, and the clients of
    # a clients sheet's workbook known only by a name that is not in it
    new_mask = np.array([k != "" and k not in known for k in ids], dtype=bool)
    if clients is not None and sheet_has_ids:
        new_mask &= from_name
    keys = ids[new_mask]
    first = ~pd.Index(keys).duplicated(keep="first")  # each new client's first row
    name_of = first_names(keys.tolist(), names[new_mask].tolist())
    added = derived_clients(
        keys[first].tolist(),
        [name_of.get(k, "") for k in keys[first].tolist()],
        transactions["row"].to_numpy()[new_mask][first].tolist(),
    )
    if clients is None:
        return tx, added.reset_index(drop=True)
    if added.empty:
        return tx, clients
    return tx, pd.concat([clients, added], ignore_index=True)


def written_otherwise(ids: Iterable[object], known: Iterable[str]) -> dict[str, str]:
    """Codes written otherwise than the clients list writes them: without the leading zeros
    it has ("7" for "007": Excel drops them when a CSV is saved again), with zeros it has not
    (an export padding its codes), or in other case ("a5" for "A5"): code -> the listed id,
    when exactly one listed id is that code."""
    by_form: dict[str, list[str]] = {}
    known = set(known)
    for k in known:
        if isinstance(k, str) and k:
            by_form.setdefault(_code_form(k), []).append(k)
    out = {}
    for k in set(ids):
        if isinstance(k, str) and k and k not in known:
            same = by_form.get(_code_form(k), [])
            if len(same) == 1:
                out[k] = same[0]
    return out


def one_spelling(ids: np.ndarray, known: set[str]) -> dict[str, str]:
    """Codes of no listed client written two ways, as written_otherwise compares them: in
    other case ("c001", "C001": a case-only duplicate in a clients sheet is one client too) or
    without leading zeros ("00042", "42": Excel drops them when a CSV is saved again): one
    client, written as its first row writes it: code -> that spelling."""
    first: dict[str, str] = {}
    out = {}
    for k in pd.unique(ids).tolist():  # in the order of the rows
        if isinstance(k, str) and k and k not in known:
            seen = first.setdefault(_code_form(k), k)
            if seen != k:
                out[k] = seen
    return out


def _code_form(code: str) -> str:
    """A code as written_otherwise compares it: a number without its leading zeros, else the
    text in lower case."""
    return code.lstrip("0") or "0" if code.isdigit() else code.casefold()


def unmatched_clients(
    table: Found, listed: pd.DataFrame, transactions: pd.DataFrame
) -> list[Issue]:
    """A list of clients of which no invoice names any client: its emails and terms would be
    silently unused (ids written differently, another column holding the id...)."""
    if listed.empty or transactions.empty:
        return []
    known = set(listed["client_key"])
    if transactions["client_key"].isin(known).any():  # vectorised: the usual case
        return []
    used = set(transactions["client_key"])
    ours = ", ".join(sorted(map(str, known))[:5])
    theirs = ", ".join(sorted(map(str, used - {""}))[:5])
    header = table.headers.get(Field.CLIENT_ID) or table.headers.get(Field.NAME, "")
    return [
        Issue(
            table.sheet,
            table.first_row - 1,
            header,
            ours,
            f"Aucun client de cette liste ne correspond aux factures (liste : {ours}… ; "
            f"factures : {theirs}…) : ses emails et délais ne sont pas utilisés. Vérifiez la "
            f"colonne « {header} » ou indiquez la bonne avec --map",
            f"No client of this list matches the invoices (list: {ours}…; invoices: "
            f'{theirs}…): its emails and terms are not used. Check the "{header}" column or '
            "name the right one with --map",
        )
    ]


def first_names(keys: Iterable[str], names: Iterable[object]) -> dict[str, str]:
    """Each client key's name: that of the first of its rows that gives one (a first row
    left blank names nobody)."""
    out: dict[str, str] = {}
    for key, name in zip(keys, names, strict=True):
        if name and key not in out:
            out[key] = str(name)
    return out


def derived_clients(keys: list[str], names: list[str], rows: list[int]) -> pd.DataFrame:
    """Clients known only from the rows that name them (no clients list, or a name not in it):
    the clients frame's columns, with blanks and defaults."""
    return pd.DataFrame(
        {
            "row": np.asarray(rows, dtype=np.int64),
            "client_id": keys,
            "name": names,
            "address": "",
            "phone": "",
            "email": "",
            "terms": np.nan,
            "terms_eom": np.int8(NO_EOM),
            "credit_limit": np.nan,
            "client_key": keys,
            "derived": True,
            "lang": "",
            "no_reminder": False,
            "client_type": ClientType.BUSINESS.value,
        }
    )


def with_payment_clients(
    clients: pd.DataFrame, cash: pd.DataFrame, payments: pd.DataFrame
) -> pd.DataFrame:
    """The clients, plus those only a credit note or payment row names (a client owed a
    credit and owing nothing is still a client: its net balance is negative)."""
    known = set(clients["client_key"])
    names = cash["client_name_text"].tolist() if "client_name_text" in cash else []
    new: dict[str, int] = {}  # each new client's first row
    for key, row, _ in zip(payments["client_key"], cash["row"], names, strict=False):
        if key and key not in known:
            new.setdefault(key, int(row))
    if not new:
        return clients
    name_of = first_names(payments["client_key"], names)
    added = derived_clients(list(new), [name_of.get(k, "") for k in new], list(new.values()))
    return pd.concat([clients, added], ignore_index=True)
