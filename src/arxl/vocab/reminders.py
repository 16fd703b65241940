"""Reminders: the levels (labels and the action each calls for), the channels a reminder goes out
by, the reasons a client due a reminder gets none, and the columns of the Journal des relances
(Reminder log) sheet with their header synonyms."""

from __future__ import annotations

from enum import StrEnum

from arxl.vocab.clients import CLIENT_HEADERS
from arxl.vocab.fields import Field
from arxl.vocab.text import Lang

# Reminder levels: 0 pre-due courtesy, then one per threshold reached.
REMINDER_LABELS: dict[int, tuple[str, str]] = {
    0: ("Rappel avant échéance", "Pre-due courtesy reminder"),
    1: ("Relance courtoise", "Courteous reminder"),
    2: ("Relance ferme", "Firm reminder"),
    3: ("Mise en demeure", "Formal notice"),
    4: ("Recouvrement", "Collection notice"),
}

REMINDER_ACTIONS: dict[int, tuple[str, str]] = {
    0: ("Rappeler l'échéance proche par email", "Email a friendly note before the due date"),
    1: ("Email courtois avec la liste des factures", "Courteous email listing the invoices"),
    2: ("Email ferme et appel téléphonique", "Firm email and a phone call"),
    3: ("Lettre de mise en demeure (recommandé)", "Formal notice letter (registered post)"),
    4: (
        "Recouvrement : injonction de payer ou société de recouvrement",
        "Collection: court order or collection agency",
    ),
}


# The same actions for a client without an email address (levels 3 and 4 are letters anyway).
NO_EMAIL_ACTIONS: dict[int, tuple[str, str]] = {
    0: ("Rappeler l'échéance proche par téléphone", "Phone a friendly note before the due date"),
    1: (
        "Courrier courtois ou appel avec la liste des factures",
        "Courteous letter or call listing the invoices",
    ),
    2: ("Courrier ferme et appel téléphonique", "Firm letter and a phone call"),
}


def reminder_label(level: int, lang: Lang) -> str:
    return REMINDER_LABELS[level][lang is Lang.EN]


def reminder_action(level: int, lang: Lang) -> str:
    return REMINDER_ACTIONS[level][lang is Lang.EN]


def reminder_action_without_email(level: int, lang: Lang) -> str:
    """reminder_action for a client arxl cannot email: by post or phone."""
    return NO_EMAIL_ACTIONS.get(level, REMINDER_ACTIONS[level])[lang is Lang.EN]


class LogField(StrEnum):
    """Columns of the Journal des relances (Reminder log) sheet."""

    DATE = "date"
    CLIENT_ID = "client_id"
    CLIENT = "client"
    LEVEL = "level"
    CHANNEL = "channel"
    INVOICES = "invoices"
    AMOUNT = "amount"
    PENALTIES = "penalties"
    MESSAGE_ID = "message_id"


LOG_HEADERS: dict[LogField, tuple[tuple[str, ...], tuple[str, ...]]] = {
    LogField.DATE: (("Date", "Date d'envoi", "Envoyé le"), ("Date sent", "Sent on")),
    LogField.CLIENT_ID: CLIENT_HEADERS[Field.CLIENT_ID],
    LogField.CLIENT: (("Client", "Nom", "Nom du client"), ("Customer", "Name")),
    LogField.LEVEL: (("Niveau", "Niveau de relance"), ("Level", "Reminder level")),
    LogField.CHANNEL: (("Canal", "Moyen", "Mode d'envoi"), ("Channel", "Sent by")),
    LogField.INVOICES: (("Factures", "Factures relancées"), ("Invoices",)),
    LogField.AMOUNT: (("Montant", "Montant relancé", "Montant dû"), ("Amount", "Amount due")),
    LogField.PENALTIES: (
        ("Pénalités", "Pénalités réclamées", "Pénalités citées"),
        ("Penalties", "Penalties quoted"),
    ),
    LogField.MESSAGE_ID: (("ID du message", "Message-ID", "Référence message"), ("Message ID",)),
}

LOG_REQUIRED = (LogField.DATE, LogField.CLIENT_ID, LogField.LEVEL)


class Channel(StrEnum):
    """How a logged reminder went out."""

    EMAIL = "email"  # sent by arxl through SMTP
    MANUAL = "manual"  # drafted by arxl, sent by the owner, confirmed with --mark-sent

    def label(self, lang: Lang) -> str:
        return CHANNEL_LABELS[self][lang is Lang.EN]


CHANNEL_LABELS: dict[Channel, tuple[str, str]] = {
    Channel.EMAIL: ("Email (SMTP)", "Email (SMTP)"),
    Channel.MANUAL: ("Brouillon envoyé (confirmé)", "Draft sent (confirmed)"),
}


class SkipReason(StrEnum):
    """Why a client due a reminder gets none this time."""

    NO_REMINDER = "no_reminder"
    DISPUTED = "disputed"
    TOO_SOON = "too_soon"
    SENT_TODAY = "sent_today"
    NO_EMAIL = "no_email"

    def label(self, lang: Lang) -> str:
        return SKIP_LABELS[self][lang is Lang.EN]


SKIP_LABELS: dict[SkipReason, tuple[str, str]] = {
    SkipReason.NO_REMINDER: ("« Pas de relance » dans Clients", '"No reminder" set in Clients'),
    SkipReason.DISPUTED: ("factures en litige uniquement", "only disputed invoices"),
    SkipReason.TOO_SOON: ("intervalle minimum non écoulé", "minimum interval not reached"),
    SkipReason.SENT_TODAY: ("déjà relancé ce jour", "already reminded that day"),
    SkipReason.NO_EMAIL: ("pas d'adresse email", "no email address"),
}
