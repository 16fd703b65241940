"""Who paid: the payer's IBAN or name against the clients.

An IBAN the owner confirmed once names its client for good. Names are compared with
rapidfuzz once legal forms and bank words are set aside ("VIR SEPA RECU /DE PILGRIMS SAS" ~
"Pilgrims"); a label without a separate payer name is searched for the clients whose words
start like its own (a 4-letter prefix index), so 10 000 labels against thousands of clients
stay fast.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from arxl.rules.bankrefs import ascii_lower

# legal forms, articles and the words banks put around a name
_STOP_WORDS = """
sa sas sasu sarl eurl sci snc scop scp selarl ste societe ets etablissements cie ltd limited
inc llc gmbh bv srl spa plc co the le la les l de du des d et and vir virement sepa recu recus
inst instantane emis prlv prelevement cb carte remise chq cheque cheques motif ref reference
facture factures fact fac fa paiement reglement ordre donneur emetteur mr mme m mlle monsieur
madame from date acompte solde services service industries industrie groupe group conseil
consulting france international holding entreprise entreprises solutions distribution
"""
STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[0-9a-z]+")
_DE = re.compile(r"(?:/|\b)(?:de|from|emetteur|donneur d ordre)\s*[:/ ]\s*([^/]+)", re.IGNORECASE)
PREFIX = 4
CROWDED = 200  # a prefix shared by more clients than this says nothing
TIE_SCORE = 75.0  # what two clients that fit a payer equally well score: a guess only


def name_words(text: str) -> str:
    """A name with its legal form, bank words and digits left out, folded."""
    words = _WORD.findall(ascii_lower(text))
    return " ".join(w for w in words if w not in STOP and not w.isdigit())


def payer_in_label(label: str) -> str:
    """The ordering party a French bank label names ("... /DE PILGRIMS SAS /MOTIF ..."), or ""."""
    m = _DE.search(label)
    return " ".join(m.group(1).split()) if m else ""


@dataclass(frozen=True)
class PayerGuess:
    position: int  # index in the clients the index was built from
    score: float  # 0-100
    how: str  # "iban", "name" or "label"


class PayerIndex:
    """The clients' names (and the IBANs the owner confirmed) ready to be compared."""

    def __init__(self, names: Iterable[str], ibans: dict[str, int] | None = None) -> None:
        self.names = [name_words(n) for n in names]
        self.ibans = dict(ibans or {})
        by_prefix: dict[str, set[int]] = defaultdict(set)
        for pos, words in enumerate(self.names):
            for w in words.split():
                if len(w) >= 3:
                    by_prefix[w[:PREFIX]].add(pos)
        self.by_prefix = {k: sorted(v) for k, v in by_prefix.items() if len(v) <= CROWDED}

    def guess(self, payer: str, iban: str, label: str, cutoff: float) -> list[PayerGuess]:
        """The clients the payer may be, best first (at most 3); an IBAN known scores 100."""
        if iban and iban in self.ibans:
            return [PayerGuess(self.ibans[iban], 100.0, "iban")]
        name = name_words(payer or payer_in_label(label))
        how = "name"
        if not name:
            name, how = name_words(label), "label"
        if not name:
            return []
        candidates = sorted(
            {p for w in name.split() if len(w) >= 3 for p in self.by_prefix.get(w[:PREFIX], ())}
        )
        if not candidates:
            return []
        choices = {p: self.names[p] for p in candidates}
        scorer = fuzz.token_set_ratio if how == "name" else fuzz.partial_token_set_ratio
        found = process.extract(name, choices, scorer=scorer, score_cutoff=cutoff, limit=3)
        out = []
        for _choice, score, pos in found:
            if how == "label" and len(self.names[pos]) < 4:
                continue  # a two-letter name inside a label is chance
            if how == "name":  # token_set_ratio is 100 for a name inside a longer one
                score = min(score, fuzz.ratio(name, self.names[pos]) * 0.5 + 50 + 0.0)
                score = max(score, fuzz.token_sort_ratio(name, self.names[pos]))
            out.append(PayerGuess(pos, float(score), how))
        out.sort(key=lambda g: -g.score)
        if len(out) > 1 and out[1].score >= out[0].score - 2:  # two clients alike: a guess
            out = [PayerGuess(g.position, min(g.score, TIE_SCORE), g.how) for g in out]
        return out
