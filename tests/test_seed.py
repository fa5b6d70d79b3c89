"""The demo seed (through the services, idempotent) and the scale seed (bulk, deterministic)."""

import datetime
import json
from io import StringIO

import pghistory.models
import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Q
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import NATIONAL_GOVERNANCE_GROUP, User
from agreements import content
from agreements import services as agreement_services
from agreements.models import (
    EXPLAINED,
    SIGNED_TYPES,
    Agreement,
    AgreementDiscipline,
    AgreementGoal,
    AgreementParty,
    AgreementStatus,
    AgreementVersion,
    BudgetLine,
    ProcurementModel,
    Review,
    ReviewDecision,
    Target,
)
from demo.demo_data import DEFAULT_PASSWORD, REGIONS, USERS
from demo.scale import NATIONAL
from demo.seeding import DemoBuilder
from mandates.models import Mandate, MandateStatus
from neighbourhoods.models import AllianceContact, Bottleneck, Neighbourhood
from progress.models import Kpi, Measurement
from progress.services import kpi_latest_values
from regions.models import Organisation, Region, RegionAction, RegionMembership, RegionTask
from regions.tenancy import Role

pytestmark = pytest.mark.django_db

DOMAIN_APPS = ("regions", "neighbourhoods", "mandates", "agreements", "accounts")
S = AgreementStatus


def seed_demo(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def seed_scale(*args) -> dict:
    out = StringIO()
    call_command("seed_scale", *args, "--json", stdout=out)
    # Check the deferred same-region foreign keys now, not at a commit that never comes.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return json.loads(out.getvalue())


def row_counts() -> dict:
    models = [
        model
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    models += [Group, pghistory.models.Context]
    return {model._meta.label: model._default_manager.count() for model in models}


# --- seed_demo ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_seed_demo_twice_changes_no_row_count():
    seed_demo()
    first = row_counts()
    output = seed_demo()
    assert row_counts() == first
    assert "nothing created" in output
    for label in (
        "regions.Region",
        "neighbourhoods.Neighbourhood",
        "mandates.Mandate",
        "agreements.Agreement",
        "agreements.AgreementVersion",
        "agreements.Review",
        "neighbourhoods.BottleneckEvent",
        "accounts.User",
    ):
        assert first[label] > 0, label


@pytest.mark.slow
def test_demo_data_shows_every_state_the_domain_knows():
    seed_demo()
    today = timezone.localdate()

    assert set(Agreement.objects.values_list("status", flat=True)) == set(S.values)
    regions = Region.objects.all()
    assert regions.count() >= 3
    for region in regions:
        assert region.lead_insurer is not None and region.lead_insurer.is_insurer
        assert region.lead_insurer.regions.filter(pk=region.pk).exists()
        assert RegionTask.objects.filter(region=region).count() == 5
        assert 5 <= Neighbourhood.objects.filter(region=region).count() <= 8
        assert RegionAction.objects.filter(region=region).exists()
        assert Organisation.objects.filter(regions=region, kind="mono").exists()
        minimum = set(
            Mandate.objects.in_region(region)
            .valid_on(today)
            .covering("contracting")
            .values_list("discipline__code", flat=True)
        )
        assert {"gp", "district_nursing", "pharmacy"} <= minimum
    assert Organisation.objects.filter(kind=Organisation.Kind.INSURER).count() == 4

    complete = set(
        Neighbourhood.objects.with_alliance_status().values_list("is_complete", flat=True)
    )
    assert complete == {True, False}
    populations = list(Neighbourhood.objects.values_list("population", flat=True))
    assert sum(10_000 <= p <= 20_000 for p in populations) > len(populations) * 0.7
    assert any(not 10_000 <= p <= 20_000 for p in populations)

    open_escalated = Bottleneck.objects.filter(escalated_at__isnull=False).exclude(
        status=Bottleneck.Status.RESOLVED
    )
    assert open_escalated.exists()
    assert Bottleneck.objects.filter(
        escalated_at__isnull=True, status=Bottleneck.Status.OPEN
    ).exists()
    assert Bottleneck.objects.filter(status=Bottleneck.Status.RESOLVED).exists()

    statuses = [m.status_on(today) for m in Mandate.objects.all()]
    assert MandateStatus.EXPIRED in statuses
    assert MandateStatus.REVOKED in statuses
    assert any(
        m.is_valid_on(today) and m.valid_until <= today + datetime.timedelta(days=60)
        for m in Mandate.objects.filter(valid_until__isnull=False)
    )

    # Versions and reviews as the services leave them.
    oi = Agreement.objects.get(reference="AMZ-OI-01")
    assert oi.status == S.ACTIVE
    assert list(oi.versions.values_list("number", flat=True)) == [1, 2]
    assert oi.parties.get(is_lead=True).organisation == oi.region.lead_insurer
    assert oi.budget_lines.exists() and oi.targets.exists() and oi.disciplines.exists()
    assert oi.goals.exists() and oi.main_tasks
    assert Review.objects.filter(by_lead_insurer=False).exists()
    for agreement in Agreement.objects.exclude(status=S.DRAFT):
        assert agreement.versions.exists()
    assert not AgreementVersion.objects.filter(agreement__status=S.DRAFT).exists()

    # Measurements of the quarters that ended within the running agreements' periods (which
    # begin on 1 January), and a KPI measured in more than one region.
    measured = Measurement.objects.filter(target__agreement=oi)
    assert measured.count() == oi.targets.count() * min(3, (today.month - 1) // 3)
    if today.month > 3:
        assert len(kpi_latest_values()[Kpi.objects.get(code="complete-alliance-coverage").pk]) >= 2


@pytest.mark.slow
def test_each_demo_role_can_log_in_with_the_password():
    seed_demo()
    for spec in USERS:
        user = authenticate(
            request=RequestFactory().post("/"), username=spec.username, password=DEFAULT_PASSWORD
        )
        assert user is not None, spec.username
    assert User.objects.filter(is_superuser=True, username__startswith="demo-").exists()
    roles = set(
        RegionMembership.objects.filter(user__username__startswith="demo-").values_list(
            "role", flat=True
        )
    )
    assert roles == {Role.ADMIN, Role.EDITOR, Role.VIEWER, Role.COORDINATOR}
    staff_regions = (
        RegionMembership.objects.filter(role__in=[Role.ADMIN, Role.EDITOR])
        .values("region")
        .distinct()
    )
    assert staff_regions.count() >= 2
    insurer_members = Organisation.objects.filter(
        kind=Organisation.Kind.INSURER, group__user__username__startswith="demo-"
    )
    assert insurer_members.distinct().count() == 2
    assert User.objects.filter(groups__name=NATIONAL_GOVERNANCE_GROUP).exists()
    coordinator = User.objects.get(username="demo-wijkcoordinator")
    assert Neighbourhood.objects.visible_to(coordinator).count() == 2


@pytest.mark.slow
def test_passwords_are_reset_only_when_asked():
    seed_demo()
    seed_demo()  # no --password: the existing password stays
    request = RequestFactory().post("/")
    assert authenticate(request=request, username="demo-lezer", password=DEFAULT_PASSWORD)
    output = seed_demo("--password", "een-ander-wachtwoord")
    assert "een-ander-wachtwoord" in output
    assert authenticate(request=request, username="demo-lezer", password="een-ander-wachtwoord")


@pytest.mark.slow
def test_a_later_run_keeps_the_mandate_states_the_demo_shows():
    seed_demo()
    later = timezone.localdate() + datetime.timedelta(days=100)
    DemoBuilder(password=DEFAULT_PASSWORD, reset_passwords=False, today=later).build()
    statuses = [m.status_on(later) for m in Mandate.objects.all()]
    assert MandateStatus.EXPIRED in statuses and MandateStatus.REVOKED in statuses
    assert any(
        m.is_valid_on(later) and m.valid_until <= later + datetime.timedelta(days=60)
        for m in Mandate.objects.filter(valid_until__isnull=False)
    )
    assert Mandate.objects.count() == sum(len(region.mandates) for region in REGIONS)


def test_print_logins_writes_nothing():
    before = row_counts()
    with CaptureQueriesContext(connection) as queries:
        output = seed_demo("--print-logins")
    assert not [q for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert row_counts() == before
    for spec in USERS:
        assert spec.username in output
    assert DEFAULT_PASSWORD in output


# --- seed_scale --------------------------------------------------------------------------------

# (model, path to a parent that carries the same region)
SAME_REGION = [
    (AllianceContact, "neighbourhood"),
    (Bottleneck, "neighbourhood"),
    (RegionAction, "goal"),
    (AgreementParty, "agreement"),
    (AgreementDiscipline, "agreement"),
    (AgreementGoal, "agreement"),
    (AgreementGoal, "goal"),
    (BudgetLine, "agreement"),
    (Target, "agreement"),
    (AgreementVersion, "agreement"),
    (Review, "agreement"),
    (Review, "version"),
]


def expected(name: str, regions: int) -> int:
    return round(NATIONAL[name] * regions / NATIONAL["regions"])


@pytest.mark.slow
def test_seed_scale_rows_keep_the_domain_rules():
    today = timezone.localdate()
    result = seed_scale("--regions", "3")

    assert Region.objects.count() == 3
    for name, model in (
        ("neighbourhoods", Neighbourhood),
        ("mandates", Mandate),
        ("agreements", Agreement),
        ("bottlenecks", Bottleneck),
    ):
        assert model.objects.count() == expected(name, 3) == result["totals"][name], name
    assert result["counts"]["regions.Region"] == 3

    for model, parent in SAME_REGION:
        assert not model.objects.exclude(region=F(f"{parent}__region")).exists(), (model, parent)
    assert not Review.objects.exclude(agreement=F("version__agreement")).exists()

    populations = list(Neighbourhood.objects.values_list("population", flat=True))
    assert all(5_000 <= p <= 30_000 for p in populations)
    assert any(not 10_000 <= p <= 20_000 for p in populations)
    complete = set(
        Neighbourhood.objects.with_alliance_status().values_list("is_complete", flat=True)
    )
    assert complete == {True, False}

    mandates = list(Mandate.objects.select_related("organisation", "discipline"))
    assert {m.status_on(today) for m in mandates} == set(MandateStatus) - {
        MandateStatus.NOT_YET_VALID
    }
    for mandate in mandates:
        mandate.full_clean()
        assert mandate.organisation.regions.filter(pk=mandate.region_id).exists()

    assert set(Agreement.objects.values_list("status", flat=True)) == set(S.values)
    signed = Agreement.objects.filter(type__in=SIGNED_TYPES)
    assert signed.exists()
    leads = AgreementParty.objects.filter(is_lead=True)
    assert leads.count() == Agreement.objects.exclude(type__in=SIGNED_TYPES).count()
    assert not leads.exclude(organisation=F("region__lead_insurer")).exists()
    assert not leads.exclude(organisation__preferred_in_regions=F("region")).exists()
    for agreement in Agreement.objects.prefetch_related(
        "versions__reviews", "versions__signatures", "parties__organisation"
    ):
        agreement.full_clean()
        numbers = [v.number for v in agreement.versions.all()]
        if agreement.status == S.DRAFT:
            assert numbers == []
            continue
        assert numbers == list(range(1, len(numbers) + 1))
        latest = agreement.versions.all()[len(numbers) - 1]
        parties = list(agreement.parties.all())
        if agreement.is_signed_by_parties:
            assert numbers == [1]
            assert not latest.reviews.all()
            signed_by = {s.party_id for s in latest.signatures.all()}
            assert signed_by <= {p.pk for p in parties}
            assert all(s.signed_on <= today for s in latest.signatures.all())
            all_signed = signed_by == {p.pk for p in parties}
            assert all_signed == (agreement.status != S.AWAITING_SIGNATURES)
        else:
            assert not agreement_services.procurement_problems(agreement, parties)
            for review in latest.reviews.all():
                if review.is_follow_decision:
                    assert agreement.procurement_model == ProcurementModel.FOLLOW
                    assert not review.by_lead_insurer
        lead_reviews = [r for r in latest.reviews.all() if r.by_lead_insurer]
        approved = None if agreement.is_signed_by_parties else ReviewDecision.APPROVE
        decision = {
            S.IN_REVIEW: None,
            S.AWAITING_SIGNATURES: None,
            S.CHANGES_REQUESTED: ReviewDecision.REQUEST_CHANGES,
            S.REJECTED: ReviewDecision.REJECT,
        }.get(agreement.status, approved)
        assert [r.decision for r in lead_reviews] == ([decision] if decision else [])
        if agreement.status in (S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED, S.ACTIVE):
            assert all(line.ok for line in agreement_services.mandate_check(agreement, today))
        assert latest.snapshot == content.snapshot(agreement)

    for review in Review.objects.select_related("reviewer"):
        party = AgreementParty.objects.get(
            agreement=review.agreement_id, organisation=review.insurer_id
        )
        assert party.is_lead == review.by_lead_insurer
        assert review.reviewer.groups.filter(organisation=review.insurer_id).exists()
        assert review.decision not in EXPLAINED or review.comment
    assert not Agreement.objects.annotate(n=Count("disciplines")).filter(n=0).exists()
    assert not Bottleneck.objects.filter(
        Q(status="resolved") & (Q(resolution="") | Q(resolved_at__isnull=True))
    ).exists()


def fingerprint() -> dict:
    def without_ids(snapshot):
        snapshot = dict(snapshot)
        snapshot["parties"] = [{**p, "organisation": None} for p in snapshot["parties"]]
        snapshot["goals"] = [{**g, "id": None} for g in snapshot["goals"]]
        return snapshot

    return {
        "regions": list(
            Region.objects.order_by("code").values_list(
                "code", "name", "phase", "legal_form", "lead_insurer__name"
            )
        ),
        "neighbourhoods": list(
            Neighbourhood.objects.order_by("region__code", "name").values_list(
                "region__code", "name", "population", "cbs_codes"
            )
        ),
        "contacts": list(
            AllianceContact.objects.order_by(
                "neighbourhood__name", "discipline", "name", "active"
            ).values_list("neighbourhood__name", "discipline__code", "name", "active")
        ),
        "mandates": sorted(
            Mandate.objects.values_list(
                "region__code",
                "discipline__code",
                "delegate_name",
                "scope",
                "valid_from",
                "valid_until",
                "revoked_on",
                "backing_practitioners",
            )
        ),
        "bottlenecks": sorted(
            Bottleneck.objects.values_list("neighbourhood__name", "theme", "status", "description")
        ),
        "agreements": list(
            Agreement.objects.order_by("region__code", "reference").values_list(
                "reference", "status", "title", "period_start", "period_end", "main_tasks"
            )
        ),
        "budget": sorted(
            BudgetLine.objects.values_list("agreement__reference", "year", "segment", "amount")
        ),
        "versions": [
            (v.agreement.reference, v.number, without_ids(v.snapshot))
            for v in AgreementVersion.objects.select_related("agreement").order_by(
                "agreement__reference", "number"
            )
        ],
        "reviews": sorted(
            Review.objects.values_list(
                "agreement__reference", "version__number", "insurer__name", "decision"
            )
        ),
    }


def test_seed_scale_is_deterministic_and_refuses_a_filled_database():
    day = "2026-06-01"
    seed_scale("--regions", "2", "--seed", "7", "--today", day)
    first = fingerprint()

    with pytest.raises(CommandError, match="--flush"):
        call_command("seed_scale", "--regions", "2", stdout=StringIO())

    seed_scale("--regions", "2", "--seed", "7", "--today", day, "--flush")
    assert fingerprint() == first
    assert Region.objects.count() == 2

    seed_scale("--regions", "2", "--seed", "8", "--today", day, "--flush")
    other = fingerprint()
    assert other != first
    assert {k: len(v) for k, v in other.items() if k in ("regions", "agreements")} == {
        k: len(v) for k, v in first.items() if k in ("regions", "agreements")
    }


def test_seed_scale_factor_multiplies_every_count():
    result = seed_scale(
        "--regions", "1", "--factor", "2", "--agreements", "10", "--bottlenecks", "40"
    )
    assert result["totals"] == {
        "regions": 2,
        "neighbourhoods": 2 * expected("neighbourhoods", 1),
        "mandates": 2 * expected("mandates", 1),
        "agreements": 20,
        "bottlenecks": 80,
    }
    assert Region.objects.count() == 2
    assert Agreement.objects.count() == 20 and Bottleneck.objects.count() == 80


def test_seed_scale_refuses_impossible_counts():
    with pytest.raises(CommandError, match="neighbourhood"):
        call_command("seed_scale", "--regions", "3", "--neighbourhoods", "2", stdout=StringIO())
