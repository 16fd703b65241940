"""`arxl excel setup`: the steps printed, the per-user file the macros read, the LibreOffice
macro copied into a profile; and what is missing said in one line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from arxl.cli import excelsetup, main
from arxl.libreoffice import arxl_buttons


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    done = CliRunner().invoke(main, list(args), env=env)
    return done.exit_code, done.stdout, done.stderr


def test_the_steps_for_excel_on_windows_and_macos():
    code, out, err = run("excel", "setup", "--dry-run", "--os", "windows", "--lang", "en")
    assert code == 0, err
    lines = out.splitlines()
    assert (
        lines[0] == f"1. Record this Python ({sys.executable}) for the buttons (buttons.txt file)."
    )
    assert "Trust Center" in lines[1] and "Unblock" in lines[2] and "xlwings" not in out
    code, out, _ = run("excel", "setup", "--dry-run", "--os", "macos")
    assert "arxl.scpt" in out and "Préférences > Sécurité" in out
    code, out, _ = run("excel", "setup", "--dry-run", "--os", "windows", "--xlwings")
    assert "xlwings addin install" in out


def test_libreoffice_setup_records_python_and_installs_the_macro(tmp_path):
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "APPDATA": str(tmp_path / "config")}
    profile = tmp_path / "profile"
    code, out, err = run("excel", "setup", "--libreoffice", "--profile", str(profile), env=env)
    assert code == 0, err
    assert out.count("OK: ") == 2
    installed = profile / "user" / "Scripts" / "python" / "arxl_buttons.py"
    assert installed.read_bytes() == Path(arxl_buttons.__file__).read_bytes()
    # the macro finds the Python the setup recorded
    assert arxl_buttons.arxl_python(env) == sys.executable


@pytest.mark.parametrize("platform", ["windows", "macos", "linux"])
def test_the_macro_reads_where_setup_writes(tmp_path, monkeypatch, platform):
    env = {"HOME": str(tmp_path), "APPDATA": str(tmp_path / "roaming")}
    written = excelsetup.write_config(platform, "/opt/py/bin/python3", env)
    monkeypatch.setattr(
        arxl_buttons.sys, "platform", {"windows": "win32", "macos": "darwin"}.get(platform, "linux")
    )
    assert arxl_buttons.config_paths(env)[0] in written
    # on macOS, also where sandboxed Excel's HOME points
    if platform == "macos":
        assert tmp_path / excelsetup.EXCEL_CONTAINER / "Library" in written[0].parents


def test_without_setup_the_macro_says_what_to_do(tmp_path):
    with pytest.raises(arxl_buttons.Stop, match="arxl excel setup --libreoffice"):
        arxl_buttons.arxl_python({"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)})


def test_what_is_missing_is_said(monkeypatch, tmp_path):
    monkeypatch.setattr(excelsetup, "soffice", lambda: None)
    env = {"XDG_CONFIG_HOME": str(tmp_path), "APPDATA": str(tmp_path)}
    code, _, err = run(
        "excel", "setup", "--libreoffice", "--profile", str(tmp_path / "p"), "--lang", "en", env=env
    )
    assert code == 1 and err == "arxl: error: missing: LibreOffice (soffice)\n"
