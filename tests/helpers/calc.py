"""A headless LibreOffice Calc with arxl's buttons set up, driven from outside.

The session starts `soffice --headless --accept=...` on a free port with a private profile into
which `arxl excel setup --libreoffice` installed the macro (and a private config folder where
it recorded this Python), then talks to it through tests/libreoffice/driver.py, run by a Python
that has LibreOffice's `uno` (the system one). The macro's message boxes are also appended to a
log (ARXL_UNATTENDED), which is how a test reads what the owner was told.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

DRIVER = Path(__file__).resolve().parents[1] / "libreoffice" / "driver.py"
REPORT_MONTH = "2023-02"  # what the report button's question is answered with
BANK_STATEMENT = "releve-banque.xml"  # the bank button's file question is answered with it


def uno_python() -> str | None:
    """A Python that can import LibreOffice's uno module."""
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if candidate and Path(candidate).exists():
            done = subprocess.run([candidate, "-c", "import uno"], capture_output=True, check=False)
            if done.returncode == 0:
                return candidate
    return None


def missing() -> str:
    """Why the live tests cannot run here ("" when they can)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return "LibreOffice (soffice) is not installed"
    program = Path(soffice).resolve().parent
    if not (program / "pythonscript.py").exists():
        return (
            "LibreOffice's Python script provider is missing (libreoffice-script-provider-python)"
        )
    if uno_python() is None:
        return "no Python with LibreOffice's uno module (python3-uno)"
    return ""


needs_calc = pytest.mark.skipif(bool(missing()), reason=missing() or "-")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def outside_virtualenv(env: dict[str, str]) -> dict[str, str]:
    """The environment as an owner's desktop starts LibreOffice: no virtualenv on PATH
    (LibreOffice's own Python does not start from a shell with one activated, as `. .venv/bin/
    activate && python -m pytest` on CI has; docs/excel.md). Every virtualenv's folder of
    programs is left out, not only the activated one's: another one on PATH (a shell where a
    second virtualenv was activated first) breaks it as well, and its Python script provider
    then throws std::bad_alloc. The buttons still find arxl: its Python is the one `arxl excel
    setup` recorded."""
    venv = env.get("VIRTUAL_ENV")
    out = {k: v for k, v in env.items() if k not in ("VIRTUAL_ENV", "PYTHONHOME", "PYTHONPATH")}
    bins = {str(Path(venv) / "bin"), str(Path(venv) / "Scripts")} if venv else set()
    if "PATH" in env:
        out["PATH"] = os.pathsep.join(
            p
            for p in env["PATH"].split(os.pathsep)
            if p.rstrip("/") not in bins and not (Path(p).parent / "pyvenv.cfg").is_file()
        )
    return out


class Calc:
    """One headless LibreOffice and the documents it has open."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.profile, self.config = root / "profile", root / "config"
        self.log = root / "messages.txt"
        self.log.touch()
        self.statement = root / BANK_STATEMENT  # a test writes it before clicking the button
        self.env = {**os.environ, "XDG_CONFIG_HOME": str(self.config)}
        setup = [sys.executable, "-m", "arxl", "excel", "setup", "--libreoffice"]
        subprocess.run(
            [*setup, "--profile", str(self.profile)], env=self.env, check=True, capture_output=True
        )
        self.port = free_port()
        self.python = uno_python() or "python3"
        run_env = {
            **outside_virtualenv(self.env),
            "ARXL_UNATTENDED": str(self.log),
            "ARXL_REPORT_MONTH": REPORT_MONTH,
            "ARXL_BANK_STATEMENTS": str(self.statement),
        }
        # what soffice prints (the Python script provider's errors), shown when the driver fails
        self.output = root / "soffice.out"
        self._output = self.output.open("wb")
        self.process = subprocess.Popen(
            [
                "soffice",
                "--headless",
                "--norestore",
                "--nologo",
                "--nodefault",
                f"-env:UserInstallation={self.profile.as_uri()}",
                f"--accept=socket,host=127.0.0.1,port={self.port};urp;",
            ],
            env=run_env,
            stdout=self._output,
            stderr=subprocess.STDOUT,
        )
        self.seen = 0

    def call(self, command: str, book: Path, *args: str) -> object:
        done = subprocess.run(
            [self.python, str(DRIVER), str(self.port), command, str(book), *args],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0:
            said = self.output.read_text(encoding="utf-8", errors="replace")[-3000:]
            pytest.fail(f"driver {command}: exit {done.returncode} {done.stderr}\nsoffice: {said}")
        if done.stderr:  # a click that needed LibreOffice to finish starting: said in the log
            print(f"driver {command}: {done.stderr}", file=sys.stderr)
        return json.loads(done.stdout) if done.stdout else None

    def open(self, book: Path) -> dict:
        return self.call("open", book, "hidden")  # type: ignore[return-value]

    def click(self, book: Path, caption: str) -> None:
        self.call("click", book, caption)

    def dump(self, book: Path) -> dict:
        return self.call("dump", book)  # type: ignore[return-value]

    def close(self, book: Path) -> None:
        self.call("close", book)

    def messages(self) -> list[tuple[str, str]]:
        """The messages shown since the last call: (error or info, text)."""
        lines = self.log.read_text(encoding="utf-8").splitlines()
        new, self.seen = lines[self.seen :], len(lines)
        return [tuple(line.split("\t", 1)) for line in new]  # type: ignore[misc]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._output.close()
