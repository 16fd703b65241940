"""The words of the domain, defined once: statuses, buckets, reminder levels, header synonyms.

Every label an owner reads exists here in French and English; every synonym a reader accepts is
listed here. Other modules refer to the enums, never to raw strings, and import them from
`arxl.vocab`; the modules below hold them by subject:

- text: fold and fold_words, Lang and t(), amounts as text (number_text, money_text)
- statuses: the derived Status and the aging Bucket, with their labels
- status_words: what a typed status or remark means (TypedStatus, cancelled, disputed)
- fields: the logical columns (Field) and how a header-synonym table is read
- clients: the Clients sheet's headers, the client type, the words its cells take
- transactions: the invoice sheet's headers (extra, weak, leftover, line-item, required)
- payments: the Paiements sheet's headers and the payment and credit-note words (EntryKind)
- reminders: reminder levels, channels, skip reasons and the Reminder log's columns
- sheet_names: the sheet names read and written
"""

from arxl.vocab.clients import (
    CLIENT_HEADERS,
    CLIENT_REQUIRED,
    YES_WORDS,
    ClientType,
    client_type_sides,
)
from arxl.vocab.countries import COUNTRY_PROFILES
from arxl.vocab.fields import (
    Field,
    header_index,
    written_header,
)
from arxl.vocab.payments import (
    ADVANCE_WORDS,
    CREDIT_WORDS,
    ENTRY_LABELS,
    INVOICE_TYPE_WORDS,
    PAYMENT_HEADERS,
    PAYMENT_WORDS,
    TRANSACTION_CASH_HEADERS,
    EntryKind,
    entry_kind_of_type,
    entry_kind_of_words,
    is_advance,
    leading_entry_kind,
)
from arxl.vocab.reminders import (
    CHANNEL_LABELS,
    LOG_HEADERS,
    LOG_REQUIRED,
    REMINDER_ACTIONS,
    REMINDER_LABELS,
    SKIP_LABELS,
    Channel,
    LogField,
    SkipReason,
    reminder_action,
    reminder_label,
)
from arxl.vocab.sheet_names import (
    CLIENT_SHEET_NAMES,
    LOG_SHEET_NAMES,
    PAYMENT_SHEET_NAMES,
    SETTINGS_SHEET_NAMES,
    SHEET_NAMES,
    TRANSACTION_SHEET_NAMES,
    sheet_name,
)
from arxl.vocab.status_words import (
    CANCELLED_STATUSES,
    DISPUTE_WORDS,
    NO_DISPUTE_PHRASES,
    NOT_RECEIVABLE_STATUSES,
    STATUS_SYNONYMS,
    TypedStatus,
    mentions_dispute,
    typed_status,
)
from arxl.vocab.statuses import (
    STATUS_LABELS,
    UNAPPLIED_LABEL,
    Bucket,
    Status,
    bucket_codes,
    bucket_labels,
)
from arxl.vocab.text import (
    Lang,
    fold,
    fold_words,
    money_text,
    number_text,
    t,
)
from arxl.vocab.transactions import (
    LINE_ITEM_HEADERS,
    SECONDARY_HEADERS,
    TRANSACTION_EXTRA_HEADERS,
    TRANSACTION_HEADERS,
    TRANSACTION_REQUIRED,
    WEAK_HEADERS,
)

__all__ = [
    "COUNTRY_PROFILES",
    "ADVANCE_WORDS",
    "Bucket",
    "CANCELLED_STATUSES",
    "CHANNEL_LABELS",
    "CLIENT_HEADERS",
    "CLIENT_REQUIRED",
    "CLIENT_SHEET_NAMES",
    "CREDIT_WORDS",
    "Channel",
    "ClientType",
    "DISPUTE_WORDS",
    "ENTRY_LABELS",
    "EntryKind",
    "Field",
    "INVOICE_TYPE_WORDS",
    "LINE_ITEM_HEADERS",
    "LOG_HEADERS",
    "LOG_REQUIRED",
    "LOG_SHEET_NAMES",
    "Lang",
    "LogField",
    "NOT_RECEIVABLE_STATUSES",
    "NO_DISPUTE_PHRASES",
    "PAYMENT_HEADERS",
    "PAYMENT_SHEET_NAMES",
    "PAYMENT_WORDS",
    "REMINDER_ACTIONS",
    "REMINDER_LABELS",
    "SECONDARY_HEADERS",
    "SETTINGS_SHEET_NAMES",
    "SHEET_NAMES",
    "SKIP_LABELS",
    "STATUS_LABELS",
    "STATUS_SYNONYMS",
    "SkipReason",
    "Status",
    "TRANSACTION_CASH_HEADERS",
    "TRANSACTION_EXTRA_HEADERS",
    "TRANSACTION_HEADERS",
    "TRANSACTION_REQUIRED",
    "TRANSACTION_SHEET_NAMES",
    "TypedStatus",
    "UNAPPLIED_LABEL",
    "WEAK_HEADERS",
    "YES_WORDS",
    "bucket_codes",
    "bucket_labels",
    "client_type_sides",
    "entry_kind_of_type",
    "entry_kind_of_words",
    "leading_entry_kind",
    "fold",
    "fold_words",
    "header_index",
    "is_advance",
    "mentions_dispute",
    "money_text",
    "number_text",
    "reminder_action",
    "reminder_label",
    "sheet_name",
    "t",
    "typed_status",
    "written_header",
]
