"""arxl's buttons in LibreOffice Calc: a Python-UNO macro the workbook's VBA calls.

A button of the Accueil sheet runs the VBA of macros/arxl.bas, which in LibreOffice hands over
here with the document: store it, run the installed arxl (`python -m arxl excel run`, the
Python `arxl excel setup` recorded) on the stored file, then bring the sheets arxl wrote into a
copy into the open document (new ones in first under temporary names, old ones out after, so a
failure part-way leaves the previous sheets). Any failure ends in one message box (French and
English) and leaves the document as it was. Runs in LibreOffice's own Python: standard library
and uno only, nothing of arxl.

Installed by `arxl excel setup --libreoffice` into <profile>/user/Scripts/python/.

Unattended runs (the tests, a headless LibreOffice) set ARXL_UNATTENDED to a file: each message
is also appended there, and the report opens hidden and the folder of drafts is not opened
(a visible window crashes a headless LibreOffice 7.4). The question asked before sending the
reminders is appended there too, and answered by the file ARXL_CONFIRM names (its content
"yes"; otherwise no). The bank button's question (which statement files) is answered by
ARXL_BANK_STATEMENTS when it is set (paths separated by os.pathsep), as ARXL_REPORT_MONTH
answers the report's; unattended without it, no file is chosen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

CONFIG = Path("arxl") / "buttons.txt"
WORK_PREFIX = "arxl-button-"
TIMEOUT = 900  # seconds a run may take before the macro gives up
# com.sun.star.awt.MessageBoxButtons BUTTONS_YES_NO | DEFAULT_BUTTON_NO; MessageBoxResults YES
YES_NO_DEFAULT_NO, YES = 3 | 0x50000, 2


class Stop(Exception):
    """A reason to stop, shown to the owner as is."""


def button(doc: Any = None, action: str = "refresh", month: str = "", *_: Any) -> None:
    """What a click runs (the entry point the VBA calls with ThisComponent)."""
    doc = doc or XSCRIPTCONTEXT.getDocument()  # type: ignore[name-defined]  # noqa: F821
    ui = Screen(doc)
    try:
        text = run(doc, action, month, ui)
        failed = False
    except Stop as exc:
        text, failed = str(exc), True
    except Exception as exc:  # a button never ends on a traceback
        text, failed = f"arxl : {type(exc).__name__}: {exc}", True
    finally:
        ui.status(None)
    if failed or text:
        ui.message(text, failed)


def run(doc: Any, action: str, month: str, ui: Screen) -> str:
    """Store, run arxl, apply its answer; the message to show on success ("" for none)."""
    if not doc.hasLocation():
        raise Stop(
            "Enregistrez d'abord ce classeur (format .xlsm).\n"
            "Save this workbook first (.xlsm format)."
        )
    path = Path(file_path(doc.getURL()))
    if doc.isReadonly():
        raise Stop(
            f"{path.name} est ouvert en lecture seule (verrouillé ou protégé) : arxl ne peut "
            f"pas l'enregistrer.\n{path.name} is open read-only (locked or protected): arxl "
            "cannot save it."
        )
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise Stop(
            "Enregistrez ce classeur au format Excel .xlsm (Fichier > Enregistrer sous).\n"
            "Save this workbook in Excel's .xlsm format (File > Save As)."
        )
    python = arxl_python()
    options = ["--month", month] if month else []
    if action == "bank":  # which statements: asked before anything is stored
        files = ui.pick_statements()
        if not files:
            return ""
        options = [option for f in files for option in ("--statement", f)]
    ui.status("arxl — enregistrement / saving…")
    try:
        doc.store()
    except Exception as exc:
        raise Stop(f"Enregistrement impossible / cannot save: {exc}") from None
    ui.status("arxl — calcul / computing…")
    keep = ui.where()
    work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX))
    sent = ""  # once the reminders went: the copy holding their log, kept if the rest fails
    applied = False
    try:
        answer = run_arxl(python, action, path, work, *options)
        if answer.get("confirm"):  # the reminders would be sent: the owner says yes first
            ui.status(None)
            if not ui.ask(answer["confirm"]):
                return ""  # nothing was sent, the document is as it was
            ui.status("arxl — envoi / sending…")
            answer = run_arxl(python, answer["then"], path, work, "--plan", answer["plan"])
            sent = answer.get("copy", "")
        if answer.get("copy"):
            ui.status("arxl — copie des feuilles / copying the sheets…")
            replace_sheets(doc, Path(answer["copy"]), answer["sheet"])
        applied = True
    except BaseException as exc:
        ui.restore(keep, "")
        doc.setModified(False)  # as stored: nothing of this run is left in it
        if sent and isinstance(exc, Exception):
            raise Stop(
                f"{exc}\nLes relances sont parties ; leur journal est dans {sent}.\n"
                f"The reminders went; their log is in {sent}."
            ) from None
        raise
    finally:
        if not sent or applied:
            shutil.rmtree(work, ignore_errors=True)
    ui.restore(keep, answer.get("activate", ""))
    if answer.get("open"):
        load(file_url(answer["open"]), hidden=bool(unattended()))
    if answer.get("folder") and action == "drafts" and not unattended():
        ui.open_folder(answer["folder"])
    return answer["message"] if action in ("reminders", "remind-plan", "bank") else ""


def arxl_python(environ: dict[str, str] | None = None) -> str:
    """The Python `arxl excel setup` recorded (the per-user buttons.txt)."""
    env = os.environ if environ is None else environ
    for path in config_paths(env):
        if path.is_file():
            for line in path.read_text(encoding="ascii", errors="replace").splitlines():
                key, _, value = line.partition("\t")
                if key == "python" and Path(unescape(value)).exists():
                    return unescape(value)
    raise Stop(
        "arxl est introuvable : installez-le (pip install arxl) puis lancez "
        "« arxl excel setup --libreoffice ».\n"
        "arxl cannot be found: install it (pip install arxl), then run "
        "'arxl excel setup --libreoffice'."
    )


def config_paths(env: Any) -> list[Path]:
    """Where arxl excel setup writes buttons.txt, as arxl.excelsetup.config_paths says."""
    home = Path(env.get("HOME") or Path.home())
    if sys.platform == "win32":
        return [Path(env.get("APPDATA") or home / "AppData" / "Roaming") / CONFIG]
    if sys.platform == "darwin":
        return [home / "Library" / "Application Support" / CONFIG]
    return [Path(env.get("XDG_CONFIG_HOME") or home / ".config") / CONFIG]


def run_arxl(python: str, action: str, book: Path, work: Path, *options: str) -> dict[str, Any]:
    """Run `python -m arxl excel run` and read its result file; Stop unless it says ok."""
    result = work / "result.txt"
    result.unlink(missing_ok=True)
    command = [python, "-m", "arxl", "excel", "run", action, str(book)]
    command += ["--work", str(work), "--result", str(result), *options]
    # LibreOffice's own Python settings must not leak into arxl's Python.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHOME", "PYTHONPATH")}
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    try:
        done = subprocess.run(
            command, capture_output=True, env=env, timeout=TIMEOUT, creationflags=flags
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise Stop(f"arxl n'a pas pu être lancé / arxl could not run: {exc}") from None
    if not result.is_file():
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        raise Stop(
            "arxl n'a pas pu être lancé / arxl could not run: "
            + (lines[-1] if lines else f"exit code {done.returncode}")
        )
    answer = parse_result(result.read_text(encoding="ascii", errors="replace"))
    if answer.get("status") != "ok":
        raise Stop(f"arxl : {answer.get('message', '')}")
    return answer


def parse_result(text: str) -> dict[str, Any]:
    """The result file of `arxl excel run` (arxl.api.buttons.result_text) as a dict; the
    `sheet` lines as a list of (name, old name)."""
    out: dict[str, Any] = {"sheet": []}
    for line in text.splitlines()[1:]:
        key, *values = [unescape(v) for v in line.split("\t")]
        if key == "sheet":
            out["sheet"].append((values[0], values[1] if len(values) > 1 else ""))
        elif values:
            out[key] = values[0]
    return out


def unescape(text: str) -> str:
    """Undo arxl's \\uXXXX escapes (UTF-16 code units)."""
    if "\\u" not in text:
        return text
    units = bytearray()
    i = 0
    while i < len(text):
        if text.startswith("\\u", i):
            units += int(text[i + 2 : i + 6], 16).to_bytes(2, "little")
            i += 6
        else:
            units += text[i].encode("utf-16-le")
            i += 1
    return units.decode("utf-16-le", errors="replace")


def replace_sheets(doc: Any, copy: Path, plan: list[tuple[str, str]]) -> None:
    """Copy each sheet of `copy` into `doc` before the one it replaces (else last), under a
    temporary name; then remove the old ones and give the new ones their names. A failure
    while copying removes what was copied: the document is as it was."""
    source = load(file_url(str(copy)), hidden=True)
    # In VBA mode Calc copies each sheet's code module along with it, and fails on arxl's
    # sheets, which have none: import with the mode off, then put it back.
    libraries = doc.BasicLibraries
    vba = libraries.VBACompatibilityMode
    libraries.VBACompatibilityMode = False
    sheets = doc.getSheets()
    before = set(sheets.getElementNames())
    added: list[tuple[str, str, str]] = []
    try:
        for name, old in plan:
            position = index_of(sheets, old) if old else sheets.getCount()
            index = sheets.importSheet(source, name, position)
            sheet = sheets.getByIndex(index)
            temporary = free_name(sheets, f"arxl-{len(added)}")
            sheet.setName(temporary)
            sheet.IsVisible = source.getSheets().getByName(name).IsVisible
            added.append((temporary, name, old))
    except Exception:
        for name in set(sheets.getElementNames()) - before:
            sheets.removeByName(name)
        raise
    finally:
        libraries.VBACompatibilityMode = vba
        source.close(True)
    for _, _, old in added:
        if old and sheets.hasByName(old):
            sheets.removeByName(old)
    for temporary, name, _ in added:
        sheets.getByName(temporary).setName(name)


def index_of(sheets: Any, name: str) -> int:
    names = list(sheets.getElementNames())
    return names.index(name) if name in names else sheets.getCount()


def free_name(sheets: Any, stem: str) -> str:
    name, n = stem, 1
    while sheets.hasByName(name):
        n += 1
        name = f"{stem}-{n}"
    return name


class Screen:
    """The owner's side of the document: status bar, message box, active sheet and selection."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.indicator = None

    def status(self, text: str | None) -> None:
        try:
            if text is None:
                if self.indicator is not None:
                    self.indicator.end()
                self.indicator = None
                return
            if self.indicator is None:
                frame = self.doc.getCurrentController().getFrame()
                self.indicator = frame.createStatusIndicator()
                self.indicator.start(text, 100)
            self.indicator.setText(text)
        except Exception:  # no frame (a hidden document): no status bar to show
            self.indicator = None

    def message(self, text: str, error: bool) -> None:
        log = unattended()
        if log:
            with open(log, "a", encoding="utf-8") as out:
                out.write(("error" if error else "info") + "\t" + text.replace("\n", " | ") + "\n")
        import uno

        ctx = uno.getComponentContext()
        toolkit = ctx.getServiceManager().createInstanceWithContext("com.sun.star.awt.Toolkit", ctx)
        window = self.doc.getCurrentController().getFrame().getContainerWindow()
        kind = uno.Enum("com.sun.star.awt.MessageBoxType", "ERRORBOX" if error else "INFOBOX")
        toolkit.createMessageBox(window, kind, 1, "arxl", text).execute()

    def ask(self, text: str) -> bool:
        """A yes/no question, No by default. Unattended runs write it to the log and answer
        with the content of the file ARXL_CONFIRM names ("yes"; anything else, or no such
        file, is no)."""
        log = unattended()
        if log:
            with open(log, "a", encoding="utf-8") as out:
                out.write("question\t" + text.replace("\n", " | ") + "\n")
            answer = Path(os.environ.get("ARXL_CONFIRM") or os.devnull)
            return answer.is_file() and answer.read_text().strip().lower() == "yes"
        import uno

        ctx = uno.getComponentContext()
        toolkit = ctx.getServiceManager().createInstanceWithContext("com.sun.star.awt.Toolkit", ctx)
        window = self.doc.getCurrentController().getFrame().getContainerWindow()
        kind = uno.Enum("com.sun.star.awt.MessageBoxType", "QUERYBOX")
        box = toolkit.createMessageBox(window, kind, YES_NO_DEFAULT_NO, "arxl", text)
        return box.execute() == YES

    def pick_statements(self) -> list[str]:
        """The bank statement files the owner chooses (several at once) in LibreOffice's file
        picker; [] when cancelled. ARXL_BANK_STATEMENTS answers when set (the tests)."""
        given = os.environ.get("ARXL_BANK_STATEMENTS", "")
        log = unattended()
        if given or log:
            if log:
                with open(log, "a", encoding="utf-8") as out:
                    out.write("files\t" + given + "\n")
            return [p for p in given.split(os.pathsep) if p]
        import uno

        ctx = uno.getComponentContext()
        picker = ctx.getServiceManager().createInstanceWithArgumentsAndContext(
            "com.sun.star.ui.dialogs.FilePicker",
            (0,),
            ctx,  # TemplateDescription.FILEOPEN_SIMPLE
        )
        picker.setTitle("Relevés bancaires / Bank statements")
        picker.setMultiSelectionMode(True)
        picker.appendFilter(
            "Relevés / Statements", "*.xml;*.csv;*.ofx;*.qfx;*.sta;*.mt940;*.txt;*.xlsx;*.xls"
        )
        picker.appendFilter("Tous les fichiers / All files", "*.*")
        if picker.execute() != 1:  # ExecutableDialogResults.OK
            return []
        return [file_path(url) for url in picker.getSelectedFiles()]

    def where(self) -> tuple[str, Any]:
        """The active sheet's name and the selected range's address."""
        controller = self.doc.getCurrentController()
        selection = controller.getSelection()
        address = getattr(selection, "RangeAddress", None)
        return controller.getActiveSheet().getName(), address

    def restore(self, keep: tuple[str, Any], activate: str) -> None:
        """Show `activate` if arxl asked, else the sheet and selection the owner had."""
        sheets, controller = self.doc.getSheets(), self.doc.getCurrentController()
        name, address = keep
        if activate and sheets.hasByName(activate):
            controller.setActiveSheet(sheets.getByName(activate))
        elif sheets.hasByName(name):
            sheet = sheets.getByName(name)
            controller.setActiveSheet(sheet)
            if address is not None:
                a = address
                cells = sheet.getCellRangeByPosition(
                    a.StartColumn, a.StartRow, a.EndColumn, a.EndRow
                )
                controller.select(cells)

    def open_folder(self, folder: str) -> None:
        import uno

        ctx = uno.getComponentContext()
        shell = ctx.getServiceManager().createInstanceWithContext(
            "com.sun.star.system.SystemShellExecute", ctx
        )
        try:
            shell.execute(file_url(folder), "", 0)
        except Exception:
            self.message(folder, error=False)


def load(url: str, hidden: bool = False) -> Any:
    import uno
    from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

    ctx = uno.getComponentContext()
    desktop = ctx.getServiceManager().createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    props = []
    for name, value in (("Hidden", hidden),):
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        props.append(prop)
    return desktop.loadComponentFromURL(url, "_blank", 0, tuple(props))


def unattended() -> str:
    """The file messages are also written to in unattended runs ("" for an owner's click)."""
    return os.environ.get("ARXL_UNATTENDED", "")


def file_url(path: str) -> str:
    return Path(path).resolve().as_uri()


def file_path(url: str) -> str:
    import uno

    return uno.fileUrlToSystemPath(url)


g_exportedScripts = (button,)
