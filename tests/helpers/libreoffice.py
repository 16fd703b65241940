"""LibreOffice, headless, as the tests use it: convert a workbook and read PDFs back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from arxl.writers.pdf import write_profile

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)


def convert(
    book: Path,
    fmt: str,
    outdir: Path,
    profile: Path | None = None,
    locale: str | None = None,
    timeout: int = 180,
) -> Path:
    """Convert with `soffice --convert-to FMT` (a private profile per call, in `locale` when
    given: the numbers and dates an owner with that locale sees); the output path."""
    profile = profile or outdir / ".lo-profile"
    if locale is not None:
        write_profile(profile, locale)
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
    out = outdir / f"{book.stem}.{fmt.split(':')[0]}"
    assert out.exists(), f"LibreOffice did not convert {book.name} to {fmt}"
    return out


def pdf_text(pdf: Path) -> str | None:
    """The text of a PDF (pdftotext -layout), or None when poppler is not installed."""
    if shutil.which("pdftotext") is None:
        return None
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
