"""A PDF of a workbook through LibreOffice (`soffice --headless --convert-to pdf`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from arxl.errors import ArxlError, LibreOfficeMissing

TIMEOUT = 300  # seconds


def to_pdf(book: Path) -> Path:
    """Write BOOK.pdf beside book and return its path."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise LibreOfficeMissing(
            f"{book.name} was written, but no PDF: LibreOffice is not installed (soffice not "
            "found). Install LibreOffice, or open the workbook in Excel and print it to PDF."
        )
    with tempfile.TemporaryDirectory(prefix="arxl-pdf-") as tmp:
        profile = Path(tmp) / "profile"
        try:
            subprocess.run(
                [soffice, "--headless", "--norestore",
                 f"-env:UserInstallation={profile.as_uri()}",
                 "--convert-to", "pdf", "--outdir", tmp, str(book)],
                check=True, capture_output=True, timeout=TIMEOUT,
            )  # fmt: skip
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise ArxlError(
                f"{book.name}: LibreOffice could not convert it to PDF ({exc})."
            ) from exc
        made = Path(tmp) / f"{book.stem}.pdf"
        if not made.exists():
            raise ArxlError(f"{book.name}: LibreOffice did not produce a PDF.")
        target = book.with_suffix(".pdf")
        shutil.move(str(made), target)
        os.chmod(target, 0o644)
    return target
