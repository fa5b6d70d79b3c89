"""A frozen agreement version in words, and what changed between two versions.

A snapshot (``agreements.services.snapshot``) is described as sections of text lines; the
difference between two versions is, per section, the lines that went and the lines that came.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementType, ProcurementModel, Segment
from regions.formatting import day, decimal_number, euro
from regions.models import MainTask


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    lines: list[str]


@dataclass(frozen=True)
class SectionChange:
    label: str
    removed: list[str]
    added: list[str]


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def describe(snapshot: dict, discipline_names: dict[str, str]) -> list[Section]:
    """``discipline_names`` maps discipline codes to names (snapshots store codes)."""
    period = snapshot.get("period", {})
    general = [
        f"{_('Kenmerk')}: {snapshot.get('reference', '')}",
        f"{_('Titel')}: {snapshot.get('title', '')}",
        f"{_('Soort')}: {_label(AgreementType, snapshot.get('type'))}",
        f"{_('Inkoopmodel')}: {_label(ProcurementModel, snapshot.get('procurement_model'))}",
        f"{_('Looptijd')}: {day(period['start'])} – {day(period['end'])}" if period else "",
        f"{_('Omschrijving')}: {snapshot.get('description') or '–'}",
    ]
    parties = [
        f"{p['name']} ({_('preferente zorgverzekeraar')})" if p.get("is_lead") else p["name"]
        for p in snapshot.get("parties", [])
    ]
    budget = [
        f"{line['year']} · {_label(Segment, line['segment'])} · {euro(line['amount'], 2)}"
        + (f" · {line['description']}" if line.get("description") else "")
        for line in snapshot.get("budget_lines", [])
    ]
    targets = [
        f"{t['name']}: {_('nulmeting')} {decimal_number(t['baseline'])} → "
        f"{_('streefwaarde')} {decimal_number(t['goal'])} {t['unit']}"
        for t in snapshot.get("targets", [])
    ]
    return [
        Section("general", str(_("Afspraak")), [line for line in general if line]),
        Section("parties", str(_("Partijen")), parties),
        Section(
            "disciplines",
            str(_("Gedekte disciplines")),
            [discipline_names.get(code, code) for code in snapshot.get("disciplines", [])],
        ),
        Section(
            "main_tasks",
            str(_("Hoofdtaken")),
            [_label(MainTask, task) for task in snapshot.get("main_tasks", [])],
        ),
        Section(
            "goals", str(_("Regioplandoelen")), [g["title"] for g in snapshot.get("goals", [])]
        ),
        Section("budget_lines", str(_("Budget")), budget),
        Section("targets", str(_("Doelstellingen")), targets),
    ]


def compare(old: list[Section], new: list[Section]) -> list[SectionChange]:
    """Per section that differs: the lines only in ``old`` and the lines only in ``new``."""
    changes = []
    for before, after in zip(old, new, strict=True):
        removed = [line for line in before.lines if line not in after.lines]
        added = [line for line in after.lines if line not in before.lines]
        if removed or added:
            changes.append(SectionChange(after.label, removed, added))
    return changes
