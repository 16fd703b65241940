"""What arxl derives for a transaction as of a date and writes back: the status (Status and its
French and English labels, the label of an open credit) and the aging bucket (Bucket, with its CSV
codes and column labels for the boundaries in Settings)."""

from __future__ import annotations

from enum import StrEnum

from arxl.vocab.text import Lang


class Status(StrEnum):
    """The derived status of a transaction as of a date (the CSV spells them with these values)."""

    PAID = "paid"
    PENDING = "pending"
    OVERDUE = "overdue"
    DISPUTED = "disputed"
    WRITTEN_OFF = "written_off"

    def label(self, lang: Lang) -> str:
        return STATUS_LABELS[self][lang is Lang.EN]

    @property
    def is_open(self) -> bool:
        return self in (Status.PENDING, Status.OVERDUE, Status.DISPUTED)


UNAPPLIED_LABEL = ("Non lettré", "Unapplied")  # the status arxl writes on an open credit

STATUS_LABELS: dict[Status, tuple[str, str]] = {
    Status.PAID: ("Payé", "Paid"),
    Status.PENDING: ("En attente", "Pending"),
    Status.OVERDUE: ("En retard", "Overdue"),
    Status.DISPUTED: ("Litige", "Disputed"),
    Status.WRITTEN_OFF: ("Irrécouvrable", "Written off"),
}


class Bucket(StrEnum):
    """Aging buckets of an open item, by days overdue (boundaries come from Settings)."""

    CURRENT = "current"
    B1 = "1-30"
    B2 = "31-60"
    B3 = "61-90"
    B4 = "91+"


def bucket_codes(bounds: tuple[int, int, int]) -> tuple[str, ...]:
    """CSV codes of the buckets for the given boundaries (defaults give current,1-30,...,91+)."""
    a, b, c = bounds
    return ("current", f"1-{a}", f"{a + 1}-{b}", f"{b + 1}-{c}", f"{c + 1}+")


def bucket_labels(bounds: tuple[int, int, int], lang: Lang) -> tuple[str, ...]:
    """Column labels of the aged balance ("Non échu", "1-30 j", ... / "Current", "1-30 d", ...)."""
    a, b, c = bounds
    if lang is Lang.EN:
        return ("Current", f"1-{a} d", f"{a + 1}-{b} d", f"{b + 1}-{c} d", f"{c + 1}+ d")
    return ("Non échu", f"1-{a} j", f"{a + 1}-{b} j", f"{b + 1}-{c} j", f"{c + 1} j et +")
