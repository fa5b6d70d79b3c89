"""Agreements: the life cycle. The mandate check, submission into frozen versions, reviews,
follow decisions, signatures, activation and the end.

Every function takes the actor, runs in one transaction on a locked agreement row, records
the change history under the actor, and raises :class:`DomainError` having written nothing.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.history import acting_as
from mandates.models import Mandate
from mandates.services import best_mandate, why_not_valid
from regions.errors import DomainError, Problem, Refused
from regions.formatting import decimal_number
from regions.models import Discipline
from regions.permissions import Action, insurer_ids, require

from .. import content, rules
from ..models import (
    CONTRACTED_STATUSES,
    DECISIONS,
    EXPLAINED,
    FOLLOW_DECISIONS,
    Agreement,
    AgreementParty,
    AgreementStatus,
    AgreementVersion,
    Review,
    ReviewDecision,
    Signature,
)
from ..signals import emit

S = AgreementStatus

# action: (statuses it may start from, status it leads to)
TRANSITIONS = {
    "submit": ((S.DRAFT, S.CHANGES_REQUESTED), S.IN_REVIEW),
    "submit_for_signature": ((S.DRAFT, S.CHANGES_REQUESTED), S.AWAITING_SIGNATURES),
    "in_force": ((S.AWAITING_SIGNATURES,), S.ACTIVE),
    ReviewDecision.APPROVE: ((S.IN_REVIEW,), S.APPROVED),
    ReviewDecision.REQUEST_CHANGES: ((S.IN_REVIEW,), S.CHANGES_REQUESTED),
    ReviewDecision.REJECT: ((S.IN_REVIEW,), S.REJECTED),
    "activate": ((S.APPROVED,), S.ACTIVE),
    "end": ((S.ACTIVE,), S.ENDED),
}

ACTION_NAMES = {
    "submit": gettext_lazy("ingediend"),
    "submit_for_signature": gettext_lazy("ter ondertekening aangeboden"),
    "in_force": gettext_lazy("in werking gesteld"),
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
    """Per covered discipline: a mandate valid on ``day`` whose scope includes the one the
    agreement's type needs (``rules.REQUIRED_SCOPE``), or why there is none."""
    day = day or timezone.localdate()
    scope = rules.REQUIRED_SCOPE[agreement.type]
    disciplines = list(
        Discipline.objects.filter(pk__in=agreement.disciplines.values("discipline_id"))
    )
    mandates: dict[int, list[Mandate]] = {}
    for mandate in (
        Mandate.objects.in_region(agreement.region_id)
        .covering(scope)
        .filter(discipline__in=disciplines)
        .select_related("organisation")
    ):
        mandates.setdefault(mandate.discipline_id, []).append(mandate)
    lines = []
    for discipline in disciplines:
        status, mandate = best_mandate(mandates.get(discipline.pk, []), day)
        valid = mandate is not None and mandate.is_valid_on(day)
        reason = "" if valid else why_not_valid(status, mandate, scope)
        lines.append(MandateCheckLine(discipline, mandate if valid else None, reason))
    return lines


def lock(agreement: Agreement) -> Agreement:
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
    previous, agreement.status = agreement.status, target
    agreement.save(update_fields=["status", "updated_at"])
    emit(agreement, "agreement.status_changed", **{"from": previous, "to": target})


def submit(actor, agreement: Agreement, *, on: datetime.date | None = None) -> AgreementVersion:
    """Submit for review (or, for an agreement the parties sign, for signature): check
    completeness, what the procurement model needs and the mandates, freeze the next numbered
    version. Decisions on earlier versions no longer count: every decider is pending again."""
    on = on or timezone.localdate()
    with transaction.atomic(), acting_as(actor):
        current = lock(agreement)
        action = "submit_for_signature" if current.is_signed_by_parties else "submit"
        if current.status not in TRANSITIONS[action][0]:
            _move(current, action)  # raises the refusal with the status in its message
        parties = list(current.parties.select_related("organisation"))
        if current.is_signed_by_parties:
            problems = []
            if not parties:
                problems.append(
                    Problem(_("Voeg de partijen toe die ondertekenen."), "parties", "no_parties")
                )
        else:
            problems = procurement_problems(current, parties)
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
            snapshot=content.snapshot(current),
            submitted_by=actor,
        )
        _move(current, action)
        emit(current, "agreement.submitted", version=number)
    agreement.refresh_from_db()
    return version


def procurement_problems(agreement: Agreement, parties) -> list[Problem]:
    """What the agreement's procurement model needs before submission (``rules``)."""
    rule = rules.rule_for(agreement)
    problems = []
    insurers = [p for p in parties if p.organisation.is_insurer]
    leads = [p for p in parties if p.is_lead]
    if rule.deciders is rules.Deciders.JOINT_ENTITY:
        if not any(p.organisation.is_joint_entity for p in parties):
            problems.append(
                Problem(
                    _("Voeg de collectieve inkoopentiteit toe als partij: zij besluit."),
                    "parties",
                    "no_joint_entity",
                )
            )
    elif not insurers:
        problems.append(
            Problem(
                _("Voeg ten minste één zorgverzekeraar toe als partij."), "parties", "no_insurer"
            )
        )
    if rule.needs_lead and not leads:
        message = (
            _("Wijs de representerende zorgverzekeraar(s) aan.")
            if rule.deciders is rules.Deciders.REPRESENTING
            else _("Wijs de preferente zorgverzekeraar aan als partij.")
        )
        problems.append(Problem(message, "parties", "no_lead"))
    if len(leads) > rule.max_leads:
        problems.append(
            Problem(
                _(
                    "Bij representatie besluiten ten hoogste twee zorgverzekeraars; bij de andere "
                    "inkoopmodellen is er één preferente zorgverzekeraar."
                ),
                "parties",
                "too_many_leads",
            )
        )
    if rule.lead_must_be_preferred and leads:
        preferred = set(agreement.region.preferred_insurers.values_list("pk", flat=True))
        problems += [
            Problem(
                _(
                    "%(insurer)s is geen preferente zorgverzekeraar van de regio. Onder "
                    "%(model)s moet de preferente of representerende zorgverzekeraar een van de "
                    "preferente zorgverzekeraars van de regio zijn."
                )
                % {
                    "insurer": p.organisation.name,
                    "model": agreement.get_procurement_model_display(),
                },
                "parties",
                "lead_not_preferred",
            )
            for p in leads
            if p.organisation_id not in preferred
        ]
    if rule.needs_framework and not agreement.framework.strip():
        problems.append(
            Problem(
                _("Noem het gepubliceerde kader dat de afspraak volgt, bijvoorbeeld een leidraad."),
                "framework",
                "framework_required",
            )
        )
    if rule.needs_price_and_shares:
        if not agreement.price_arrangement:
            problems.append(
                Problem(
                    _("Kies de prijsafspraak: vaste tarieven of een lumpsum."),
                    "price_arrangement",
                    "price_required",
                )
            )
        total = sum((p.cost_share or 0) for p in insurers)
        if total != 100 or any(p.cost_share is None for p in insurers):
            problems.append(
                Problem(
                    _(
                        "De aandelen van de zorgverzekeraars in de kosten tellen op tot "
                        "%(total)s%%; dat moet 100%% zijn, met een aandeel voor elke "
                        "zorgverzekeraar."
                    )
                    % {"total": decimal_number(total)},
                    "parties",
                    "shares_not_100",
                )
            )
    if rule.needs_acm_reference and not agreement.acm_reference.strip():
        problems.append(
            Problem(
                _("Vermeld het kenmerk van de goedkeuring door de ACM."),
                "acm_reference",
                "acm_required",
            )
        )
    return problems


def review(
    actor,
    agreement: Agreement,
    *,
    version: int,
    decision: str,
    comment: str = "",
    contract_reference: str = "",
) -> Review:
    """Record an insurer's decision, or follow decision, on the latest version.

    Who may decide and what moves the agreement follow its procurement model (``rules``): once
    no decider is pending on the latest version the outcome moves the agreement. A follow
    decision (under *volgen*, by an insurer other than the lead, once the lead approved) never
    moves it; a later one replaces the earlier.
    """
    decision = ReviewDecision(decision)
    comment = (comment or "").strip()
    contract_reference = (contract_reference or "").strip()
    with transaction.atomic(), acting_as(actor):
        current = lock(agreement)
        if current.is_signed_by_parties:
            raise DomainError.single(
                _(
                    "Deze overeenkomst wordt door de partijen ondertekend, niet door "
                    "zorgverzekeraars beoordeeld."
                ),
                code="signed_not_reviewed",
                conflict=True,
            )
        require(actor, Action.REVIEW, current, code="not_a_party")
        parties = list(current.parties.select_related("organisation"))
        own = set(insurer_ids(actor).values_list("pk", flat=True))
        party = next(p for p in parties if p.organisation_id in own)
        rule = rules.rule_for(current)
        following = decision in FOLLOW_DECISIONS
        if following:
            _refuse_follow(current, rule, party, refusal=Refused)
        elif party.organisation_id not in rules.decider_ids(current, parties):
            raise Refused.single(
                _("Onder %(model)s besluit uw organisatie niet over deze afspraak. %(who)s")
                % {"model": current.get_procurement_model_display(), "who": rule.explanation},
                code="not_a_decider",
            )
        elif current.status != S.IN_REVIEW:
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
        if decision in EXPLAINED and not comment:
            raise DomainError.single(
                _("Licht toe waarom u een wijziging vraagt, afwijst of gedeeltelijk volgt."),
                field="comment",
                code="required",
            )
        if (
            decision == ReviewDecision.APPROVE
            and rule.needs_contract_reference
            and not contract_reference
        ):
            raise DomainError.single(
                _("Vermeld het kenmerk van uw eigen contract."),
                field="contract_reference",
                code="contract_reference_required",
            )
        if (
            not following
            and latest.reviews.filter(insurer=party.organisation, decision__in=DECISIONS).exists()
        ):
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
            contract_reference=contract_reference,
            by_lead_insurer=party.is_lead,
        )
        emit(
            current,
            "agreement.review_recorded",
            version=latest.number,
            decision=decision,
            insurer={"id": party.organisation_id, "name": party.organisation.name},
            by_lead_insurer=party.is_lead,
        )
        if not following:
            _settle(current, rule, latest, rules.decider_ids(current, parties))
    agreement.refresh_from_db()
    return result


def _refuse_follow(agreement, rule, party, refusal=DomainError) -> None:
    """``refusal``: :class:`Refused` where the party asks to follow itself, a ``DomainError``
    where the collaborative asks for it."""
    if not rule.others_follow or party.is_lead or not party.organisation.is_insurer:
        raise refusal.single(
            _(
                "Alleen een andere zorgverzekeraar dan de preferente legt een volgbesluit vast, "
                "en alleen onder het inkoopmodel volgen."
            ),
            code="not_a_follower",
        )
    if agreement.status not in CONTRACTED_STATUSES:
        raise DomainError.single(
            _("U kunt volgen zodra de preferente zorgverzekeraar de afspraak heeft goedgekeurd."),
            field="status",
            code="lead_not_decided",
            conflict=True,
        )


def _settle(agreement, rule, version, deciders) -> None:
    """Move the agreement once no decider is pending on ``version``."""
    decided = dict(
        version.reviews.filter(insurer__in=deciders, decision__in=DECISIONS).values_list(
            "insurer_id", "decision"
        )
    )
    if deciders and set(decided) >= deciders:
        _move(agreement, ReviewDecision(rules.outcome(rule, list(decided.values()))))


def ask_to_follow(actor, agreement: Agreement, organisation) -> AgreementParty:
    """The collaborative asks an insurer that is party to follow the lead's agreement."""
    with transaction.atomic(), acting_as(actor):
        current = lock(agreement)
        party = (
            current.parties.select_related("organisation").filter(organisation=organisation).first()
        )
        if party is None:
            raise DomainError.single(
                _("Deze organisatie is geen partij bij de afspraak."),
                field="organisation",
                code="not_a_party",
            )
        if current.is_signed_by_parties or not rules.rule_for(current).others_follow:
            raise DomainError.single(
                _("Alleen onder het inkoopmodel volgen vraagt u zorgverzekeraars om te volgen."),
                code="not_follow_model",
                conflict=True,
            )
        _refuse_follow(current, rules.rule_for(current), party)
        party.follow_requested_at = timezone.now()
        party.save(update_fields=["follow_requested_at", "updated_at"])
        emit(
            current,
            "agreement.follow_requested",
            insurer={"id": organisation.pk, "name": organisation.name},
        )
    return party


def sign(actor, agreement: Agreement, party: AgreementParty, *, signatory: str, signed_on):
    """Record a party's signature under the latest version; once every party signed, the
    agreement is in force (active)."""
    signatory = (signatory or "").strip()
    with transaction.atomic(), acting_as(actor):
        current = lock(agreement)
        if not current.is_signed_by_parties:
            raise DomainError.single(
                _(
                    "Deze afspraak wordt door zorgverzekeraars beoordeeld, niet door de partijen "
                    "ondertekend."
                ),
                code="not_signed_by_parties",
                conflict=True,
            )
        if current.status != S.AWAITING_SIGNATURES:
            raise DomainError.single(
                _("Een afspraak met status ‘%(status)s’ wordt niet ondertekend.")
                % {"status": current.get_status_display()},
                field="status",
                code="invalid_transition",
                conflict=True,
            )
        if party.agreement_id != current.pk:
            raise DomainError.single(
                _("Deze organisatie is geen partij bij de afspraak."),
                field="party",
                code="not_a_party",
            )
        problems = []
        if not signatory:
            problems.append(Problem(_("Vul in wie heeft ondertekend."), "signatory", "required"))
        if signed_on > timezone.localdate():
            problems.append(
                Problem(_("De datum van ondertekening ligt in de toekomst."), "signed_on", "future")
            )
        if problems:
            raise DomainError(*problems)
        latest = current.versions.order_by("-number").first()
        if latest.signatures.filter(party=party).exists():
            raise DomainError.single(
                _("Deze partij heeft deze versie al ondertekend."),
                field="party",
                code="already_signed",
                conflict=True,
            )
        signature = Signature.objects.create(
            agreement=current,
            region_id=current.region_id,
            version=latest,
            party=party,
            signatory=signatory,
            signed_on=signed_on,
            recorded_by=actor,
        )
        if latest.signatures.count() == current.parties.count():
            _move(current, "in_force")
    agreement.refresh_from_db()
    return signature


@dataclass(frozen=True)
class Position:
    """Where one party stands on an agreement."""

    party: AgreementParty
    role: str  # see ROLES
    decision: Review | None  # its decision on the latest version, or its latest follow decision
    signature: Signature | None
    contracted: bool


ROLES = {
    "decides": gettext_lazy("besluit"),
    "follows": gettext_lazy("kan volgen"),
    "informed": gettext_lazy("wordt geïnformeerd"),
    "signs": gettext_lazy("ondertekent"),
    "party": gettext_lazy("partij"),
}
FOLLOWING = (
    ReviewDecision.FOLLOW_CONTENT,
    ReviewDecision.FOLLOW_PRICE,
    ReviewDecision.FOLLOW_BOTH,
    ReviewDecision.FOLLOW_PARTLY,
)


def positions(agreement: Agreement) -> list[Position]:
    """Per party: its role under the agreement's model, its decision or signature on the latest
    version, and whether it is contracted. Four queries."""
    parties = list(agreement.parties.select_related("organisation"))
    latest = agreement.versions.order_by("-number").first()
    reviews = (
        list(latest.reviews.select_related("reviewer").order_by("created_at", "id"))
        if latest
        else []
    )
    signatures = {s.party_id: s for s in latest.signatures.all()} if latest else {}
    return positions_of(agreement, parties, reviews, signatures)


def positions_of(agreement: Agreement, parties, reviews, signatures) -> list[Position]:
    """:func:`positions` from rows already read: the ``parties`` with their organisations, the
    ``reviews`` of the latest version in the order they were recorded, the ``signatures`` under
    it by party id. No queries. The national figures apply the same rules to every agreement at
    once in SQL (``national.services.INSURER_POSITIONS``): a change here must be made there too."""
    in_force = agreement.status in CONTRACTED_STATUSES
    if agreement.is_signed_by_parties:
        return [Position(p, "signs", None, signatures.get(p.pk), False) for p in parties]
    rule = rules.rule_for(agreement)
    deciders = rules.decider_ids(agreement, parties)
    result = []
    for party in parties:
        mine = [r for r in reviews if r.insurer_id == party.organisation_id]
        decision = mine[-1] if mine else None
        if party.organisation_id in deciders:
            role = "decides"
            contracted = in_force and (
                rule.outcome is rules.Outcome.ALL
                or (decision is not None and decision.decision == ReviewDecision.APPROVE)
            )
        elif not party.organisation.is_insurer:
            role, contracted = "party", False
        elif rule.others_follow:
            role = "follows"
            contracted = in_force and decision is not None and decision.decision in FOLLOWING
        else:
            role, contracted = "informed", in_force
        result.append(Position(party, role, decision, None, contracted))
    return result


def activate(actor, agreement: Agreement) -> Agreement:
    return _apply(actor, agreement, "activate")


def end(actor, agreement: Agreement) -> Agreement:
    return _apply(actor, agreement, "end")


def _apply(actor, agreement, action) -> Agreement:
    with transaction.atomic(), acting_as(actor):
        current = lock(agreement)
        _move(current, action)
    agreement.refresh_from_db()
    return agreement
