"""Errors for files that cannot be used at all. Bad rows are not errors: they are Issues."""

from __future__ import annotations


class ArxlError(Exception):
    """A file or request arxl cannot work with; the message says what to do."""


class WorkbookNotFound(ArxlError):
    pass


class NotAWorkbook(ArxlError):
    pass


class DamagedWorkbook(NotAWorkbook):
    """A zip cut short or corrupted: the workbook must come from a backup or a new copy."""


class PasswordProtected(ArxlError):
    pass


class OldXlsFormat(ArxlError):
    pass


class MissingSheet(ArxlError):
    pass


class MissingColumns(ArxlError):
    pass


class WorkbookLocked(ArxlError):
    pass


class NotOwnedSheet(ArxlError):
    """A sheet with the name of an arxl sheet exists but arxl did not create it."""


class BadSettings(ArxlError):
    pass


class AmbiguousLayout(ArxlError):
    """Several sheets could be the one arxl needs; the owner must say which."""


class UnknownField(ArxlError):
    """A column mapping names a field arxl does not know."""


class LibreOfficeMissing(ArxlError):
    """A PDF was asked for but LibreOffice (soffice) is not installed."""


class WorkbookChanged(ArxlError):
    """The workbook was saved by another program while arxl worked: nothing was replaced."""


class WriteRefused(ArxlError):
    """arxl was not asked, or may not, overwrite this file (read-only, not its output)."""


class WriteFailed(ArxlError):
    """The system refused the write (permission, full disk); the owner's file is unchanged."""
