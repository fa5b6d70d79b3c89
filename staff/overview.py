"""The figures of the region home, each from the user's scoped querysets, in a fixed number of
queries whatever the size of the region (see ``tests/test_staff_region_home.py``)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch

from agreements.models import Agreement, AgreementStatus
from mandates.models import Mandate, MandateStatus
from neighbourhoods.models import Bottleneck, Neighbourhood, core_contacts
from neighbourhoods.services import Coverage, region_coverage
from regions.models import Discipline, Phase, RegionTask, Roadmap
from regions.tenancy import Action


@dataclass(frozen=True)
class IncompleteAlliance:
    neighbourhood: Neighbourhood
    missing: list[Discipline]


@dataclass(frozen=True)
class RegionOverview:
    tasks: list[RegionTask]
    coverage: Coverage
    neighbourhood_count: int
    complete_count: int
    incomplete: list[IncompleteAlliance]
    expiring_mandates: list[Mandate]
    agreements_by_status: list[tuple[AgreementStatus, int]]
    escalated_bottlenecks: list[Bottleneck]
    expected_phase: Phase | None  # what the national roadmap expects this year
    behind_roadmap: bool

    @property
    def agreement_count(self) -> int:
        return sum(count for _status, count in self.agreements_by_status)


def region_overview(user, region, today: datetime.date) -> RegionOverview:
    """Nine queries: task statuses, coverage, neighbourhoods and their active core contacts,
    core disciplines, expiring mandates, agreements per status, open escalated bottlenecks,
    the national roadmap."""
    neighbourhoods = list(
        Neighbourhood.objects.visible_to(user)
        .in_region(region)
        .with_alliance_status()
        .prefetch_related(Prefetch("contacts", queryset=core_contacts()))
    )
    core = list(Discipline.objects.core())
    incomplete = [
        IncompleteAlliance(hood, hood.missing_core(core))
        for hood in neighbourhoods
        if not hood.is_complete
    ]
    expiring = list(
        Mandate.objects.visible_to(user)
        .in_region(region)
        .with_status(MandateStatus.EXPIRING, today)
        .select_related("discipline", "organisation")
        .order_by("valid_until")
    )
    counts = dict(
        Agreement.objects.visible_to(user)
        .in_region(region)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    escalated = list(
        Bottleneck.objects.visible_to(user, Action.VIEW)
        .in_region(region)
        .open_escalated()
        .select_related("neighbourhood")
        .order_by("-escalated_at")
    )
    roadmap = Roadmap.load()
    expected = roadmap.expected_phase(today.year)
    return RegionOverview(
        tasks=RegionTask.objects.visible_to(user).in_region(region).every_main_task(),
        coverage=region_coverage(region),
        neighbourhood_count=len(neighbourhoods),
        complete_count=len(neighbourhoods) - len(incomplete),
        incomplete=incomplete,
        expiring_mandates=expiring,
        agreements_by_status=[(status, counts.get(status, 0)) for status in AgreementStatus],
        escalated_bottlenecks=escalated,
        expected_phase=Phase(expected) if expected else None,
        behind_roadmap=roadmap.is_behind(region.phase, today.year),
    )
