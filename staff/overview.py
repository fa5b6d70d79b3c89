"""The figures of the region home, each from the user's scoped querysets, in a fixed number of
queries whatever the size of the region (see ``tests/test_staff_region_home.py``)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from agreements.models import Agreement, AgreementStatus
from mandates.models import EXPIRING_WITHIN, Mandate
from neighbourhoods.models import AllianceContact, Bottleneck, Neighbourhood
from neighbourhoods.services import Coverage, region_coverage
from regions.models import Discipline, MainTask, Phase, RegionTask, Roadmap, TaskStatus
from regions.tenancy import Action


@dataclass(frozen=True)
class IncompleteAlliance:
    neighbourhood: Neighbourhood
    missing: list[Discipline]


@dataclass(frozen=True)
class RegionOverview:
    tasks: list[tuple[MainTask, TaskStatus]]
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
    status_by_task = dict(
        RegionTask.objects.visible_to(user).in_region(region).values_list("task", "status")
    )
    tasks = [
        (task, TaskStatus(status_by_task.get(task.value, TaskStatus.NOT_STARTED)))
        for task in MainTask
    ]
    active_core = AllianceContact.objects.filter(active=True, discipline__is_core=True)
    neighbourhoods = list(
        Neighbourhood.objects.visible_to(user)
        .in_region(region)
        .with_alliance_status()
        .prefetch_related(Prefetch("contacts", queryset=active_core, to_attr="core_contacts"))
    )
    core = list(Discipline.objects.filter(is_core=True))
    incomplete = [
        IncompleteAlliance(
            hood,
            [d for d in core if d.pk not in {c.discipline_id for c in hood.core_contacts}],
        )
        for hood in neighbourhoods
        if not hood.is_complete
    ]
    expiring = list(
        Mandate.objects.visible_to(user)
        .in_region(region)
        .valid_on(today)
        .filter(valid_until__lte=today + EXPIRING_WITHIN)
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
        .filter(escalated_at__isnull=False)
        .filter(~Q(status=Bottleneck.Status.RESOLVED))
        .select_related("neighbourhood")
        .order_by("-escalated_at")
    )
    roadmap = Roadmap.load()
    expected = roadmap.expected_phase(today.year)
    return RegionOverview(
        tasks=tasks,
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
