"""Who decides an agreement, and what it needs, per procurement model (seed 003, Bijlage 2);
which mandate scope each agreement type needs. The README shows both tables.

Status rule, the same for every model: the agreement's status moves once none of its deciders
is pending on the latest version (a new version resets every pending decision: decisions on an
older version do not count for the new one). Then, when each decides for itself
(``Outcome.ANY``), one approval approves the agreement (contracted with the insurers that
approved), else one request for changes sends it back, else it is rejected. When the deciders
decide for all (``Outcome.ALL``), all must approve; one rejection rejects it, else it goes back
for changes. With a single decider both come to the same: its decision moves the agreement.
Follow decisions (*volgen*) never move it.
"""

from dataclasses import dataclass
from enum import Enum

from django.utils.translation import gettext_lazy as _

from mandates.models import MandateScope

from .models import AgreementType, ProcurementModel, Segment


class Deciders(Enum):
    EACH_INSURER = "each_insurer"  # every insurer that is party
    LEAD = "lead"  # the lead insurer (a preferred insurer of the region)
    REPRESENTING = "representing"  # the one or two representing insurers (marked as lead)
    JOINT_ENTITY = "joint_entity"  # the collective purchasing entity that is party


class Outcome(Enum):
    ANY = "any"  # each decides for itself: one approval approves
    ALL = "all"  # the deciders decide for all: all must approve


@dataclass(frozen=True)
class ModelRule:
    deciders: Deciders
    outcome: Outcome
    others: str  # what the other insurers that are party do
    max_leads: int  # lead (or representing) insurers allowed
    needs_lead: bool = False
    lead_must_be_preferred: bool = True
    needs_framework: bool = False
    needs_contract_reference: bool = False  # each decider names its own contract on approval
    needs_price_and_shares: bool = False
    needs_acm_reference: bool = False
    others_follow: bool = False

    @property
    def explanation(self):
        return WHO_DECIDES[self.deciders]


PROCUREMENT_RULES: dict[str, ModelRule] = {
    ProcurementModel.INDIVIDUAL: ModelRule(
        Deciders.EACH_INSURER,
        Outcome.ANY,
        others=_("—"),
        max_leads=1,
        lead_must_be_preferred=False,
    ),
    ProcurementModel.FOLLOW: ModelRule(
        Deciders.LEAD,
        Outcome.ALL,
        others=_("volgen op inhoud, prijs of beide, gedeeltelijk of niet; op elk moment"),
        max_leads=1,
        needs_lead=True,
        others_follow=True,
    ),
    ProcurementModel.ALIGNED_CONTENT: ModelRule(
        Deciders.EACH_INSURER,
        Outcome.ANY,
        others=_("—"),
        max_leads=1,
        needs_framework=True,
        needs_contract_reference=True,
    ),
    ProcurementModel.ALIGNED_CONTENT_PRICE: ModelRule(
        Deciders.EACH_INSURER,
        Outcome.ANY,
        others=_("—"),
        max_leads=1,
        needs_framework=True,
        needs_contract_reference=True,
        needs_price_and_shares=True,
    ),
    ProcurementModel.COLLECTIVE: ModelRule(
        Deciders.JOINT_ENTITY,
        Outcome.ALL,
        others=_("worden geïnformeerd"),
        max_leads=1,
        needs_acm_reference=True,
    ),
    ProcurementModel.REPRESENTATION: ModelRule(
        Deciders.REPRESENTING,
        Outcome.ALL,
        others=_("worden geïnformeerd"),
        max_leads=2,
        needs_lead=True,
    ),
}

WHO_DECIDES = {
    Deciders.EACH_INSURER: _("Elke zorgverzekeraar die partij is besluit voor zichzelf."),
    Deciders.LEAD: _(
        "De preferente zorgverzekeraar besluit; daarna vraagt het samenwerkingsverband de andere "
        "zorgverzekeraars om te volgen."
    ),
    Deciders.REPRESENTING: _(
        "De representerende zorgverzekeraar(s) besluiten namens alle zorgverzekeraars; de "
        "andere worden geïnformeerd."
    ),
    Deciders.JOINT_ENTITY: _("De collectieve inkoopentiteit besluit namens alle zorgverzekeraars."),
}

# The mandate scope a discipline's delegate needs for each agreement type.
REQUIRED_SCOPE: dict[str, str] = {
    AgreementType.ORGANISATION_INFRASTRUCTURE: MandateScope.CONTRACTING,
    AgreementType.CARE_PROGRAMME: MandateScope.CONTRACTING,
    AgreementType.TRANSFORMATION: MandateScope.CONTRACTING,
    AgreementType.BRIDGING_CARE: MandateScope.BRIDGING_CARE,
    AgreementType.LETTER_OF_INTENT: MandateScope.REGIONAL_PLAN,
    AgreementType.COOPERATION: MandateScope.REGIONAL_PLAN,
    AgreementType.TRANSMURAL: MandateScope.TRANSMURAL,
    AgreementType.SUBSTITUTION: MandateScope.TRANSMURAL,
    AgreementType.ROAZ: MandateScope.ACUTE_CARE,
}


GP_CARE = "gp"
DEFAULT_MODEL_HELP = _(
    "Leeg laten kiest de standaard: volgen bij huisartsenzorg via een transformatieafspraak of "
    "segment S3 (volgbeleid van ZN), anders individueel. Een overeenkomst die de partijen "
    "ondertekenen (intentie-, samenwerkingsovereenkomst, transmurale, substitutie- en "
    "ROAZ-afspraak) heeft geen inkoopmodel."
)


def default_procurement_model(
    agreement_type: str, discipline_codes: set[str], segments: set[str]
) -> ProcurementModel:
    """The model an agreement bought from insurers has when the region chose none: ZN's follow
    policy makes *volgen* the default for agreements that touch GP care through transformation
    or segment S3 (seed 003, Bijlage 2); otherwise the standard, individual procurement."""
    touches_gp_care = GP_CARE in discipline_codes and (
        agreement_type == AgreementType.TRANSFORMATION or Segment.S3 in segments
    )
    return ProcurementModel.FOLLOW if touches_gp_care else ProcurementModel.INDIVIDUAL


def rule_for(agreement) -> ModelRule:
    return PROCUREMENT_RULES[agreement.procurement_model]


def decider_ids(agreement, parties) -> set[int]:
    """The organisations whose decision moves ``agreement``, out of its ``parties``."""
    deciders = rule_for(agreement).deciders
    if deciders is Deciders.JOINT_ENTITY:
        return {p.organisation_id for p in parties if p.organisation.is_joint_entity}
    insurers = [p for p in parties if p.organisation.is_insurer]
    if deciders is Deciders.EACH_INSURER:
        return {p.organisation_id for p in insurers}
    return {p.organisation_id for p in insurers if p.is_lead}


def outcome(rule: ModelRule, decisions: list[str]) -> str:
    """The decision that moves the agreement, once every decider decided (``decisions``)."""
    if rule.outcome is Outcome.ANY:
        for decision in ("approve", "request_changes"):
            if decision in decisions:
                return decision
        return "reject"
    if all(d == "approve" for d in decisions):
        return "approve"
    return "reject" if "reject" in decisions else "request_changes"
