"""The home sheet of a macro-enabled workbook (Accueil / Home): buttons, as-of date, how-to.

A description as data; writers/macrobook.py renders it. The buttons' macros are defined in
macros/arxl.bas; tests check each macro named here exists there.
"""

from __future__ import annotations

from dataclasses import dataclass

from arxl.settings import SETTING_ROWS
from arxl.vocab import Lang, sheet_name, t

KEY = "home"


@dataclass(frozen=True)
class Button:
    macro: str  # a Public Sub of macros/arxl.bas
    action: str  # what arxl.excel.run() is asked to do
    caption: str
    help: str


@dataclass(frozen=True)
class HomeSheet:
    key: str
    name: str
    title: str
    subtitle: str
    as_of_label: str
    as_of_formula: str
    as_of_help: str
    buttons: tuple[Button, ...]
    how_to_title: str
    how_to: tuple[str, ...]


def buttons(lang: Lang) -> tuple[Button, ...]:
    return (
        Button(
            "ArxlRefresh",
            "refresh",
            t("Actualiser", "Refresh", lang),
            t(
                "Enregistre le classeur puis recalcule Suivi, Balance âgée, Relances et Anomalies.",
                "Saves the workbook, then recomputes Follow-up, Aged balance, Reminders, Issues.",
                lang,
            ),
        ),
        Button(
            "ArxlReminders",
            "remind-plan",
            t("Préparer les relances", "Prepare the reminders", lang),
            t(
                "Actualise, écrit un brouillon par client à relancer à côté du classeur, ouvre "
                "Relances ; avec un serveur SMTP (Paramètres), les envoie après confirmation.",
                "Refreshes, writes one draft email per client to remind beside the workbook, "
                "opens Reminders; with an SMTP server (Settings), sends them once you confirm.",
                lang,
            ),
        ),
        Button(
            "ArxlReport",
            "report",
            t("Rapport mensuel", "Monthly report", lang),
            t(
                "Demande le mois, écrit le rapport (un classeur à côté de celui-ci) et l'ouvre.",
                "Asks for the month, writes the report (a workbook beside this one), opens it.",
                lang,
            ),
        ),
        Button(
            "ArxlBank",
            "bank",
            t("Rapprochement bancaire", "Bank matching", lang),
            t(
                "Demande le(s) relevé(s) bancaire(s), propose une facture pour chaque virement "
                "reçu (Rapprochement) ; tapez x dans Valider, Actualiser les reporte dans "
                "Paiements.",
                "Asks for the bank statement(s), proposes invoices for each transfer received "
                "(Bank matching); type x in Confirm, Refresh posts them to Payments.",
                lang,
            ),
        ),
        Button(
            "ArxlDrafts",
            "drafts",
            t("Dossier des relances", "Reminder drafts folder", lang),
            t(
                "Ouvre le dossier des derniers brouillons de relance.",
                "Opens the folder of the latest reminder drafts.",
                lang,
            ),
        ),
    )


def as_of_formula(lang: Lang, settings_sheet: str) -> str:
    """The as-of date the next refresh will use: the settings sheet's value, else today."""
    label = next(r for r in SETTING_ROWS if r.key == "as_of").label(lang).replace('"', '""')
    sheet = "'" + settings_sheet.replace("'", "''") + "'"
    lookup = f'VLOOKUP("{label}",{sheet}!$A:$B,2,FALSE)'
    return f"=IFERROR(IF(N({lookup})=0,TODAY(),{lookup}),TODAY())"


def build(lang: Lang, settings_sheet: str | None = None) -> HomeSheet:
    """The home sheet; its as-of date reads `settings_sheet` (default: Paramètres/Settings)."""
    settings = settings_sheet or sheet_name("settings", lang)
    return HomeSheet(
        key=KEY,
        name=sheet_name(KEY, lang),
        title=t("arxl — comptes clients", "arxl — accounts receivable", lang),
        subtitle=t(
            "Un clic : arxl enregistre le classeur, calcule et remplace ses propres feuilles.",
            "One click: arxl saves the workbook, computes and replaces its own sheets.",
            lang,
        ),
        as_of_label=t("Situation au", "As of", lang),
        as_of_formula=as_of_formula(lang, settings),
        as_of_help=t(
            f"Date d'analyse de la feuille {settings} (vide = aujourd'hui).",
            f"As-of date of the {settings} sheet (blank = today).",
            lang,
        ),
        buttons=buttons(lang),
        how_to_title=t("Mode d'emploi", "How to", lang),
        how_to=(
            t(
                "1. Saisissez vos clients dans Clients et vos factures dans Transactions "
                "(des tableaux Excel : une ligne tapée sous le tableau s'y ajoute).",
                "1. Type your customers in Clients and your invoices in Transactions "
                "(Excel tables: a row typed below a table joins it).",
                lang,
            ),
            t(
                "2. Cliquez sur Actualiser : la barre d'état montre l'avancement, "
                "un message dit ce qui empêche le calcul.",
                "2. Click Refresh: the status bar shows progress, a message says what "
                "stops the computation.",
                lang,
            ),
            t(
                "3. Suivi, Balance âgée, Relances et Anomalies sont réécrites à chaque fois : "
                "écrivez vos notes dans vos propres feuilles.",
                "3. Follow-up, Aged balance, Reminders and Issues are rewritten every time: "
                "keep your notes in your own sheets.",
                lang,
            ),
            t(
                "4. Première fois sur ce PC : installez Python, puis pip install arxl et "
                "arxl excel setup (LibreOffice : arxl excel setup --libreoffice).",
                "4. First time on this PC: install Python, then pip install arxl and "
                "arxl excel setup (LibreOffice: arxl excel setup --libreoffice).",
                lang,
            ),
        ),
    )
