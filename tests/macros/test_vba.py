"""The buttons' VBA (macros/*.bas) checked the way it can be without Excel: every button bound
to a macro that exists, every call either the module's own, a VBA function, or a member of
Excel's object model in a list kept here (each one looked up in Microsoft's Excel VBA
reference); LibreOffice compiles and runs it in tests/libreoffice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from arxl.sheets.home import buttons
from arxl.vocab import Lang

MACROS = Path(__file__).resolve().parents[2] / "macros"

# VBA's own functions and statements the modules may call (VBA language reference).
VBA_FUNCTIONS = {
    "AppleScriptTask", "Array", "ChrW", "CLng", "CreateObject", "CStr", "Date", "DateSerial",
    "Dir", "Environ", "FreeFile", "Input", "InputBox", "InStr", "IsArray", "IsObject", "Join",
    "Kill", "LBound", "Left", "Len", "LOF", "Mid", "MkDir", "Month", "MsgBox", "Replace",
    "Right", "Shell", "Split", "StrComp", "Trim", "TypeName", "UBound", "Year",
}  # fmt: skip
# Excel object model: global objects and the members used on them or on what they return.
EXCEL_GLOBALS = {"Application", "ThisWorkbook", "Workbooks", "ActiveSheet", "Selection", "Err"}
EXCEL_MEMBERS = {
    "Application": {"StatusBar", "ScreenUpdating", "DisplayAlerts", "PathSeparator",
                    "OperatingSystem", "GetOpenFilename"},
    "ThisWorkbook": {"Path", "ReadOnly", "Save", "FullName", "Sheets", "FollowHyperlink"},
    "Workbooks": {"Open"},
    "ActiveSheet": {"Name", "Range"},
    "Selection": {"Address"},
    "Err": {"Description", "Raise"},
    # on a Workbook, Sheets collection, Worksheet, Range or WScript.Shell object
    "object": {"Sheets", "Close", "Count", "Index", "Copy", "Name", "Delete", "Activate",
               "Select", "Run", "PivotTables", "SourceData"},
}  # fmt: skip
# LibreOffice's UNO calls, run only where ThisComponent is the document (InLibreOffice).
UNO_MEMBERS = {"getScriptProvider", "getScript", "invoke"}
KEYWORDS = {"If", "Then", "And", "Or", "Not", "Do", "While", "Loop", "For", "To", "Next",
            "Each", "In", "Exit", "Sub", "Function", "End", "ReDim", "Preserve", "Is"}  # fmt: skip


def code(name: str) -> str:
    """A module's text without comments and string literals."""
    text = (MACROS / f"{name}.bas").read_text(encoding="ascii")
    text = re.sub(r'"(?:[^"]|"")*"', '""', text)
    return "\n".join(re.sub(r"(^|\s)'.*$", "", line) for line in text.splitlines())


def declared(source: str) -> set[str]:
    """Procedures, constants, variables and parameters the module declares."""
    names = set(re.findall(r"(?:Sub|Function) (\w+)\(", source))
    names |= set(re.findall(r"(?:Dim|Const|Private|ByVal|ByRef|Optional) (\w+)", source))
    names |= set(re.findall(r"^(\w+):$", source, re.M))  # labels
    return names


@pytest.mark.parametrize("name", ["arxl", "arxlMac"])
def test_every_call_is_the_modules_own_vba_or_excel(name):
    source = code(name)
    own = declared(code("arxl")) | declared(code("arxlMac"))
    for called in re.findall(r"(?<![.\w])([A-Za-z]\w*)\s*\(", source):
        assert called in own | VBA_FUNCTIONS | KEYWORDS, f"{name}.bas calls {called}()"
    for root, member in re.findall(r"(?<![.\w])([A-Za-z]\w*)\.([A-Za-z]\w*)", source):
        if root in EXCEL_GLOBALS:
            assert member in EXCEL_MEMBERS[root], f"{name}.bas uses {root}.{member}"
        elif root == "ThisComponent":
            assert member in UNO_MEMBERS
        else:
            assert root in own, f"{name}.bas uses {root}, which it does not declare"
            assert member in EXCEL_MEMBERS["object"] | UNO_MEMBERS, f"{root}.{member}"
    for member in re.findall(r"\)\.([A-Za-z]\w*)", source):  # on what a call returns
        assert member in EXCEL_MEMBERS["object"] | UNO_MEMBERS, f"(...).{member}"


def test_every_button_runs_a_public_sub():
    subs = set(re.findall(r"^Public Sub (\w+)\(\)", code("arxl"), re.M))
    for lang in Lang:
        assert {b.macro for b in buttons(lang)} <= subs


def test_the_host_specific_calls_stay_in_their_place():
    # #If and AppleScriptTask only in arxlMac (Excel for Windows has no AppleScriptTask);
    # ThisComponent only in InLibreOffice and RunInLibreOffice, which Excel never runs.
    assert "#If" not in code("arxl") and "AppleScriptTask" not in code("arxl")
    assert "Option Explicit" not in code("arxl")  # ThisComponent would not compile in Excel
    uses = re.findall(r"(?s)Private (?:Sub|Function) (\w+)\((?:(?!End (?:Sub|Function)).)*?"
                      r"ThisComponent", code("arxl"))  # fmt: skip
    assert set(uses) == {"InLibreOffice", "RunInLibreOffice"}
    for name in ("arxl", "arxlMac"):
        raw = (MACROS / f"{name}.bas").read_bytes()
        assert raw.startswith(f'Attribute VB_Name = "{name}"'.encode())
        assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF, as the VBA editor exports
