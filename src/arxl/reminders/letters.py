"""Printable letters: the letter's HTML converted to PDF by LibreOffice when it is installed."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from pathlib import Path

SOFFICE_TIMEOUT = 300


def write_letters(letters: dict[Path, str]) -> dict[Path, Path]:
    """Write each letter (html path -> html text); returns html path -> printable file: the PDF
    when LibreOffice converted it (the .html is then removed), else the .html itself."""
    for path, html in letters.items():
        path.write_text(html, encoding="utf-8")
    out = {p: p for p in letters}
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not letters or soffice is None:
        return out
    # Writer renders HTML best; a Calc-only LibreOffice (a server install) imports it as a sheet
    for infilter, export in WAYS:
        todo = [p for p in letters if not p.with_suffix(".pdf").exists()]
        for folder in sorted({p.parent for p in todo}):
            _convert(soffice, [p for p in todo if p.parent == folder], folder, infilter, export)
    for path in letters:
        pdf = path.with_suffix(".pdf")
        if pdf.exists():
            path.unlink()
            out[path] = pdf
    return out


WAYS = (("", "pdf:writer_pdf_Export"), ("HTML (StarCalc)", "pdf:calc_pdf_Export"))


def _convert(soffice: str, paths: list[Path], folder: Path, infilter: str, export: str) -> None:
    with tempfile.TemporaryDirectory(prefix="arxl-lo-") as profile:
        command = [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={Path(profile).as_uri()}",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            export,
            "--outdir",
            str(folder),
            *map(str, paths),
        ]
        # on failure the .html letters stay: they print from any browser
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(command, check=False, capture_output=True, timeout=SOFFICE_TIMEOUT)
