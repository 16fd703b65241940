"""The half-years whose rate a penalty computation needed and nobody gave (rules.penalties'
missing list), and the Anomalies lines that say which interest they leave out: never a nearby
rate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from arxl.model import Issue, RateKind, half_year_label, half_year_start
from arxl.vocab import Lang


@dataclass(frozen=True)
class MissingRate:
    """A half-year whose rate the computation needed and nobody gave: `invoices` went without."""

    period: int
    kind: RateKind
    invoices: int
    floor_only: bool = False  # the legal rate to check a contractual rate against (applied)
    # the last half-year before `period` whose rate of that kind is known, and whether a later
    # one is known too (the interest shown then skips `period` rather than stopping before it)
    known_before: int | None = field(default=None, compare=False)
    known_after: bool = field(default=False, compare=False)


class HasMissing(Protocol):
    """What rate_issues reads of rules.penalties.Penalties."""

    missing: list[MissingRate]


def rate_issues(pen: HasMissing, settings_sheet: str) -> list[Issue]:
    """An Anomalies entry for each half-year whose rate was needed and is in no table."""
    out = []
    for miss in pen.missing:
        label = half_year_label(miss.period)
        fr_kind, en_kind = miss.kind.label(Lang.FR), miss.kind.label(Lang.EN)
        if miss.kind is RateKind.BOE:  # the rate of the day before the half-year starts
            ref = half_year_start(miss.period) - dt.timedelta(days=1)
            fr_kind += f" du {ref:%d/%m/%Y}"
            en_kind += f" of {ref:%d/%m/%Y}"
        if miss.floor_only:
            fr = (
                f"Pas de {fr_kind} pour {label} : le taux contractuel est appliqué sans vérifier "
                f"qu'il atteint 3 fois le taux légal ({miss.invoices} facture(s)). Aucune ligne "
                "de Paramètres ne le fournit : mettez arxl à jour."
            )
            en = (
                f"No {en_kind} for {label}: the contractual rate is applied without checking "
                f"that it reaches 3 times the legal rate ({miss.invoices} invoice(s)). No "
                "Settings row supplies it: update arxl."
            )
        else:
            if miss.kind in (RateKind.ECB, RateKind.BOE):
                fr_fix = (
                    "Indiquez-le dans Paramètres, ligne « Taux de référence par semestre (%) », "
                    f"sous la forme {label}=x,xx (le taux en %)."
                )
                en_fix = (
                    f'Give it in Settings, row "Reference rate by half-year (%)", '
                    f"as {label}=x.xx (the rate in %)."
                )
            else:
                fr_fix = "Aucune ligne de Paramètres ne le fournit : mettez arxl à jour."
                en_fix = "No Settings row supplies it: update arxl."
            fr_what, en_what = _what_is_left_out(miss)
            fr = (
                f"Pas de {fr_kind} pour le semestre {label} dans la table d'arxl : {fr_what} "
                f"({miss.invoices} facture(s)). {fr_fix}"
            )
            en = (
                f"No {en_kind} for half-year {label} in arxl's table: {en_what} "
                f"({miss.invoices} invoice(s)). {en_fix}"
            )
        out.append(Issue(settings_sheet, None, "", label, fr, en))
    return out


def _what_is_left_out(miss: MissingRate) -> tuple[str, str]:
    """(fr, en): which interest a missing half-year's rate leaves out of the figures shown."""
    label = half_year_label(miss.period)
    if miss.kind is RateKind.BOE:  # one rate for the whole delay
        return (
            "intérêts de retard non calculés (0) pour les retards commencés dans ce semestre",
            "no late-payment interest computed (0) for the delays that started in it",
        )
    if miss.known_after:
        first = half_year_start(miss.period)
        last = half_year_start(miss.period + 1) - dt.timedelta(days=1)
        return (
            f"les intérêts affichés ne comptent pas les jours du {first:%d/%m/%Y} au "
            f"{last:%d/%m/%Y}, seuls ceux des semestres connus",
            f"the interest shown leaves out the days from {first:%d/%m/%Y} to {last:%d/%m/%Y}, "
            "counting only the known half-years",
        )
    if miss.known_before is None:
        return (
            f"aucun intérêt de retard n'est calculé pour les jours de {label} et après",
            f"no late-payment interest is computed for the days of {label} and after",
        )
    known = half_year_label(miss.known_before)
    stop = half_year_start(miss.known_before + 1) - dt.timedelta(days=1)
    return (
        f"les intérêts affichés s'arrêtent au {stop:%d/%m/%Y}, fin de {known}, dernier "
        "semestre connu",
        f"the interest shown stops at {stop:%d/%m/%Y}, the end of {known}, the last known "
        "half-year",
    )
