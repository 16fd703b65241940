"""`arxl excel setup`: the one-time setup of a PC so that the workbook's buttons reach arxl.

The buttons run the installed arxl (`python -m arxl excel run ...`) with no add-in: setup
records that Python in a small per-user file the macros read (`config_paths`), on macOS puts
the AppleScript Excel's sandbox lets a macro run (`arxl.scpt`), and with --libreoffice copies
the LibreOffice macro into the user profile. The steps left to the owner (macro security) are
data the CLI prints. xlwings' installers remain for those who use the optional bridge.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from arxl.api.actions import escape
from arxl.vocab import Lang, t

CONFIG_NAME = "buttons.txt"  # arxl-config, then `python<TAB>path` (escaped as the result file)
CONFIG_HEADER = "arxl-config\t1"
SCRIPT_NAME = "arxl_buttons.py"  # the LibreOffice macro (arxl/libreoffice/arxl_buttons.py)
EXCEL_CONTAINER = "Library/Containers/com.microsoft.Excel/Data"
APPLESCRIPT = """on runArxl(params)
\t-- params: arxl's arguments, one a line; each is quoted, none is run as a command
\tset AppleScript's text item delimiters to linefeed
\tset command to quoted form of "{python}" & " -m arxl"
\trepeat with arg in text items of params
\t\tset command to command & " " & quoted form of arg
\tend repeat
\ttry
\t\tdo shell script command
\ton error message number code
\t\treturn "error " & code & ": " & message
\tend try
\treturn "ok"
end runArxl
"""


def config_paths(platform: str, environ: Mapping[str, str] | None = None) -> list[Path]:
    """Where the macros look for the per-user file naming arxl's Python: Windows' %APPDATA%,
    macOS' Application Support (Excel's sandboxed copy and LibreOffice's), else XDG."""
    env = os.environ if environ is None else environ
    home = Path(env.get("HOME") or Path.home())
    if platform == "windows":
        return [Path(env.get("APPDATA") or home / "AppData" / "Roaming") / "arxl" / CONFIG_NAME]
    support = Path("Library") / "Application Support" / "arxl" / CONFIG_NAME
    if platform == "macos":
        return [home / EXCEL_CONTAINER / support, home / support]
    return [Path(env.get("XDG_CONFIG_HOME") or home / ".config") / "arxl" / CONFIG_NAME]


def write_config(
    platform: str, python: str | None = None, environ: Mapping[str, str] | None = None
) -> list[Path]:
    """Record the Python that has arxl (this one by default) where the macros read it."""
    text = f"{CONFIG_HEADER}\r\npython\t{escape(python or sys.executable)}\r\n"
    paths = config_paths(platform, environ)
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("ascii"))
    return paths


def libreoffice_profile(platform: str, environ: Mapping[str, str] | None = None) -> Path:
    """LibreOffice's default user profile (its -env:UserInstallation folder)."""
    env = os.environ if environ is None else environ
    home = Path(env.get("HOME") or Path.home())
    if platform == "windows":
        return Path(env.get("APPDATA") or home / "AppData" / "Roaming") / "LibreOffice" / "4"
    if platform == "macos":
        return home / "Library" / "Application Support" / "LibreOffice" / "4"
    return Path(env.get("XDG_CONFIG_HOME") or home / ".config") / "libreoffice" / "4"


def install_libreoffice_macro(profile: Path) -> Path:
    """Copy the LibreOffice macro into the profile's Python scripts (My Macros), where the
    workbook's VBA finds it; LibreOffice picks it up without a restart."""
    folder = profile / "user" / "Scripts" / "python"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / SCRIPT_NAME
    target.write_bytes(resources.files("arxl.libreoffice").joinpath(SCRIPT_NAME).read_bytes())
    return target


def install_applescript(python: str | None = None, home: Path | None = None) -> Path:
    """macOS: the AppleScript the VBA runs through AppleScriptTask (Excel may only run scripts
    of its own scripts folder), compiled with osacompile."""
    folder = (home or Path.home()) / "Library" / "Application Scripts" / "com.microsoft.Excel"
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "arxl.applescript"
    source.write_text(APPLESCRIPT.format(python=python or sys.executable), encoding="utf-8")
    subprocess.run(["osacompile", "-o", str(folder / "arxl.scpt"), str(source)], check=True)
    return folder / "arxl.scpt"


def soffice() -> str | None:
    """LibreOffice's soffice, on PATH or where its installers put it."""
    for candidate in (
        shutil.which("soffice"),
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
        r"C:\Program Files\LibreOffice\program\soffice.exe",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@dataclass(frozen=True)
class Step:
    text: str
    command: tuple[str, ...] | None = None  # what arxl runs for this step (None: by hand)
    action: str = ""  # what arxl does itself: "config", "applescript", "libreoffice"


def xlwings_installed() -> bool:
    return importlib.util.find_spec("xlwings") is not None


def steps(
    platform: str, lang: Lang, libreoffice: bool = False, xlwings: bool = False
) -> list[Step]:
    """The setup steps for "windows", "macos" (Excel) or LibreOffice on any system, in order."""
    out = [
        Step(
            t(
                f"Noter ce Python ({sys.executable}) pour les boutons (fichier {CONFIG_NAME}).",
                f"Record this Python ({sys.executable}) for the buttons ({CONFIG_NAME} file).",
                lang,
            ),
            action="config",
        )
    ]
    if libreoffice or platform == "linux":
        return out + _libreoffice_steps(lang)
    if platform == "macos":
        out.append(
            Step(
                t(
                    "Installer le script arxl.scpt qu'Excel peut lancer (AppleScriptTask).",
                    "Install the arxl.scpt script Excel may run (AppleScriptTask).",
                    lang,
                ),
                action="applescript",
            )
        )
    if xlwings:
        bridge = (sys.executable, "-m", "xlwings.cli")
        out.append(
            Step(
                t(
                    "Passerelle xlwings (facultative) : xlwings addin install",
                    "The optional xlwings bridge: xlwings addin install",
                    lang,
                ),
                (*bridge, "addin", "install"),
            )
        )
    if platform == "macos":
        out.append(
            Step(
                t(
                    "Excel > Préférences > Sécurité : « Désactiver les macros VBA avec "
                    "notification », puis « Activer les macros » à l'ouverture du classeur.",
                    "Excel > Preferences > Security: 'Disable VBA macros with notification', "
                    "then 'Enable Macros' when the workbook opens.",
                    lang,
                )
            )
        )
    else:
        out += [
            Step(
                t(
                    "Excel > Fichier > Options > Centre de gestion de la confidentialité > "
                    "Paramètres des macros : « Désactiver les macros VBA avec notification », "
                    "puis « Activer le contenu » sur la barre jaune à l'ouverture.",
                    "Excel > File > Options > Trust Center > Trust Center Settings > Macro "
                    "Settings: 'Disable VBA macros with notification', then 'Enable Content' on "
                    "the yellow bar when the workbook opens.",
                    lang,
                )
            ),
            Step(
                t(
                    "Classeur reçu par courriel ou téléchargé : clic droit > Propriétés > "
                    "cocher « Débloquer » (sinon Windows bloque ses macros).",
                    "Workbook received by email or downloaded: right-click > Properties > tick "
                    "'Unblock' (else Windows blocks its macros).",
                    lang,
                )
            ),
        ]
    out.append(
        Step(
            t(
                "Ouvrir le classeur .xlsm (arxl excel init) et cliquer sur « Actualiser » dans "
                "la feuille Accueil.",
                "Open the .xlsm workbook (arxl excel init) and click 'Refresh' on the Home sheet.",
                lang,
            )
        )
    )
    return out


def _libreoffice_steps(lang: Lang) -> list[Step]:
    return [
        Step(
            t(
                f"Copier la macro {SCRIPT_NAME} dans le profil LibreOffice (Mes macros).",
                f"Copy the {SCRIPT_NAME} macro into the LibreOffice profile (My Macros).",
                lang,
            ),
            action="libreoffice",
        ),
        Step(
            t(
                "LibreOffice > Outils > Options > Sécurité > Sécurité des macros : niveau Moyen "
                "(ou le dossier du classeur en source de confiance) ; Chargement/enregistrement "
                "> Propriétés VBA : « Code exécutable » coché.",
                "LibreOffice > Tools > Options > Security > Macro Security: Medium (or the "
                "workbook's folder as a trusted location); Load/Save > VBA Properties: "
                "'Executable code' ticked.",
                lang,
            )
        ),
        Step(
            t(
                "Ouvrir le classeur .xlsm, « Activer les macros », cliquer sur « Actualiser ».",
                "Open the .xlsm workbook, 'Enable Macros', click 'Refresh'.",
                lang,
            )
        ),
    ]


def do_step(step: Step, platform: str, profile: Path | None = None) -> tuple[bool, str]:
    """Do what arxl does itself for a step; (succeeded, what was done)."""
    try:
        if step.command is not None:
            return run_step(step)
        if step.action == "config":
            return True, ", ".join(map(str, write_config(platform)))
        if step.action == "applescript":
            return True, str(install_applescript())
        if step.action == "libreoffice":
            return True, str(install_libreoffice_macro(profile or libreoffice_profile(platform)))
    except (OSError, subprocess.CalledProcessError) as exc:
        return False, str(exc)
    return True, ""


def missing(libreoffice: bool) -> list[str]:
    """What the buttons need that this computer lacks (empty: nothing)."""
    out = []
    check = subprocess.run(
        [sys.executable, "-m", "arxl", "--version"], capture_output=True, check=False
    )
    if check.returncode != 0:
        out.append(f"{sys.executable} -m arxl: {check.stderr.decode(errors='replace')[-200:]}")
    if libreoffice:
        found = soffice()
        if found is None:
            out.append("LibreOffice (soffice)")
        elif not any(
            (Path(found).resolve().parent / name).exists()
            for name in ("pythonscript.py", "../Resources/pythonscript.py")
        ):
            out.append(
                "LibreOffice's Python script provider (Debian/Ubuntu: "
                "apt install libreoffice-script-provider-python)"
            )
    return out


def current_platform() -> str:
    """ "windows", "macos" or "linux" (where only LibreOffice runs the buttons)."""
    return {"darwin": "macos", "win32": "windows"}.get(sys.platform, "linux")


def run_step(step: Step) -> tuple[bool, str]:
    """Run a step's command; (succeeded, its last line of output)."""
    assert step.command is not None
    done = subprocess.run(step.command, capture_output=True, text=True, check=False)
    lines = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode == 0, lines[-1] if lines else ""
