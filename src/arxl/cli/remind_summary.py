"""The table `arxl remind` prints: one line per client, what was done and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from arxl.settings import SETTING_ROWS
from arxl.vocab import Lang, SkipReason, reminder_label, t

if TYPE_CHECKING:
    from arxl.api.remind import Notice, RemindResult


def summary(result: RemindResult) -> tuple[list[str], list[list[object]], list[str]]:
    """(header, rows, lines: title first, then totals and errors) in the workbook's language."""
    a, lang = result.analysis, result.analysis.lang
    header = [
        t("ID", "ID", lang),
        t("Client", "Client", lang),
        t("Niveau", "Level", lang),
        t("Relance", "Reminder", lang),
        t("Factures", "Invoices", lang),
        t("Montant dû", "Amount due", lang),
        t("Pénalités", "Penalties", lang),
        t("Résultat", "Outcome", lang),
    ]
    by_key = {r.client_key: r for r in result.reminders}
    sent = set(result.sent)
    rows: list[list[object]] = []
    for p in result.plan.itertuples(index=False):
        rem = by_key.get(p.client_key)
        if rem is None:
            reason = SkipReason(p.skip).label(lang)
            if p.skip == SkipReason.TOO_SOON.value:
                reason += t(
                    f" (dès le {p.next_date:%d/%m/%Y})", f" (from {p.next_date:%Y-%m-%d})", lang
                )
            outcome = t("ignoré : ", "skipped: ", lang) + reason
        elif p.client_key in result.blocked:
            outcome = t(
                "non préparé : lettre sans nom ni adresse du créancier (voir ci-dessous)",
                "not prepared: a letter needs your name and address (see below)",
                lang,
            )
        elif p.client_key in result.invalid:
            outcome = (
                t("adresse email invalide : ", "invalid email address: ", lang)
                + (result.invalid[p.client_key])
            )
        elif p.client_key in result.failed:
            outcome = t("échec : ", "failed: ", lang) + result.failed[p.client_key]
        elif p.client_key in sent and result.marked:
            outcome = t("noté comme envoyé", "marked as sent", lang)
        elif p.client_key in sent:
            outcome = t("envoyé", "sent", lang)
            if p.client_key in result.refused:
                outcome += (
                    t(
                        " ; adresse refusée par le serveur : ",
                        "; address refused by the server: ",
                        lang,
                    )
                    + result.refused[p.client_key]
                )
        elif result.stopped:
            outcome = t("non envoyé", "not sent", lang)
        else:
            outcome = t("brouillon ", "draft ", lang) + result.drafts[p.client_key].name
        rows.append(
            [
                p.client_id,
                p.client_name,
                int(p.level) if p.level >= 0 else "",
                reminder_label(int(p.level), lang) if p.level >= 0 else "",
                len(p.rows),
                round(float(p.amount_due), 2),
                rem.penalties_quoted if rem and rem.show_penalties else "",
                outcome,
            ]
        )
    lines = [
        t(
            f"Relances au {a.as_of:%d/%m/%Y}"
            + (f" – dossier {result.out_dir}" if result.drafts else " – aucun brouillon écrit"),
            f"Reminders as of {a.as_of:%Y-%m-%d}"
            + (f" – folder {result.out_dir}" if result.drafts else " – no draft written"),
            lang,
        ),
        t(
            f"{len(result.drafts)} relance(s) préparée(s), {len(result.sent)} "
            f"{'notée(s) comme envoyée(s)' if result.marked else 'envoyée(s)'}, "
            f"{result.logged} ligne(s) ajoutée(s) au journal.",
            f"{len(result.drafts)} reminder(s) prepared, {len(result.sent)} "
            f"{'marked as sent' if result.marked else 'sent'}, "
            f"{result.logged} row(s) added to the log.",
            lang,
        ),
    ]
    lines += [warning_text(w, len(result.blocked), lang) for w in result.warnings]
    lines += concern_lines(result, lang)
    if result.stopped:
        lines.append(t("Envoi interrompu : ", "Sending stopped: ", lang) + result.stopped)
    return header, rows, lines


SHOWN_CONCERNS = 10


def concern_lines(result: RemindResult, lang: Lang) -> list[str]:
    """The Anomalies that bear on these reminders, to check before sending (the first ten)."""
    found = result.concerns
    if not found:
        return []
    sent = bool(result.sent)
    head = t(
        f"{len(found)} anomalie(s) du classeur touchent ces relances"
        + (" :" if sent else " : vérifiez-les avant d'envoyer :"),
        f"{len(found)} anomal(ies) of the workbook bear on these reminders"
        + (":" if sent else ": check them before sending:"),
        lang,
    )
    out = [head]
    for i in found[:SHOWN_CONCERNS]:
        where = i.sheet
        if i.row is not None:
            where += t(f", ligne {i.row}", f", row {i.row}", lang)
        if i.column:
            where += f", {i.column}"
        value = t(f" « {i.value} »", f' "{i.value}"', lang) if str(i.value or "").strip() else ""
        out.append(f"  - {where}{value}{t(' :', ':', lang)} {i.message(lang)}")
    if len(found) > SHOWN_CONCERNS:
        out.append(
            t(
                f"  … et {len(found) - SHOWN_CONCERNS} autre(s) : arxl refresh les écrit toutes "
                "dans la feuille Anomalies.",
                f"  … and {len(found) - SHOWN_CONCERNS} more: arxl refresh writes them all to "
                "the Anomalies sheet.",
                lang,
            )
        )
    return out


def row_label(key: str, lang: Lang) -> str:
    """The label of a Paramètres row, quoted as the owner sees it."""
    row = next(r for r in SETTING_ROWS if r.key == key)
    return f"« {row.label(lang)} »" if lang is Lang.FR else f'"{row.label(lang)}"'


def warning_text(w: Notice, blocked: int, lang: Lang) -> str:
    """One line of the summary for something missing from Paramètres (said once a run)."""
    if w.code == "no_creditor":
        rows = " " + t("et", "and", lang) + " "
        rows = rows.join(row_label(k, lang) for k in w.detail.split(";"))
        return t(
            f"Attention : {blocked} lettre(s) de mise en demeure ou de recouvrement non "
            f"produite(s) : une lettre doit porter le nom et l'adresse du créancier. "
            f"Remplissez {rows} dans la feuille Paramètres, puis relancez arxl remind.",
            f"Warning: {blocked} formal notice or collection letter(s) not produced: a "
            f"letter must carry the creditor's name and address. Fill in {rows} in the "
            "Settings sheet, then run arxl remind again.",
            lang,
        )
    if w.code == "no_from":
        return t(
            f"Attention : pas d'adresse d'expéditeur : les emails partent sans « De ». "
            f"Remplissez {row_label('smtp_from', lang)} dans Paramètres (ou ARXL_SMTP_FROM).",
            f"Warning: no sender address: the emails have no From. Fill in "
            f"{row_label('smtp_from', lang)} in Settings (or set ARXL_SMTP_FROM).",
            lang,
        )
    if w.code == "bad_from":
        return t(
            f"Attention : l'adresse d'expéditeur {w.detail} n'est pas valide : les emails "
            f"partent sans « De ». Corrigez {row_label('smtp_from', lang)} dans Paramètres.",
            f"Warning: the sender address {w.detail} is not valid: the emails have no From. "
            f"Correct {row_label('smtp_from', lang)} in Settings.",
            lang,
        )
    if w.code == "log_columns":
        cols = ", ".join(w.detail.split("; "))
        return t(
            f"Attention : le journal des relances n'a pas de colonne {cols} : ce qu'elles "
            "diraient de ces relances n'y est pas noté. Ajoutez ces en-têtes à sa ligne "
            "d'en-tête pour les garder.",
            f"Warning: the reminder log has no {cols} column: what it would say of these "
            "reminders is not logged. Add those headers to its header row to keep it.",
            lang,
        )
    if w.code == "no_iban":
        return t(
            "Attention : pas d'IBAN : les relances ne donnent ni coordonnées bancaires ni QR "
            f"code de paiement. Remplissez {row_label('iban', lang)} dans Paramètres.",
            "Warning: no IBAN: the reminders give no bank details and no payment QR code. "
            f"Fill in {row_label('iban', lang)} in Settings.",
            lang,
        )
    if w.code == "bad_iban":
        return t(
            f"Attention : {w.detail} : coordonnées invalides, les relances ne donnent ni "
            f"IBAN ni QR code de paiement. Corrigez {row_label('iban', lang)} "
            f"(et {row_label('bic', lang)}) dans Paramètres.",
            f"Warning: {w.detail}: invalid bank details, the reminders give no IBAN and no "
            f"payment QR code. Correct {row_label('iban', lang)} (and "
            f"{row_label('bic', lang)}) in Settings.",
            lang,
        )
    return t(
        f"Attention : pas de signature : les relances ne sont signées d'aucun nom. "
        f"Remplissez {row_label('sender_name', lang)} dans Paramètres.",
        f"Warning: no signature: the reminders are signed by no name. Fill in "
        f"{row_label('sender_name', lang)} in Settings.",
        lang,
    )
