"""Agreements: the mandate check, submission into frozen versions, reviews, the life cycle.

Every function takes the actor, runs in one transaction on a locked agreement row, records
the change history under the actor, and raises :class:`DomainError` having written nothing.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.history import acting_as
from mandates.models import Mandate, MandateScope
from mandates.services import best_mandate, why_not_valid
from regions.errors import DomainError, Problem, save_validated
from regions.models import Discipline, Organisation

from .models import (
    EDITABLE_STATUSES,
    Agreement,
    AgreementDiscipline,
    AgreementGoal,
    AgreementParty,
    AgreementStatus,
    AgreementVersion,
    BudgetLine,
    Review,
    ReviewDecision,
    Target,
)

S = AgreementStatus

# action: (statuses it may start from, status it leads to)
TRANSITIONS = {
    "submit": ((S.DRAFT, S.CHANGES_REQUESTED), S.IN_REVIEW),
    ReviewDecision.APPROVE: ((S.IN_REVIEW,), S.APPROVED),
    ReviewDecision.REQUEST_CHANGES: ((S.IN_REVIEW,), S.CHANGES_REQUESTED),
    ReviewDecision.REJECT: ((S.IN_REVIEW,), S.REJECTED),
    "activate": ((S.APPROVED,), S.ACTIVE),
    "end": ((S.ACTIVE,), S.ENDED),
}

ACTION_NAMES = {
    "submit": gettext_lazy("ingediend"),
    ReviewDecision.APPROVE: gettext_lazy("goedgekeurd"),
    ReviewDecision.REQUEST_CHANGES: gettext_lazy("teruggestuurd"),
    ReviewDecision.REJECT: gettext_lazy("afgewezen"),
    "activate": gettext_lazy("geactiveerd"),
    "end": gettext_lazy("beëindigd"),
}


@dataclass(frozen=True)
class MandateCheckLine:
    discipline: Discipline
    mandate: Mandate | None
    reason: str  # empty when the discipline is covered

    @property
    def ok(self) -> bool:
        return not self.reason


def mandate_check(agreement: Agreement, day: datetime.date | None = None) -> list[MandateCheckLine]:
    """Per covered discipline: the contracting mandate valid on ``day``, or why there is none."""
    day = day or timezone.localdate()
    disciplines = list(Discipline.objects.filter(pk__in=agreement.covered.values("discipline_id")))
    mandates: dict[int, list[Mandate]] = {}
    for mandate in (
        Mandate.objects.in_region(agreement.region_id)
        .covering(MandateScope.CONTRACTING)
        .filter(discipline__in=disciplines)
        .select_related("organisation")
    ):
        mandates.setdefault(mandate.discipline_id, []).append(mandate)
    lines = []
    for discipline in disciplines:
        status, mandate = best_mandate(mandates.get(discipline.pk, []), day)
        valid = mandate is not None and mandate.is_valid_on(day)
        reason = "" if valid else why_not_valid(status, mandate, MandateScope.CONTRACTING)
        lines.append(MandateCheckLine(discipline, mandate if valid else None, reason))
    return lines


def _lock(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _move(agreement: Agreement, action) -> None:
    sources, target = TRANSITIONS[action]
    if agreement.status not in sources:
        raise DomainError.single(
            _("Een afspraak met status ‘%(status)s’ kan niet worden %(action)s.")
            % {"status": agreement.get_status_display(), "action": ACTION_NAMES[action]},
            field="status",
            code="invalid_transition",
            conflict=True,
        )
    agreement.status = target
    agreement.save(update_fields=["status", "updated_at"])


def snapshot(agreement: Agreement) -> dict:
    """What a reviewer judges, as plain JSON: a frozen version never depends on live rows."""
    return frozen_content(
        agreement,
        parties=[
            (p.organisation_id, p.organisation.name, p.is_lead)
            for p in agreement.parties.select_related("organisation")
        ],
        disciplines=[c.discipline.code for c in agreement.covered.select_related("discipline")],
        goals=[g.goal for g in agreement.served_goals.select_related("goal")],
        budget_lines=agreement.budgetlines.all(),
        targets=agreement.targets.all(),
    )


def frozen_content(agreement, *, parties, disciplines, goals, budget_lines, targets) -> dict:
    """The snapshot of an agreement from its parts, in the order the models list them.

    ``parties`` are ``(organisation id, name, is lead)``; the other parts are model instances
    (saved or not), so bulk seeding freezes versions exactly as :func:`submit` does.
    """
    return {
        "reference": agreement.reference,
        "title": agreement.title,
        "type": agreement.type,
        "procurement_model": agreement.procurement_model,
        "period": {
            "start": agreement.period_start.isoformat(),
            "end": agreement.period_end.isoformat(),
        },
        "description": agreement.description,
        "main_tasks": sorted(agreement.main_tasks),
        "parties": [
            {"organisation": organisation, "name": name, "is_lead": is_lead}
            for organisation, name, is_lead in parties
        ],
        "disciplines": list(disciplines),
        "goals": [{"id": g.pk, "title": g.title, "vision_goal": g.vision_goal} for g in goals],
        "budget_lines": [
            {
                "year": b.year,
                "segment": b.segment,
                "amount": str(b.amount),
                "description": b.description,
            }
            for b in budget_lines
        ],
        "targets": [
            {"name": t.name, "unit": t.unit, "baseline": str(t.baseline), "goal": str(t.goal)}
            for t in targets
        ],
    }


def update_draft(actor, agreement: Agreement, **fields) -> Agreement:
    """Change an agreement's own fields while the region may still edit it."""
    return save_draft(actor, agreement=agreement, fields=fields)


def submit(actor, agreement: Agreement, *, on: datetime.date | None = None) -> AgreementVersion:
    """Submit for review: check completeness and mandates, freeze the next numbered version."""
    on = on or timezone.localdate()
    with transaction.atomic(), acting_as(actor):
        current = _lock(agreement)
        if current.status not in TRANSITIONS["submit"][0]:
            _move(current, "submit")  # raises the refusal with the status in its message
        problems = []
        if not current.parties.filter(is_lead=True).exists():
            problems.append(
                Problem(
                    _("Wijs de preferente zorgverzekeraar aan als partij."), "parties", "no_lead"
                )
            )
        lines = mandate_check(current, on)
        if not lines:
            problems.append(
                Problem(
                    _("Geef aan welke disciplines de afspraak dekt."),
                    "disciplines",
                    "no_disciplines",
                )
            )
        problems += [
            Problem(f"{line.discipline.name}: {line.reason}", "disciplines", "mandate_missing")
            for line in lines
            if not line.ok
        ]
        if problems:
            raise DomainError(*problems)
        number = (current.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        version = AgreementVersion.objects.create(
            agreement=current,
            region_id=current.region_id,
            number=number,
            snapshot=snapshot(current),
            submitted_by=actor,
        )
        _move(current, "submit")
    agreement.refresh_from_db()
    return version


def review(
    actor, agreement: Agreement, *, version: int, decision: str, comment: str = ""
) -> Review:
    """Record an insurer's review of a version; the lead insurer's decision moves the agreement."""
    decision = ReviewDecision(decision)
    comment = (comment or "").strip()
    with transaction.atomic(), acting_as(actor):
        current = _lock(agreement)
        party = (
            current.parties.filter(
                organisation__kind=Organisation.Kind.INSURER,
                organisation__group__user=actor,
            )
            .select_related("organisation")
            .first()
        )
        if party is None:
            raise DomainError.single(
                _("Alleen een zorgverzekeraar die partij is kan de afspraak beoordelen."),
                code="not_a_party",
            )
        if current.status != S.IN_REVIEW:
            _move(current, decision)  # raises the refusal with the status in its message
        latest = current.versions.order_by("-number").first()
        if latest is None or version != latest.number:
            raise DomainError.single(
                _("Versie %(version)s is niet de laatste versie (%(latest)s).")
                % {"version": version, "latest": latest.number if latest else "-"},
                field="version",
                code="stale_version",
                conflict=True,
            )
        if decision != ReviewDecision.APPROVE and not comment:
            raise DomainError.single(
                _("Licht toe waarom u een wijziging vraagt of afwijst."),
                field="comment",
                code="required",
            )
        if latest.reviews.filter(insurer=party.organisation).exists():
            raise DomainError.single(
                _("Uw organisatie heeft deze versie al beoordeeld."),
                code="already_reviewed",
                conflict=True,
            )
        result = Review.objects.create(
            agreement=current,
            region_id=current.region_id,
            version=latest,
            insurer=party.organisation,
            reviewer=actor,
            decision=decision,
            comment=comment,
            by_lead_insurer=party.is_lead,
        )
        if party.is_lead:
            _move(current, decision)
    agreement.refresh_from_db()
    return result


def activate(actor, agreement: Agreement) -> Agreement:
    return _apply(actor, agreement, "activate")


def end(actor, agreement: Agreement) -> Agreement:
    return _apply(actor, agreement, "end")


def _apply(actor, agreement, action) -> Agreement:
    with transaction.atomic(), acting_as(actor):
        current = _lock(agreement)
        _move(current, action)
    agreement.refresh_from_db()
    return agreement


def add_party(actor, agreement: Agreement, organisation: Organisation, *, is_lead=False):
    with transaction.atomic(), acting_as(actor):
        current = _lock(agreement)
        _refuse_unless_editable(current)
        if is_lead and not organisation.is_insurer:
            raise DomainError.single(
                _("De preferente partij moet een zorgverzekeraar zijn."),
                field="organisation",
                code="lead_not_insurer",
            )
        if current.parties.filter(organisation=organisation).exists():
            raise DomainError.single(
                _("Deze organisatie is al partij."), field="organisation", code="duplicate"
            )
        if is_lead and current.parties.filter(is_lead=True).exists():
            raise DomainError.single(
                _("Er is al een preferente zorgverzekeraar."), field="is_lead", code="duplicate"
            )
        return save_validated(
            AgreementParty(agreement=current, organisation=organisation, is_lead=is_lead)
        )


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


# Nested content of a draft: list name -> (model, the fields that identify a row in the list).
NESTED = {
    "parties": (AgreementParty, ("organisation",)),
    "disciplines": (AgreementDiscipline, ("discipline",)),
    "goals": (AgreementGoal, ("goal",)),
    "budget_lines": (BudgetLine, ("year", "segment")),
    "targets": (Target, ("name",)),
}


def save_draft(actor, *, region=None, agreement=None, token=None, fields=None, **nested):
    """Create a draft in ``region`` (``agreement=None``) or update an editable one.

    ``fields`` sets the agreement's own fields. Each list in ``nested`` (see ``NESTED``:
    ``parties``, ``disciplines``, ``goals``, ``budget_lines``, ``targets``; rows as dicts of model
    field values) replaces that part of the agreement; rows are matched on their identifying
    fields, so an unchanged row is not rewritten and the history shows what really changed.
    ``token`` is the :attr:`edit_token` the caller's copy was based on. Every broken rule is
    reported at once, with the field it concerns (``budget_lines[1].amount``), and nothing is
    written.
    """
    unknown = set(nested) - set(NESTED)
    if unknown:
        raise TypeError(f"unknown nested content: {sorted(unknown)}")
    with transaction.atomic(), acting_as(actor):
        if agreement is None:
            current = Agreement(region=region, status=S.DRAFT)
        else:
            current = _lock(agreement)
            _refuse_unless_editable(current)
            current.refuse_if_changed_since(token)
        for name, value in (fields or {}).items():
            setattr(current, name, value)
        problems = _problems(current.full_clean)
        # Each row knows its region before it is checked, so a reference to another region's
        # organisation or goal is refused with the rest (the models' clean()).
        rows = {
            name: [NESTED[name][0](region_id=current.region_id, **row) for row in value]
            for name, value in nested.items()
        }
        for name, children in rows.items():
            problems += _nested_problems(current, name, children)
        if problems:
            raise DomainError(*problems)
        current.save()
        for name, children in rows.items():
            _replace_children(current, name, children)
    return current


def _problems(check) -> list[Problem]:
    try:
        check()
    except ValidationError as error:
        return list(DomainError.from_validation_error(error).problems)
    return []


def _nested_problems(agreement, name, children) -> list[Problem]:
    key_fields = NESTED[name][1]
    problems, seen = [], set()
    for index, child in enumerate(children):
        for problem in _problems(lambda c=child: c.full_clean(exclude=["agreement", "region"])):
            field = f"{name}[{index}].{problem.field}" if problem.field else f"{name}[{index}]"
            problems.append(Problem(problem.message, field, problem.code))
        key = _row_key(child, key_fields)
        if key in seen:
            problems.append(
                Problem(_("Deze regel staat er twee keer in."), f"{name}[{index}]", "duplicate")
            )
        seen.add(key)
    problems += _content_rules(agreement, name, children)
    return problems


def _content_rules(agreement, name, children) -> list[Problem]:
    problems = []
    if name == "parties":
        leads = [p for p in children if p.is_lead]
        if len(leads) > 1:
            problems.append(Problem(_("Wijs één preferente zorgverzekeraar aan."), name, "leads"))
        for index, party in enumerate(children):
            if party.is_lead and party.organisation_id and not party.organisation.is_insurer:
                problems.append(
                    Problem(
                        _("De preferente partij moet een zorgverzekeraar zijn."),
                        f"{name}[{index}].organisation",
                        "lead_not_insurer",
                    )
                )
    period = (agreement.period_start, agreement.period_end)
    if name == "budget_lines" and all(period) and period[0] <= period[1]:
        years = range(agreement.period_start.year, agreement.period_end.year + 1)
        for index, line in enumerate(children):
            if line.year is not None and line.year not in years:
                problems.append(
                    Problem(
                        _("Het jaar valt buiten de looptijd (%(first)s-%(last)s).")
                        % {"first": years[0], "last": years[-1]},
                        f"{name}[{index}].year",
                        "outside_period",
                    )
                )
    return problems


def _replace_children(agreement, name, children) -> None:
    model, key_fields = NESTED[name]
    existing = {_row_key(row, key_fields): row for row in model.objects.filter(agreement=agreement)}
    editable = [
        f.name
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in ("agreement", "region")
    ]
    for child in children:
        current = existing.pop(_row_key(child, key_fields), None)
        if current is None:
            child.agreement, child.region_id = agreement, agreement.region_id
            child.save()
            continue
        changed = [f for f in editable if getattr(current, f) != getattr(child, f)]
        if changed:
            for field in changed:
                setattr(current, field, getattr(child, field))
            current.save(update_fields=[*changed, "updated_at"])
    model.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()


def _row_key(row, key_fields) -> tuple:
    """The values that identify a nested row in its list (foreign keys by id)."""
    return tuple(getattr(row, f"{field}_id", None) or getattr(row, field) for field in key_fields)
