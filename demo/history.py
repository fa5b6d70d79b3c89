"""A fictional year of snapshots behind the demo and scale data, so the national trend, the
change since last month and quarter and each region's own trend have something to show.

Today's snapshot is the real one (:func:`national.services.take_snapshot`). Going back in time
every region is rewound from today's figures by fixed, made-up rates drawn per region: it
reached its phase some months ago (the phase before, earlier), and its coverage, mandates and
main tasks grew towards today's. The national snapshot of each day is the sum of its regions'.
"""

import datetime
import random
from collections import Counter
from decimal import Decimal

from django.db import transaction

from national.models import NationalSnapshot, RegionSnapshot
from national.services import (
    REGION_SNAPSHOT_FIELDS,
    SNAPSHOT_FIELDS,
    region_snapshots,
    region_table,
    regions_expected,
    take_snapshot,
)
from regions.models import MainTask, Phase, Roadmap

DAYS = 365
REGION_EVERY = 7  # a region's own trend: one snapshot a week is enough to draw it


class Rewind:
    """How one region got where it is today: made up, from a seed of its own."""

    def __init__(self, snapshot: RegionSnapshot, seed: int):
        rng = random.Random(seed * 7919 + snapshot.region_id)
        self.today = snapshot
        self.phase_since = rng.randint(20, 420)  # days since it reached today's phase
        self.coverage_growth = rng.uniform(0.15, 0.6)  # share of today's coverage won this year
        self.disciplines_won = rng.randint(0, snapshot.disciplines_contracting)
        self.core_won = rng.randint(0, snapshot.core_mandated)
        self.tasks_won = rng.randint(0, snapshot.tasks_in_place)

    def on(self, day: datetime.date, days_ago: int, roadmap: Roadmap) -> RegionSnapshot:
        today = self.today
        back = days_ago / DAYS
        phase = Phase.values.index(today.phase)
        if days_ago > self.phase_since:
            phase -= 1 + (days_ago - self.phase_since) // 300
        phase = Phase.values[max(phase, 0)]
        return RegionSnapshot(
            date=day,
            region_id=today.region_id,
            phase=phase,
            behind_roadmap=roadmap.is_behind(phase, day.year),
            tasks_in_place=today.tasks_in_place - round(self.tasks_won * back),
            core_mandated=today.core_mandated - round(self.core_won * back),
            disciplines_contracting=today.disciplines_contracting
            - round(self.disciplines_won * back),
            population=today.population,
            covered_population=round(today.covered_population * (1 - self.coverage_growth * back)),
            open_escalated_bottlenecks=round(today.open_escalated_bottlenecks * (1 - 0.3 * back)),
        )


def national_snapshot(day, regions: list[RegionSnapshot], today: NationalSnapshot, table):
    """The national figures of ``day`` as the sums of its regions' (agreements and budget as
    today: the trend does not draw them)."""
    phases = Counter(region.phase for region in regions)
    covered = sum(region.covered_population for region in regions)
    back = Decimal(covered) / Decimal(today.covered_population or 1)
    return NationalSnapshot(
        date=day,
        regions=len(regions),
        regions_expected=regions_expected(len(regions)),
        regions_by_phase={phase: phases[phase] for phase in Phase.values},
        regions_behind_roadmap=sum(region.behind_roadmap for region in regions),
        regions_all_tasks_in_place=sum(
            region.tasks_in_place == len(MainTask) for region in regions
        ),
        regions_core_mandated=sum(
            region.core_mandated == len(table.core_disciplines) for region in regions
        ),
        regions_all_mandated=sum(
            region.disciplines_contracting == len(table.disciplines) for region in regions
        ),
        neighbourhoods=today.neighbourhoods,
        complete_neighbourhoods=round(today.complete_neighbourhoods * back),
        population=today.population,
        registered_population=today.registered_population,
        covered_population=covered,
        open_escalated_bottlenecks=sum(region.open_escalated_bottlenecks for region in regions),
        agreements_by_status=today.agreements_by_status,
        contracted_budget=today.contracted_budget,
    )


def backfill_snapshots(today: datetime.date, *, seed: int = 2026, days: int = DAYS) -> int:
    """Today's snapshots and a made-up daily history of ``days`` days before them (a region's
    own weekly); replaces what those days had. Returns the number of national snapshots."""
    with transaction.atomic():
        today_snapshot = take_snapshot(today)
        table = region_table(today)
        rewinds = [Rewind(snapshot, seed) for snapshot in region_snapshots(table)]
        national, regional = [], []
        for days_ago in range(days - 1, 0, -1):
            day = today - datetime.timedelta(days=days_ago)
            regions = [rewind.on(day, days_ago, table.roadmap) for rewind in rewinds]
            national.append(national_snapshot(day, regions, today_snapshot, table))
            if days_ago % REGION_EVERY == 0:
                regional += regions
        NationalSnapshot.objects.bulk_create(
            national, update_conflicts=True, unique_fields=["date"], update_fields=SNAPSHOT_FIELDS
        )
        RegionSnapshot.objects.bulk_create(
            regional,
            update_conflicts=True,
            unique_fields=["region", "date"],
            update_fields=REGION_SNAPSHOT_FIELDS,
            batch_size=5000,
        )
    return len(national) + 1
