"""Run by the system python3 (it has uno): open BOOK in a visible window, show a sheet, or
press a button as its event does. Usage: uno_shot.py PORT open|sheet|click BOOK [ARG]"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "libreoffice"))
import driver  # noqa: E402
import uno  # noqa: E402

port, cmd, book = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
desktop = driver.connect(port)
doc = driver.find(desktop, book)
if cmd == "open":
    url = uno.systemPathToFileUrl(str(book.resolve()))
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (driver.prop("MacroExecutionMode", 4),))
    doc.getCurrentController().getFrame().getContainerWindow().setPosSize(0, 0, 1400, 900, 15)
elif cmd == "sheet":
    controller = doc.getCurrentController()
    controller.setActiveSheet(doc.getSheets().getByName(sys.argv[4]))
    controller.select(controller.getActiveSheet().getCellRangeByName("A1"))
elif cmd == "click":
    driver.click(doc, sys.argv[4])
time.sleep(0.5)
print(json.dumps({"ok": True}))
sys.stdout.flush()
os._exit(0)
