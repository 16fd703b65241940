"""A PDF of a workbook through LibreOffice (`soffice --headless --convert-to pdf`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from arxl.errors import ArxlError, LibreOfficeMissing

TIMEOUT = 300  # seconds
# The user profile LibreOffice starts with: the locale it formats numbers and dates with (the
# workbook's, never the machine's), for the interface and as the default document language.
PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">\
<value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse">\
<value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale" \
oor:op="fuse"><value>{locale}</value></prop></item>
</oor:items>
"""


def write_profile(profile: Path, locale: str) -> None:
    """A fresh LibreOffice user profile whose locale is `locale` ("fr-FR", "en-US")."""
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(PROFILE.format(locale=locale), "utf-8")


def to_pdf(book: Path, locale: str = "fr-FR") -> Path:
    """Write BOOK.pdf beside book and return its path, numbers and dates formatted as in
    `locale` (the workbook's language: "fr-FR", "en-US"), whatever the machine's locale."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise LibreOfficeMissing(
            f"{book.name} was written, but no PDF: LibreOffice is not installed (soffice not "
            "found). Install LibreOffice, or open the workbook in Excel and print it to PDF."
        )
    with tempfile.TemporaryDirectory(prefix="arxl-pdf-") as tmp:
        profile = Path(tmp) / "profile"
        write_profile(profile, locale)
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
