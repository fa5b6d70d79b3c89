"""A fingerprint of the data a document is made from, to tell when a document is out of date.

For every table a document reads, the number of rows it reads and their latest change
(``updated_at``) go into a hash, all in one query. A change, an addition or a deletion changes
the fingerprint; so does :data:`FORMAT_VERSION`, raised when the templates change what a
document shows.
"""

import hashlib

from django.db.models import CharField, Count, Max, Q, Subquery, Value
from django.db.models.functions import Cast, Concat

from agreements.models import (
    Agreement,
    AgreementDiscipline,
    AgreementGoal,
    AgreementParty,
    AgreementVersion,
    BudgetLine,
    Review,
    Target,
)
from mandates.models import Mandate
from neighbourhoods.models import AllianceContact, Bottleneck, Neighbourhood
from progress.models import BudgetRealisation, Measurement, ReportingSchedule
from regions.models import Region, RegionAction, RegionGoal, RegionIndicator, RegionTask

from .models import DocumentKind

FORMAT_VERSION = "2"


def _state(queryset) -> Subquery:
    """``count/latest change`` of the rows of ``queryset``, as one text value."""
    return Subquery(
        queryset.order_by()
        .annotate(everything=Value(1))
        .values("everything")
        .annotate(
            state=Concat(
                Cast(Count("pk"), CharField()),
                Value("/"),
                Cast(Max("updated_at"), CharField()),
                output_field=CharField(),
            )
        )
        .values("state")
    )


def _inputs(kind: str, region_id: int, agreement_id: int | None) -> dict:
    in_region = Q(region_id=region_id)
    if kind == DocumentKind.REGIOBEELD:
        return {
            "tasks": RegionTask.objects.filter(in_region),
            "neighbourhoods": Neighbourhood.objects.filter(in_region),
            "contacts": AllianceContact.objects.filter(in_region),
            "bottlenecks": Bottleneck.objects.filter(in_region),
            "mandates": Mandate.objects.filter(in_region),
            # The national figures beside the region's come from every region's indicators.
            "indicators": RegionIndicator.objects.all(),
        }
    if kind == DocumentKind.REGIOPLAN:
        return {
            "goals": RegionGoal.objects.filter(in_region),
            "actions": RegionAction.objects.filter(in_region),
            "agreements": Agreement.objects.filter(in_region),
            "agreement_goals": AgreementGoal.objects.filter(in_region),
            "budget_lines": BudgetLine.objects.filter(in_region),
        }
    of_agreement = Q(agreement_id=agreement_id)
    return {
        "agreement": Agreement.objects.filter(pk=agreement_id),
        "parties": AgreementParty.objects.filter(of_agreement),
        "disciplines": AgreementDiscipline.objects.filter(of_agreement),
        "goals": AgreementGoal.objects.filter(of_agreement),
        "budget_lines": BudgetLine.objects.filter(of_agreement),
        "targets": Target.objects.filter(of_agreement),
        "measurements": Measurement.objects.filter(of_agreement),
        "realisations": BudgetRealisation.objects.filter(of_agreement),
        "rhythm": ReportingSchedule.objects.filter(of_agreement),
        "versions": AgreementVersion.objects.filter(of_agreement),
        "reviews": Review.objects.filter(of_agreement),
        "mandates": Mandate.objects.filter(in_region),
        "region_goals": RegionGoal.objects.filter(in_region),
    }


def fingerprints(kinds, region_id: int, agreement_id: int | None = None) -> dict[str, str]:
    """The fingerprint of the inputs of a document of each of ``kinds`` about the region (and
    agreement), all in one query."""
    states = {
        f"{kind}__{name}": _state(queryset)
        for kind in kinds
        for name, queryset in _inputs(kind, region_id, agreement_id).items()
    }
    row = (
        Region.objects.filter(pk=region_id)
        .annotate(region_changed=Cast("updated_at", CharField()), **states)
        .values("region_changed", *states)
        .get()
    )
    result = {}
    for kind in kinds:
        parts = [FORMAT_VERSION, kind, str(region_id), str(agreement_id or "")]
        parts.append(f"region={row['region_changed']}")
        prefix = f"{kind}__"
        parts += [f"{name}={row[name]}" for name in sorted(row) if name.startswith(prefix)]
        result[kind] = hashlib.sha256("|".join(parts).encode()).hexdigest()
    return result


def fingerprint(kind: str, region_id: int, agreement_id: int | None = None) -> str:
    """The fingerprint of the inputs of one document, in one query."""
    return fingerprints([kind], region_id, agreement_id)[kind]
