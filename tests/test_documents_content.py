"""What the regiobeeld and regioplan say: funding only from contracted agreements, the mandate a
discipline has for contracting, and the region's population beside its neighbourhoods'."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from agreements.models import Agreement, AgreementGoal, AgreementStatus
from documents import content, rendering
from documents.models import DocumentKind
from mandates.models import MandateScope, MandateStatus
from regions.models import IndicatorKind, Region, RegionIndicator

from . import factories as f

S = AgreementStatus


def pdf_text(rendered) -> str:
    reader = PdfReader(io.BytesIO(rendered.pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def goals_and_agreements(world):
    """Four goals: one funded by an approved agreement, one only by a draft and one under
    review, one only by an agreement whose changes were asked, one only by a rejected one."""
    region = world.region
    goals = {
        name: f.RegionGoalFactory(region=region, title=f"Doel {name}")
        for name in ("gefinancierd", "in voorbereiding", "wijziging gevraagd", "afgewezen")
    }
    for reference, status, goal in (
        ("GOED-1", S.APPROVED, "gefinancierd"),
        ("CONCEPT-1", S.DRAFT, "in voorbereiding"),
        ("REVIEW-1", S.IN_REVIEW, "in voorbereiding"),
        ("WIJZIG-1", S.CHANGES_REQUESTED, "wijziging gevraagd"),
        ("AF-1", S.REJECTED, "afgewezen"),
    ):
        agreement = f.AgreementFactory(region=region, reference=reference)
        Agreement.objects.filter(pk=agreement.pk).update(status=status)
        AgreementGoal.objects.create(region=region, agreement=agreement, goal=goals[goal])
    return goals


def plans_by_title(plan) -> dict:
    return {p.goal.title: p for section in plan.sections for p in section.goals}


def test_the_regioplan_counts_only_contracted_agreements_as_funding(world, goals_and_agreements):
    plan = content.regioplan(world.region, timezone.localdate())

    assert (plan.goal_count, plan.funded_goal_count, plan.pending_goal_count) == (4, 1, 2)
    by_title = plans_by_title(plan)
    assert [i.agreement.reference for i in by_title["Doel gefinancierd"].funding] == ["GOED-1"]
    assert by_title["Doel in voorbereiding"].funding == []
    assert [i.agreement.reference for i in by_title["Doel in voorbereiding"].pending] == [
        "CONCEPT-1",
        "REVIEW-1",
    ]
    assert by_title["Doel afgewezen"].funding == by_title["Doel afgewezen"].pending == []

    text = pdf_text(rendering.render(DocumentKind.REGIOPLAN, world.region))
    assert "1 / 4 doelen met financiering uit een goedgekeurde afspraak" in text
    assert "Voor 2 doelen is een afspraak in voorbereiding" in text
    assert text.count("Afspraken in voorbereiding") == 2
    assert "AF-1" not in text


@pytest.fixture
def revoked_contracting_mandate(world):
    """Huisartsenzorg: the contracting mandate is revoked; another delegate holds a valid
    mandate for acute care only, with more backing."""
    today = timezone.localdate()
    since = today - datetime.timedelta(days=300)
    contracting = f.MandateFactory(
        region=world.region,
        delegate_name="Anna Contractering",
        scope=[MandateScope.CONTRACTING],
        valid_from=since,
        valid_until=today + datetime.timedelta(days=400),
        backing_practitioners=30,
        discipline_practitioners=100,
    )
    contracting.revoked_on = today - datetime.timedelta(days=10)
    contracting.revocation_reason = "Opgezegd."
    contracting.save()
    f.MandateFactory(
        region=world.region,
        delegate_name="Bert Acuut",
        scope=[MandateScope.ACUTE_CARE],
        valid_from=since,
        valid_until=today + datetime.timedelta(days=400),
        backing_practitioners=90,
        discipline_practitioners=100,
    )
    return contracting


def test_the_mandate_matrix_shows_the_contracting_mandate_and_its_backing(
    world, revoked_contracting_mandate, django_assert_num_queries
):
    with django_assert_num_queries(3):
        rows = content.mandate_rows(world.region, timezone.localdate())

    [gp] = [row for row in rows if row.discipline.code == "gp"]
    assert gp.contracting == revoked_contracting_mandate
    assert gp.contracting_status == MandateStatus.REVOKED
    assert not gp.contracting_ok
    assert dict(zip(MandateStatus, gp.counts, strict=True))[MandateStatus.VALID] == 1

    text = pdf_text(rendering.render(DocumentKind.REGIOBEELD, world.region))
    mandates = text[text.index("Mandaat voor contractering") : text.index("Draagvlak: het")]
    assert "Huisartsenzorg 1 0 0 0 1 Anna Contractering 30% ingetrokken" in mandates
    assert "Bert Acuut" not in mandates


def test_the_regiobeeld_counts_the_regions_population_beside_its_neighbourhoods(world):
    """The region recorded more inhabitants than its neighbourhoods hold: the regiobeeld and
    the national figure of an indicator go by the region's population; the neighbourhood table
    adds up to what the neighbourhoods hold, with the rest apart."""
    Region.objects.filter(pk=world.region.pk).update(population=50_000)
    world.region.refresh_from_db()
    f.NeighbourhoodFactory(region=world.other_region, population=100_000)
    year = timezone.localdate().year - 1
    for region, value in ((world.region, 10), (world.other_region, 20)):
        RegionIndicator.objects.create(
            region=region, kind=IndicatorKind.GPS_PER_10000, year=year, value=Decimal(value)
        )

    [row] = content.indicators(world.region)
    # (10 * 50.000 + 20 * 100.000) / 150.000; by the neighbourhoods' 30.000 it would be 17,7.
    assert row.national == Decimal("16.7")

    text = pdf_text(rendering.render(DocumentKind.REGIOBEELD, world.region))
    assert "De regio telt 50.000 inwoners." in text
    assert "Totaal 30.000" in text
    assert "Nog niet in een wijk ingedeeld 20.000" in text
