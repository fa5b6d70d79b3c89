"""A frozen agreement version in words, and what changed between two versions.

A snapshot (``agreements.content.snapshot``) is described as sections of text lines; the
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


def _party(party, names) -> str:
    if party.get("is_lead"):
        return f"{party['name']} ({_('preferente zorgverzekeraar')})"
    return party["name"]


def _budget_line(line, names) -> str:
    text = f"{line['year']} · {_label(Segment, line['segment'])} · {euro(line['amount'], 2)}"
    return f"{text} · {line['description']}" if line.get("description") else text


def _target(target, names) -> str:
    return (
        f"{target['name']}: {_('nulmeting')} {decimal_number(target['baseline'])} → "
        f"{_('streefwaarde')} {decimal_number(target['goal'])} {target['unit']}"
    )


# The lists of a snapshot (the parts of agreements.content, and the main tasks): label, and a
# line per item given the discipline names.
LISTS = {
    "parties": (_("Partijen"), _party),
    "disciplines": (_("Gedekte disciplines"), lambda code, names: names.get(code, code)),
    "main_tasks": (_("Hoofdtaken"), lambda task, names: _label(MainTask, task)),
    "goals": (_("Regioplandoelen"), lambda goal, names: goal["title"]),
    "budget_lines": (_("Budget"), _budget_line),
    "targets": (_("Doelstellingen"), _target),
}


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
    return [
        Section("general", str(_("Afspraak")), [line for line in general if line]),
        *(
            Section(
                key, str(label), [line(item, discipline_names) for item in snapshot.get(key, [])]
            )
            for key, (label, line) in LISTS.items()
        ),
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
