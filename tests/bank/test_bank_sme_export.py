"""A month of a small French company's bank account, as its bank's CSV export gives it: card
takings, direct debits, cheques, interest, a payment processor, and customers' transfers
written in many ways. Only the transfers that name an invoice or come from a known payer are
proposed; everything else is left to identify or skipped, never matched by chance."""

from __future__ import annotations

import pandas as pd

from arxl.readers.bank import lines_frame, read_statement
from arxl.rules.match_reasons import reasons_text
from arxl.rules.matching import MatchStatus, match
from arxl.vocab import Lang

EXPORT = """\
Téléchargement du 01/04/2024;;;
Compte Courant SARL ATELIER DUBOIS;;;
Solde au 31/03/2024 : 12 480,55 €;;;
;;;
Date;Libellé;Débit euros;Crédit euros;
01/03/2024;"PRLV SEPA URSSAF
 ICS FR12ZZZ123456 RUM 0042";1 245,00;;
02/03/2024;"REMISE CB 01/03
 TPE 4471";;318,40;
04/03/2024;"VIR SEPA RECU
 DE: BOULANGERIE MARTIN
 MOTIF: FA 2024/0031";;1 080,00;
05/03/2024;"VIR INST RE 552310
 DE: SCI LES TILLEULS
 MOTIF: Règlement facture 2024-0034 et 0035";;2 460,00;
06/03/2024;REMISE CHEQUE N 8812345;;575,00;
07/03/2024;"VIR SEPA RECU
 DE: GARAGE DU CENTRE SARL
 MOTIF: FACTURES 33 ET 36";;1 020,00;
08/03/2024;CARTE X4471 07/03 STATION TOTAL;62,30;;
11/03/2024;"VIR SEPA RECU
 DE: STRIPE PAYMENTS EUROPE
 MOTIF: STRIPE PAYOUT";;1 412,88;
12/03/2024;"VIR SEPA RECU
 DE: M OU MME DURAND PIERRE
 MOTIF: ACOMPTE DEVIS 118";;500,00;
14/03/2024;"VIR SEPA RECU
 DE: CABINET LEROY
 MOTIF: F2024-0037";;745,50;
15/03/2024;INTERETS CREDITEURS;;3,12;
18/03/2024;"VIR SEPA RECU
 DE: BOULANGERIE MARTIN
 MOTIF: SOLDE";;640,00;
20/03/2024;"VIR SEPA EMIS
 VERS: FOURNISSEUR BOIS SA";4 800,00;;
25/03/2024;"VIR SEPA RECU
 DE: HOTEL DE LA GARE
 MOTIF: FACT2024 0038 FRAIS DEDUITS";;1 196,50;
"""

INVOICES = pd.DataFrame(
    {
        "invoice": [
            "FA-2024-0031",
            "FA-2024-0032",
            "FA-2024-0033",
            "FA-2024-0034",
            "FA-2024-0035",
            "FA-2024-0036",
            "FA-2024-0037",
            "FA-2024-0038",
        ],
        "client_key": ["BOUL", "BOUL", "GARA", "TILL", "TILL", "GARA", "LERO", "HOTE"],
        "balance": [1080.0, 640.0, 420.0, 1230.0, 1230.0, 600.0, 745.50, 1200.0],
        "due": pd.to_datetime(
            [
                "2024-02-15",
                "2024-02-28",
                "2024-03-01",
                "2024-03-05",
                "2024-03-05",
                "2024-03-10",
                "2024-03-20",
                "2024-03-25",
            ]
        ),
        "date": pd.to_datetime("2024-01-31"),
        "row": range(2, 10),
    }
)
CLIENTS = pd.DataFrame(
    {
        "client_key": ["BOUL", "GARA", "TILL", "LERO", "HOTE", "DURA"],
        "client_id": ["BOUL", "GARA", "TILL", "LERO", "HOTE", "DURA"],
        "name": [
            "Boulangerie Martin",
            "Garage du Centre",
            "SCI Les Tilleuls",
            "Cabinet Leroy & Associés",
            "Hôtel de la Gare",
            "Durand Pierre",
        ],
    }
)

# What an independent reading of each credit says (None: nothing to propose).
EXPECTED = {
    "REMISE CB": None,
    "BOULANGERIE MARTIN MOTIF: FA 2024/0031": ("BOUL", ("FA-2024-0031",)),
    "SCI LES TILLEULS": ("TILL", ("FA-2024-0034", "FA-2024-0035")),
    "REMISE CHEQUE": None,
    "GARAGE DU CENTRE": ("GARA", ("FA-2024-0033", "FA-2024-0036")),
    "STRIPE": None,
    "DURAND": None,  # a deposit on a quote: no invoice yet
    "CABINET LEROY": ("LERO", ("FA-2024-0037",)),
    "INTERETS": None,
    "MOTIF: SOLDE": ("BOUL", ("FA-2024-0032",)),
    "HOTEL DE LA GARE": ("HOTE", ("FA-2024-0038",)),
}


def test_a_month_of_a_small_company(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(EXPORT.encode("cp1252"))
    statement = read_statement(path)
    lines = lines_frame(statement.lines)
    assert statement.issues == [] and len(lines) == 14
    credits = lines[lines["amount"] > 0].reset_index(drop=True)
    got = match(credits, INVOICES, CLIENTS)
    for label, row in zip(credits["label"], got.itertuples(index=False), strict=True):
        (expected,) = [v for k, v in EXPECTED.items() if k in label]
        if expected is None:
            assert row.status == MatchStatus.IDENTIFY, (label, row)
        else:
            assert (row.client_key, row.invoices) == expected, (label, row)
            assert row.status != MatchStatus.IDENTIFY
    hotel = got.iloc[-1]
    assert hotel["applied_total"] == 1196.50
    assert reasons_text(hotel["reasons"], Lang.FR).endswith("écart de 3,50 € (frais bancaires ?)")
    garage = got.iloc[4]  # "FACTURES 33 ET 36": no full number, the payer and the sum decide
    assert "somme de 2 factures du client" in reasons_text(garage["reasons"], Lang.FR)
