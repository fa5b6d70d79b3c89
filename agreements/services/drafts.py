"""Agreements: drafts. Creating and changing a draft's content (``agreements.content``) while
the region may still edit it.

Every function takes the actor, runs in one transaction on a locked agreement row, records
the change history under the actor, and raises :class:`DomainError` having written nothing.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from config.history import acting_as
from regions.errors import DomainError, Problem, validate
from regions.models import Discipline, Organisation

from .. import rules
from ..content import PARTS
from ..models import (
    EDITABLE_STATUSES,
    Agreement,
    AgreementParty,
    AgreementStatus,
)
from .lifecycle import lock

S = AgreementStatus


def update_draft(actor, agreement: Agreement, **fields) -> Agreement:
    """Change an agreement's own fields while the region may still edit it."""
    return save_draft(actor, agreement=agreement, fields=fields)


def add_party(
    actor, agreement: Agreement, organisation: Organisation, *, is_lead=False, cost_share=None
):
    with transaction.atomic(), acting_as(actor):
        current = lock(agreement)
        _refuse_unless_editable(current)
        party = AgreementParty(
            agreement=current,
            region_id=current.region_id,
            organisation=organisation,
            is_lead=is_lead,
            cost_share=cost_share,
        )
        validate(party)  # the rules about the row itself (a lead is an insurer, once a party)
        if is_lead and current.parties.filter(is_lead=True).count() >= _max_leads(current):
            raise DomainError.single(
                _("Er is al een preferente zorgverzekeraar."), field="is_lead", code="duplicate"
            )
        party.save()
        return party


def _max_leads(agreement: Agreement) -> int:
    if agreement.procurement_model in rules.PROCUREMENT_RULES:
        return rules.rule_for(agreement).max_leads
    return 1


def _refuse_unless_editable(agreement: Agreement) -> None:
    if agreement.status not in EDITABLE_STATUSES:
        raise DomainError.single(
            _(
                "Alleen een concept of een afspraak waarvoor wijziging is gevraagd kan worden "
                "bewerkt."
            ),
            code="not_editable",
            conflict=True,
        )


def save_draft(actor, *, region=None, agreement=None, token=None, fields=None, **parts):
    """Create a draft in ``region`` (``agreement=None``) or update an editable one.

    ``fields`` sets the agreement's own fields. Each list in ``parts`` (``content.PARTS``:
    ``parties``, ``disciplines``, ``goals``, ``budget_lines``, ``targets``; rows as dicts of model
    field values) replaces that part of the agreement; rows are matched on their identifying
    fields, so an unchanged row is not rewritten and the history shows what really changed.
    ``token`` is the :attr:`edit_token` the caller's copy was based on. Every broken rule is
    reported at once, a row's with its place in the list (``Problem.row``), and nothing is
    written.
    """
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise TypeError(f"unknown parts: {sorted(unknown)}")
    with transaction.atomic(), acting_as(actor):
        if agreement is None:
            current = Agreement(region=region, status=S.DRAFT)
        else:
            current = lock(agreement)
            _refuse_unless_editable(current)
            current.refuse_if_changed_since(token)
        for name, value in (fields or {}).items():
            setattr(current, name, value)
        # Each row knows its agreement and region before it is checked, so the models' clean()
        # refuses a reference to another region's organisation or goal, or a budget year outside
        # the (new) period, with the rest.
        rows = {
            name: [
                PARTS[name].model(agreement=current, region_id=current.region_id, **row)
                for row in value
            ]
            for name, value in parts.items()
        }
        if not current.procurement_model and current.type and not current.is_signed_by_parties:
            current.procurement_model = _default_procurement_model(current, agreement, rows)
        problems = _problems(current.full_clean)
        for name, children in rows.items():
            problems += _part_problems(current, name, children)
        new_period = {"period_start", "period_end"} & (fields or {}).keys()
        if agreement is not None and new_period and "budget_lines" not in rows:
            # The budget lines a draft keeps must lie within its new period too.
            kept = list(current.budget_lines.all())
            for line in kept:
                line.agreement = current
            problems += _part_problems(current, "budget_lines", kept)
        if problems:
            raise DomainError(*problems)
        current.save()
        for name, children in rows.items():
            _replace_children(current, name, children)
    return current


def _default_procurement_model(current: Agreement, saved: Agreement | None, rows: dict) -> str:
    """The default model (``rules.default_procurement_model``) for the content being saved."""
    discipline_ids = _part_values("disciplines", "discipline_id", saved, rows)
    codes = set(Discipline.objects.filter(pk__in=discipline_ids).values_list("code", flat=True))
    segments = _part_values("budget_lines", "segment", saved, rows)
    return rules.default_procurement_model(current.type, codes, segments)


def _part_values(name: str, field: str, saved: Agreement | None, rows: dict) -> set:
    """``field`` of the rows of part ``name`` as they will be: the rows sent, else those the
    draft keeps."""
    if name in rows:
        return {getattr(row, field) for row in rows[name]}
    if saved is None:
        return set()
    return set(getattr(saved, name).values_list(field, flat=True))


def _problems(check) -> list[Problem]:
    try:
        check()
    except ValidationError as error:
        return list(DomainError.from_validation_error(error).problems)
    return []


def _part_problems(agreement, name, children) -> list[Problem]:
    identity = PARTS[name].identity
    problems, seen = [], set()
    for index, child in enumerate(children):
        for problem in _problems(lambda c=child: c.full_clean(exclude=["agreement", "region"])):
            problems.append(Problem(problem.message, problem.field, problem.code, (name, index)))
        key = _row_key(child, identity)
        if key in seen:
            problems.append(
                Problem(_("Deze regel staat er twee keer in."), None, "duplicate", (name, index))
            )
        seen.add(key)
    if name == "parties" and sum(p.is_lead for p in children) > _max_leads(agreement):
        problems.append(
            Problem(
                _(
                    "Wijs één preferente zorgverzekeraar aan (bij representatie ten hoogste "
                    "twee representerende)."
                ),
                name,
                "leads",
            )
        )
    return problems


def _replace_children(agreement, name, children) -> None:
    part = PARTS[name]
    existing = {
        _row_key(row, part.identity): row for row in part.model.objects.filter(agreement=agreement)
    }
    editable = [
        f.name
        for f in part.model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in ("agreement", "region")
    ]
    for child in children:
        current = existing.pop(_row_key(child, part.identity), None)
        if current is None:
            child.agreement, child.region_id = agreement, agreement.region_id
            child.save()
            continue
        changed = [f for f in editable if getattr(current, f) != getattr(child, f)]
        if changed:
            for field in changed:
                setattr(current, field, getattr(child, field))
            current.save(update_fields=[*changed, "updated_at"])
    part.model.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()


def _row_key(row, identity) -> tuple:
    """The values that identify a row in its list (foreign keys by id)."""
    return tuple(getattr(row, f"{field}_id", None) or getattr(row, field) for field in identity)
