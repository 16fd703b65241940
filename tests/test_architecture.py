"""The house reads one way (docs/architecture.md): each folder imports only the layers below it,
no import circle, no private name taken from another module, no module too big to know.

Read from the source with `ast` (imports inside functions count too), so the test needs nothing
but the files."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "arxl"
MAX_LINES = 420  # "about 400": a module above this is split by what changes together

BASE = {
    "model",
    "settings",
    "setting_rows",
    "vocab",
    "errors",
    "references",
    "memory",
    "background",
    "progress",
    "arrowtext",
    "cells",
    "formats",
    "terms",
    "naming",
}
# unit -> the units it may import (besides itself and the base)
ALLOWED: dict[str, set[str]] = {
    "ooxml": set(),
    "sheets": set(),
    "readers": {"ooxml"},
    "rules": set(),
    "reports": {"rules", "sheets"},
    "writers": {"sheets", "ooxml"},
    "reminders": {"rules"},
    "api": {"ooxml", "sheets", "readers", "rules", "reports", "writers", "reminders"},
    # the faces: parse, call the API, print
    "cli": {"api"},
    "excel": {"api"},
    "excelsetup": {"api"},
    "libreoffice": {"api"},
    "__main__": {"cli"},
    "__init__": {"api", "rules"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def unit(module: str) -> str:
    """The layer a module belongs to: its folder under arxl, or its own name at the top."""
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def imports(path: Path) -> list[tuple[str, str, int]]:
    """(imported module, imported name or '', line) for every arxl import in the file."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    modules = {module_name(p) for p in SRC.rglob("*.py")}
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "arxl" or target.startswith("arxl."):
                for alias in node.names:
                    full = f"{target}.{alias.name}"
                    if full in modules:  # `from arxl.rules import kpis` imports a module
                        found.append((full, "", node.lineno))
                    else:
                        found.append((target, alias.name, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, "", node.lineno) for a in node.names if a.name.startswith("arxl")]
    return found


FILES = sorted(p for p in SRC.rglob("*.py"))


def test_the_source_is_there():
    assert len(FILES) > 50 and (SRC / "api").is_dir()


def test_each_layer_imports_only_those_below():
    wrong = set()
    for path in FILES:
        here = unit(module_name(path))
        allowed = BASE if here in BASE else ALLOWED[here] | BASE
        for target, _name, line in imports(path):
            there = unit(target)
            if there != here and there not in allowed:
                wrong.add(f"{path.relative_to(SRC)}:{line}: {here} imports {target}")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_private_name_crosses_modules():
    wrong = [
        f"{path.relative_to(SRC)}:{line}: {name} from {target}"
        for path in FILES
        for target, name, line in imports(path)
        if name.startswith("_") and target != module_name(path)
    ]
    assert wrong == [], "\n".join(wrong)


def test_no_import_circle():
    graph: dict[str, set[str]] = defaultdict(set)
    for path in FILES:
        me = module_name(path)
        for target, _name, _line in imports(path):
            if target != me and not me.startswith(target + "."):  # a package's own __init__
                graph[me].add(target)
    circles = []
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                circles.append(" -> ".join(path[path.index(nxt) :] + [node, nxt]))
            elif nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [])
    assert circles == [], "\n".join(circles)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_too_big_to_know(path: Path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, (
        f"{path.relative_to(SRC)}: {lines} lines; split it by what changes together"
    )


def test_the_checks_see_a_wrong_import(tmp_path):
    """The checks themselves: a reader importing a writer is seen."""
    assert unit("arxl.readers.xlsx") == "readers" and unit("arxl.model") == "model"
    assert "writers" not in ALLOWED["readers"]
    assert "readers" not in ALLOWED["reports"] and "reports" not in ALLOWED["writers"]


def test_the_command_line_starts_without_pandas():
    """`arxl refresh` starts reading the workbook (calamine, in a thread) before pandas is
    imported: importing the command line must not import pandas, numpy or pyarrow."""
    import subprocess
    import sys

    code = (
        "import sys, arxl.cli; "
        "print(sorted(m for m in ('pandas', 'numpy', 'pyarrow') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
