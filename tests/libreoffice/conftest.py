"""What the LibreOffice tests share: the workbook `arxl excel init` makes from the demo book."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from arxl.api.demo import make_demo
from arxl.cli import main


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A workbook made by `arxl excel init` from the demo book."""
    folder = tmp_path_factory.mktemp("template")
    make_demo(folder / "demo.xlsx")
    done = CliRunner().invoke(main, ["excel", "init", str(folder / "demo.xlsx")])
    assert done.exit_code == 0, done.output
    return folder / "demo.xlsm"
