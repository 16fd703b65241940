"""`arxl excel setup`: the one-time setup of a PC so that the workbook's buttons reach arxl.

The steps are data (printed by the CLI); the only ones arxl can do itself are xlwings' own
installers (the Excel add-in that provides RunPython, and on macOS the AppleScript helper).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from dataclasses import dataclass

from arxl.vocab import Lang, t


@dataclass(frozen=True)
class Step:
    text: str
    command: tuple[str, ...] | None = None  # what arxl runs for this step (None: by hand)


def xlwings_installed() -> bool:
    return importlib.util.find_spec("xlwings") is not None


def steps(platform: str, lang: Lang) -> list[Step]:
    """The setup steps for "windows" or "macos", in order."""
    xlwings = (sys.executable, "-m", "xlwings.cli")
    out = [
        Step(
            t(
                'Installer arxl avec xlwings dans ce Python : pip install "arxl[excel]"',
                'Install arxl with xlwings into this Python: pip install "arxl[excel]"',
                lang,
            )
        ),
        Step(
            t(
                "Installer le complément xlwings d'Excel (il fournit RunPython et note ce "
                "Python dans ~/.xlwings/xlwings.conf) : xlwings addin install",
                "Install xlwings' Excel add-in (it provides RunPython and records this Python "
                "in ~/.xlwings/xlwings.conf): xlwings addin install",
                lang,
            ),
            (*xlwings, "addin", "install"),
        ),
    ]
    if platform == "macos":
        out += [
            Step(
                t(
                    "Autoriser RunPython sur macOS : xlwings runpython install",
                    "Allow RunPython on macOS: xlwings runpython install",
                    lang,
                ),
                (*xlwings, "runpython", "install"),
            ),
            Step(
                t(
                    "Excel > Préférences > Sécurité : « Désactiver les macros VBA avec "
                    "notification », puis « Activer les macros » à l'ouverture du classeur.",
                    "Excel > Preferences > Security: 'Disable VBA macros with notification', "
                    "then 'Enable Macros' when the workbook opens.",
                    lang,
                )
            ),
        ]
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


def current_platform() -> str:
    return "macos" if sys.platform == "darwin" else "windows"


def run_step(step: Step) -> tuple[bool, str]:
    """Run a step's command; (succeeded, its last line of output)."""
    assert step.command is not None
    done = subprocess.run(step.command, capture_output=True, text=True, check=False)
    lines = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode == 0, lines[-1] if lines else ""
