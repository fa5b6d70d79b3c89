"""An agreement's content, written once: its own fields and its parts (the rows under it).

What freezes or shows that content reads it from here: the frozen snapshot of a version
(:func:`snapshots`), the API's representation (``agreements.api.representation``) and the
serializers that document both, drafts (``agreements.services.drafts``), the staff form and
the staff view of a version and of the changes between two (``staff.snapshots``). A part has
one name everywhere: the relation on :class:`~agreements.models.Agreement`, the key in the API
and in snapshots, the argument of ``save_draft``, and the first step of a problem's path.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .models import AgreementDiscipline, AgreementGoal, AgreementParty, BudgetLine, Target

# The agreement's own content, in the order a snapshot and the staff form list it.
OWN_FIELDS = (
    "reference",
    "title",
    "type",
    "procurement_model",
    "framework",
    "price_arrangement",
    "acm_reference",
    "period_start",
    "period_end",
    "description",
    "main_tasks",
)


def own_content(values: Mapping) -> dict:
    """The agreement's own content as JSON, from ``values`` (:data:`OWN_FIELDS` by name)."""
    content = {name: values[name] for name in OWN_FIELDS[:7]}
    content["period"] = {
        "start": values["period_start"].isoformat(),
        "end": values["period_end"].isoformat(),
    }
    content["description"] = values["description"]
    content["main_tasks"] = sorted(values["main_tasks"])
    return content


def _same(value):
    return value


def _text(value) -> str:
    return str(value)


def _optional_text(value) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class Column:
    key: str  # the name in the JSON
    lookup: str  # the value, from a row of the part
    to_json: Callable = _same
    frozen: bool = True  # kept in a frozen version (False: only the live API shows it)


@dataclass(frozen=True)
class Part:
    """A list of rows under an agreement."""

    model: type
    identity: tuple[str, ...]  # the fields that identify a row in the list
    order: tuple[str, ...]
    columns: tuple[Column, ...]
    flat: bool = False  # a list of single values (discipline codes) rather than objects

    @property
    def frozen_keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns if column.frozen)

    def rows(self, agreement_ids: Iterable[int], *, frozen: bool = False) -> dict[int, list]:
        """The part of each of ``agreement_ids`` as JSON, in one query."""
        columns = [column for column in self.columns if column.frozen or not frozen]
        values = (
            self.model.objects.filter(agreement_id__in=agreement_ids)
            .order_by("agreement_id", *self.order)
            .values_list("agreement_id", *(column.lookup for column in columns))
        )
        grouped = defaultdict(list)
        for agreement_id, *row in values:
            items = [column.to_json(value) for column, value in zip(columns, row, strict=True)]
            if self.flat:
                grouped[agreement_id].append(items[0])
            else:
                keys = (column.key for column in columns)
                grouped[agreement_id].append(dict(zip(keys, items, strict=True)))
        return grouped


PARTS: dict[str, Part] = {
    "parties": Part(
        AgreementParty,
        identity=("organisation",),
        order=("-is_lead", "organisation__name"),
        columns=(
            Column("organisation", "organisation_id"),
            Column("name", "organisation__name"),
            Column("kind", "organisation__kind", frozen=False),
            Column("is_lead", "is_lead"),
            Column("cost_share", "cost_share", _optional_text),
        ),
    ),
    "disciplines": Part(
        AgreementDiscipline,
        identity=("discipline",),
        order=("discipline__sort_order", "discipline__code"),
        columns=(Column("code", "discipline__code"),),
        flat=True,
    ),
    "goals": Part(
        AgreementGoal,
        identity=("goal",),
        order=("goal__vision_goal", "goal__title"),
        columns=(
            Column("id", "goal_id"),
            Column("title", "goal__title"),
            Column("vision_goal", "goal__vision_goal"),
        ),
    ),
    "budget_lines": Part(
        BudgetLine,
        identity=("year", "source", "segment", "zvw_fund"),
        order=("year", "source", "segment", "zvw_fund"),
        columns=(
            Column("year", "year"),
            Column("source", "source"),
            Column("segment", "segment"),
            Column("zvw_fund", "zvw_fund"),
            Column("grant_number", "grant_number"),
            Column("amount", "amount", _text),
            Column("description", "description"),
        ),
    ),
    "targets": Part(
        Target,
        identity=("name",),
        order=("name",),
        columns=(
            Column("name", "name"),
            Column("unit", "unit"),
            Column("baseline", "baseline", _text),
            Column("goal", "goal", _text),
            Column("current_value", "current_value", _optional_text, frozen=False),
        ),
    ),
}


# The keys of an agreement's content in JSON (a snapshot's, in its order).
CONTENT_KEYS = (*OWN_FIELDS[:7], "period", "description", "main_tasks", *PARTS)


def part_rows(agreement_ids: list[int], *, frozen: bool = False) -> dict[str, dict[int, list]]:
    """Every part of each of ``agreement_ids``: one query per part."""
    return {name: part.rows(agreement_ids, frozen=frozen) for name, part in PARTS.items()}


def snapshots(agreements) -> dict[int, dict]:
    """The frozen content of each of ``agreements`` (saved, with their parts), by id: what a
    reviewer judges, as plain JSON, so a frozen version never depends on live rows."""
    parts = part_rows([agreement.pk for agreement in agreements], frozen=True)
    return {
        agreement.pk: {
            **own_content({name: getattr(agreement, name) for name in OWN_FIELDS}),
            **{name: rows.get(agreement.pk, []) for name, rows in parts.items()},
        }
        for agreement in agreements
    }


def snapshot(agreement) -> dict:
    return snapshots([agreement])[agreement.pk]
