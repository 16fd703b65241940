#!/bin/bash
# Screenshots of LibreOffice Calc on a virtual screen (Xvfb): the Accueil sheet of the demo
# workbook made by `arxl excel init`, then Tableau de bord after « Actualiser » was pressed.
# Needs Debian's xvfb and libreoffice-calc (not -nogui: it has no X11 window),
# libreoffice-script-provider-python, and arxl installed with Pillow in $PYTHON.
# Usage: docs/screenshots/run.sh OUTDIR
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
PY=${PYTHON:-$(command -v python)}
W=$(mktemp -d)
export XDG_CONFIG_HOME=$W/config
"$PY" -m arxl demo "$W/comptes.xlsx" >/dev/null
"$PY" -m arxl excel init "$W/comptes.xlsx" >/dev/null
"$PY" -m arxl excel setup --libreoffice --profile "$W/profile" >/dev/null
"$PY" -c "from pathlib import Path; from arxl.writers.pdf import write_profile; write_profile(Path('$W/profile'), 'fr-FR')"
Xvfb :99 -screen 0 1400x900x24 >/dev/null 2>&1 & XV=$!
trap 'kill $SO $XV 2>/dev/null; rm -rf "$W"' EXIT
sleep 2
export DISPLAY=:99 PORT=2099
# LibreOffice as a desktop starts it: no virtualenv first on PATH (its Python would not start)
env -u VIRTUAL_ENV PATH=/usr/local/bin:/usr/bin:/bin ARXL_UNATTENDED="$W/messages.txt" \
  soffice --norestore --nologo --nodefault "-env:UserInstallation=file://$W/profile" \
  "--accept=socket,host=127.0.0.1,port=$PORT;urp;" >/dev/null 2>&1 & SO=$!
sleep 3
uno() { /usr/bin/python3 "$HERE/uno_shot.py" "$PORT" "$@" >/dev/null; }
shot() { "$PY" -c "from PIL import ImageGrab; ImageGrab.grab(xdisplay=':99').save('$OUT/$1')"; }
uno open "$W/comptes.xlsm"; sleep 4
uno sheet "$W/comptes.xlsm" Accueil; sleep 2; shot home.png
CAPTION=$("$PY" -c "from arxl.sheets.home import buttons; from arxl.vocab import Lang; print(buttons(Lang.FR)[0].caption)")
uno click "$W/comptes.xlsm" "$CAPTION"; sleep 2
uno sheet "$W/comptes.xlsm" "Tableau de bord"; sleep 2; shot refreshed.png
