"""The read side's vocabulary, each defined once in its domain app: the staff pages, the
documents and the national figures all ask these."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from agreements.models import Agreement, AgreementStatus, BudgetLine
from mandates.models import Mandate, MandateStatus
from neighbourhoods.models import Bottleneck, Neighbourhood
from regions.models import ActionStatus, Discipline, MainTask, RegionAction, RegionTask, TaskStatus

from . import factories as f

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 15)


def test_an_action_is_overdue_from_the_day_after_its_deadline_until_it_is_done():
    goal = f.RegionGoalFactory()
    yesterday = DAY - datetime.timedelta(days=1)
    actions = {
        "one day late": f.RegionActionFactory(goal=goal, due_date=yesterday),
        "postponed and late": f.RegionActionFactory(
            goal=goal, due_date=yesterday, status=ActionStatus.POSTPONED
        ),
        "due today": f.RegionActionFactory(goal=goal, due_date=DAY),
        "late but done": f.RegionActionFactory(
            goal=goal, due_date=yesterday, status=ActionStatus.DONE
        ),
        "no deadline": f.RegionActionFactory(goal=goal, due_date=None),
    }
    overdue = dict(RegionAction.objects.with_overdue(DAY).values_list("title", "overdue"))

    assert {name: overdue[action.title] for name, action in actions.items()} == {
        "one day late": True,
        "postponed and late": True,
        "due today": False,
        "late but done": False,
        "no deadline": False,
    }


def test_open_escalated_bottlenecks_are_escalated_and_not_resolved():
    hood = f.NeighbourhoodFactory()
    now = timezone.now()
    escalated_open = f.BottleneckFactory(neighbourhood=hood, escalated_at=now)
    escalated_in_progress = f.BottleneckFactory(
        neighbourhood=hood, escalated_at=now, status=Bottleneck.Status.IN_PROGRESS
    )
    escalated_resolved = f.BottleneckFactory(
        neighbourhood=hood,
        escalated_at=now,
        status=Bottleneck.Status.RESOLVED,
        resolution="Opgelost.",
        resolved_at=now,
    )
    local_open = f.BottleneckFactory(neighbourhood=hood)

    assert set(Bottleneck.objects.open_escalated()) == {escalated_open, escalated_in_progress}
    assert set(Bottleneck.objects.unresolved()) == {
        escalated_open,
        escalated_in_progress,
        local_open,
    }
    assert escalated_resolved in Bottleneck.objects.escalated()
    assert Neighbourhood.objects.with_open_bottlenecks().get().open_bottlenecks == 3


def test_every_main_task_has_a_row_and_one_without_a_status_has_not_started():
    region = f.RegionFactory()
    RegionTask.objects.create(
        region=region,
        task=MainTask.CAPACITY_AND_ACCESS,
        status=TaskStatus.IN_PLACE,
        note="Dienstenrooster 24/7.",
    )
    rows = RegionTask.objects.in_region(region).every_main_task()

    assert [(row.main_task, row.task_status, row.note) for row in rows] == [
        (MainTask.MANDATE_AND_REPRESENT, TaskStatus.NOT_STARTED, ""),
        (MainTask.CAPACITY_AND_ACCESS, TaskStatus.IN_PLACE, "Dienstenrooster 24/7."),
        (MainTask.CARE_PROGRAMMES, TaskStatus.NOT_STARTED, ""),
        (MainTask.NEIGHBOURHOOD_ALLIANCES, TaskStatus.NOT_STARTED, ""),
        (MainTask.FACILITATE_PROVIDERS, TaskStatus.NOT_STARTED, ""),
    ]
    tasks = RegionTask.objects.in_region(region)
    assert tasks.of_task(MainTask.CAPACITY_AND_ACCESS).status == TaskStatus.IN_PLACE
    assert tasks.of_task(MainTask.CARE_PROGRAMMES).status == TaskStatus.NOT_STARTED


def test_mandate_status_counts_per_discipline_on_a_day():
    region = f.RegionFactory()
    gp, pharmacy = f.discipline("gp"), f.discipline("pharmacy")
    year_end = datetime.date(2026, 12, 31)
    f.MandateFactory(region=region, discipline=gp, valid_from=DAY, valid_until=None)
    f.MandateFactory(region=region, discipline=gp, valid_from=DAY, valid_until=year_end)
    f.MandateFactory(
        region=region, discipline=gp, valid_from=DAY, valid_until=DAY + datetime.timedelta(days=90)
    )
    f.MandateFactory(
        region=region,
        discipline=pharmacy,
        valid_from=DAY - datetime.timedelta(days=30),
        valid_until=year_end,
        revoked_on=DAY,
        revocation_reason="Vertrokken.",
    )
    counts = Mandate.objects.in_region(region).status_counts(DAY)

    assert counts == {
        gp.pk: {MandateStatus.VALID: 2, MandateStatus.EXPIRING: 1},
        pharmacy.pk: {MandateStatus.REVOKED: 1},
    }
    expiring = Mandate.objects.in_region(region).with_status(MandateStatus.EXPIRING, DAY)
    assert [m.valid_until for m in expiring] == [DAY + datetime.timedelta(days=90)]


def test_the_missing_core_disciplines_are_those_without_an_active_contact():
    hood = f.NeighbourhoodFactory()
    f.AllianceContactFactory(neighbourhood=hood, discipline=f.discipline("gp"))
    f.AllianceContactFactory(neighbourhood=hood, discipline=f.discipline("pharmacy"), active=False)
    f.AllianceContactFactory(neighbourhood=hood, discipline=f.discipline("physiotherapy"))
    core = list(Discipline.objects.core())

    assert [d.code for d in core] == ["gp", "district_nursing", "pharmacy", "social_domain"]
    assert [d.code for d in hood.missing_core(core)] == [
        "district_nursing",
        "pharmacy",
        "social_domain",
    ]


def test_the_contracted_budget_of_a_year_counts_approved_and_active_agreements_only():
    region = f.RegionFactory()
    amounts = {}
    for index, status in enumerate(AgreementStatus, start=1):
        agreement = f.AgreementFactory(region=region)
        Agreement.objects.filter(pk=agreement.pk).update(status=status)
        amounts[status] = Decimal(index)
        f.BudgetLineFactory(agreement=agreement, year=2026, amount=amounts[status])
        f.BudgetLineFactory(agreement=agreement, year=2027, amount=Decimal(1000))

    contracted = BudgetLine.objects.in_region(region).contracted_in(2026)

    assert sorted(line.amount for line in contracted) == sorted(
        [amounts[AgreementStatus.APPROVED], amounts[AgreementStatus.ACTIVE]]
    )
    assert {s for s in AgreementStatus if Agreement(status=s).is_contracted} == {
        AgreementStatus.APPROVED,
        AgreementStatus.ACTIVE,
    }
