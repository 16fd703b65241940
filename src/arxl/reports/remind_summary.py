"""The table `arxl remind` prints: one line per client, what was done and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from arxl.vocab import SkipReason, reminder_label, t

if TYPE_CHECKING:
    from arxl.reminders.run import RemindResult


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
        elif p.client_key in result.failed:
            outcome = t("échec : ", "failed: ", lang) + result.failed[p.client_key]
        elif p.client_key in sent:
            outcome = t("envoyé", "sent", lang)
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
            f"Relances au {a.as_of:%d/%m/%Y} – dossier {result.out_dir}",
            f"Reminders as of {a.as_of:%Y-%m-%d} – folder {result.out_dir}",
            lang,
        ),
        t(
            f"{len(result.reminders)} relance(s) préparée(s), {len(result.sent)} envoyée(s), "
            f"{result.logged} ligne(s) ajoutée(s) au journal.",
            f"{len(result.reminders)} reminder(s) prepared, {len(result.sent)} sent, "
            f"{result.logged} row(s) added to the log.",
            lang,
        ),
    ]
    if result.stopped:
        lines.append(t("Envoi interrompu : ", "Sending stopped: ", lang) + result.stopped)
    return header, rows, lines
