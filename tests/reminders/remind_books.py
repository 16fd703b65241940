"""Books for the reminder texts: one client at each level, as the owner would type them."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from conftest import make_workbook

D = dt.date
AS_OF = D(2026, 3, 31)
IBAN = "FR76 3000 6000 0112 3456 7890 189"
BIC = "AGRIFRPPXXX"
CREDITOR_NAME = "Atelier Durand SARL"
CREDITOR = [
    ["Paramètre", "Valeur"],
    ["Votre raison sociale", CREDITOR_NAME],
    ["Votre adresse", "12 rue des Lilas\n69003 Lyon"],
    ["IBAN", IBAN],
    ["BIC", BIC],
    ["Adresse d'envoi", "factures@atelier-durand.fr"],
    ["Pays", "FR"],  # French law: penalties quoted from the formal notice on
]
CLIENT_HEADER = ["ID Client", "Nom", "Adresse", "Email", "Langue", "Type"]
CLIENTS = [
    [1, "Alpha SARL", "1 rue de la Paix, 75002 Paris", "compta@alpha.example", "", ""],
    [2, "Bravo SAS", "2 quai Perrache, 69002 Lyon", "compta@bravo.example", "", ""],
    [3, "Charlie SARL", "3 place Bellecour, 69002 Lyon", "compta@charlie.example", "", ""],
    [4, "Delta SA", "4 cours Mirabeau\n13100 Aix-en-Provence", "ap@delta.example", "", ""],
    [5, "Émile Dupuis", "5 rue des Écoles, 38000 Grenoble", "emile@exemple.fr", "", "Particulier"],
    [6, "Foxtrot SARL", "6 allée des Pins, 33000 Bordeaux", "compta@foxtrot.example", "", ""],
    [7, "Golf Ltd", "7 High Street, London EC1A 1BB", "ap@golf.example", "en", ""],
]
TX_HEADER = ["Date", "ID Client", "Description", "Montant", "Statut", "Échéance", "Montant payé"]
TRANSACTIONS = [
    # Alpha: 5 days late, nothing logged: a courteous first reminder ("sans doute un oubli")
    [D(2026, 2, 24), 1, "Facture #001", 1200, "En attente", D(2026, 3, 26), None],
    # Bravo: 60 days late, nothing logged: level 1, but no longer "an oversight"
    [D(2025, 12, 31), 2, "Facture #002", 2400, "En attente", D(2026, 1, 30), None],
    # Charlie: 20 days late, partly paid, level 1 logged: firm reminder
    [D(2026, 2, 9), 3, "FA-2026-014", 900, "En attente", D(2026, 3, 11), 300],
    # Delta: two invoices 40 and 20 days late, level 2 logged: formal notice (B2B)
    [D(2026, 1, 20), 4, "Facture #004", 3000, "En attente", D(2026, 2, 19), None],
    [D(2026, 2, 9), 4, "Facture #005", 1500, "En attente", D(2026, 3, 11), None],
    # Émile (consumer): 40 days late, level 2 logged: formal notice (consumer)
    [D(2026, 1, 20), 5, "F-0006", 640, "En attente", D(2026, 2, 19), None],
    # Foxtrot: 60 days late, formal notice logged: collection notice
    [D(2025, 12, 31), 6, "Facture #007", 5000, "En attente", D(2026, 1, 30), None],
    # Golf (English): 20 days late, level 1 logged: firm reminder in English
    [D(2026, 2, 9), 7, "INV-0008", 800, "En attente", D(2026, 3, 11), None],
]
LOG_HEADER = ["Date", "ID Client", "Client", "Niveau", "Canal"]
LOG = [
    [D(2026, 3, 16), 3, "Charlie SARL", 1, "Email"],
    [D(2026, 3, 1), 4, "Delta SA", 1, "Email"],
    [D(2026, 3, 16), 4, "Delta SA", 2, "Email"],
    [D(2026, 3, 1), 5, "Émile Dupuis", 1, "Email"],
    [D(2026, 3, 16), 5, "Émile Dupuis", 2, "Email"],
    [D(2026, 2, 10), 6, "Foxtrot SARL", 1, "Email"],
    [D(2026, 2, 25), 6, "Foxtrot SARL", 2, "Email"],
    [D(2026, 3, 12), 6, "Foxtrot SARL", 3, "Courrier"],
    [D(2026, 3, 16), 7, "Golf Ltd", 1, "Email"],
]


def levels_book(
    tmp_path: Path,
    params: list[list[object]] | None = CREDITOR,
    clients: list[list[object]] = CLIENTS,
    name: str = "factures.xlsx",
) -> Path:
    extra: dict[str, list[list[object]]] = {"Journal des relances": [LOG_HEADER, *LOG]}
    if params:
        extra["Paramètres"] = params
    return make_workbook(
        tmp_path / name,
        clients=clients,
        transactions=TRANSACTIONS,
        client_header=CLIENT_HEADER,
        tx_header=TX_HEADER,
        extra_sheets=extra,
    )


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return levels_book(tmp_path)


WORD_TWICE = re.compile(r"\b([^\W\d_]+)\s+\1\b", re.IGNORECASE)


def repeated_words(text: str) -> list[str]:
    """Words written twice in a row ("Facture Facture #002")."""
    return [m.group(0) for m in WORD_TWICE.finditer(text)]


def decode_qr(png: bytes) -> str:
    """The text of the one QR code in a PNG image (zxing-cpp)."""
    import numpy as np
    import zxingcpp
    from PIL import Image

    image = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, f"{len(found)} codes found"
    return found[0].text
