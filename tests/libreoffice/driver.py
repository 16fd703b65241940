"""Drive a headless LibreOffice from outside (run by the system Python, which has uno).

    python3 driver.py PORT COMMAND BOOK [ARG]    ->  one JSON document on stdout

Commands: open (load the book, macros enabled, as an owner who clicked "Enable Macros"),
buttons (the Accueil sheet's buttons: label -> the script a click runs), click LABEL (press
the button: its script through the document's script provider, as the button's event does),
set SHEET CELL TEXT (type into a cell), save (store the book as it is), pdf SHEET OUT (a
sheet as LibreOffice prints it), dump (each sheet: name, visible, cell values), close.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue


def connect(port: int):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"
    for _ in range(200):
        try:
            ctx = resolver.resolve(url)
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:
            time.sleep(0.2)
    raise SystemExit("LibreOffice did not answer")


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def find(desktop, book: Path):
    url = uno.systemPathToFileUrl(str(book.resolve()))
    components = desktop.getComponents().createEnumeration()
    while components.hasMoreElements():
        doc = components.nextElement()
        if getattr(doc, "URL", None) == url:
            return doc
    return None


def buttons(doc) -> dict[str, tuple[str, object]]:
    out = {}
    sheet = doc.getSheets().getByIndex(0)
    forms = sheet.getDrawPage().getForms()
    for fi in range(forms.getCount()):
        form = forms.getByIndex(fi)
        for ci in range(form.getCount()):
            model = form.getByIndex(ci)
            for event in form.getScriptEvents(ci):
                if event.EventMethod == "actionPerformed":
                    out[model.Label] = (event.ScriptCode, model)
    return out


# the Python macro the buttons' Basic hands the click over to (macros/arxl.bas, LO_SCRIPT)
PYTHON_MACRO = "vnd.sun.star.script:arxl_buttons.py$button?language=Python&location=user"
RESOLVE_TRIES = 40  # half a second apart


def python_macro(doc) -> int:
    """Resolve the Python macro as the Basic does before it runs, retried while LibreOffice's
    script provider may still be starting; the number of failed tries. When it never resolves,
    stop with LibreOffice's reason: the Basic's message box, headless, says nothing, and the
    click would look like a button that does nothing."""
    for tries in range(RESOLVE_TRIES):
        try:
            doc.getScriptProvider().getScript(PYTHON_MACRO)
            return tries
        except Exception as exc:  # noqa: BLE001 (uno's exceptions: any of them is the reason)
            reason = f"{type(exc).__name__}: {exc}"
            time.sleep(0.5)
    raise SystemExit(f"the Python macro does not resolve ({RESOLVE_TRIES} tries): {reason}")


def click(doc, label: str) -> str:
    code, _ = buttons(doc)[label]
    tries = python_macro(doc)
    if tries:
        print(f"the Python macro resolved after {tries} failed tries", file=sys.stderr)
    doc.getScriptProvider().getScript(code).invoke((), (), ())
    return code


def dump(doc) -> list[dict]:
    out = []
    sheets = doc.getSheets()
    for i in range(sheets.getCount()):
        sheet = sheets.getByIndex(i)
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        end = cursor.getRangeAddress()
        cells = sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow)
        out.append(
            {
                "name": sheet.getName(),
                "visible": bool(sheet.IsVisible),
                "values": [list(row) for row in cells.getDataArray()],
            }
        )
    return out


def main() -> None:
    port, command, book = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    desktop = connect(port)
    doc = find(desktop, book)
    answer: object = None
    if command == "open":
        if doc is None:
            url = uno.systemPathToFileUrl(str(book.resolve()))
            props = (prop("MacroExecutionMode", 4), prop("Hidden", len(sys.argv) > 4))
            doc = desktop.loadComponentFromURL(url, "_blank", 0, props)
        answer = {"readonly": bool(doc.isReadonly()), "sheets": len(dump(doc))}
    elif command == "buttons":
        answer = {label: code for label, (code, _) in buttons(doc).items()}
    elif command == "click":
        answer = click(doc, sys.argv[4])
    elif command == "dump":
        active = doc.getCurrentController().getActiveSheet().getName()
        answer = {"active": active, "modified": bool(doc.isModified()), "sheets": dump(doc)}
    elif command == "set":  # set SHEET CELL TEXT: the owner types into a cell
        cell = doc.getSheets().getByName(sys.argv[4]).getCellRangeByName(sys.argv[5])
        cell.setString(sys.argv[6])
    elif command == "pdf":  # pdf SHEET OUT: LibreOffice's rendering of one sheet
        sheet = doc.getSheets().getByName(sys.argv[4])
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        end = cursor.getRangeAddress()
        area = sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow)
        data = uno.Any("[]com.sun.star.beans.PropertyValue", (prop("Selection", area),))
        out = uno.systemPathToFileUrl(str(Path(sys.argv[5]).resolve()))
        props = (prop("FilterName", "calc_pdf_Export"), prop("FilterData", data))
        uno.invoke(doc, "storeToURL", (out, props))
    elif command == "save":  # the owner saves (Ctrl+S), in the book's own format
        doc.store()
    elif command == "close" and doc is not None:
        doc.close(True)
    json.dump(answer, sys.stdout, ensure_ascii=False, default=str)
    sys.stdout.flush()
    os._exit(0)  # tearing the UNO bridge down at exit sometimes crashes the interpreter


if __name__ == "__main__":
    main()
