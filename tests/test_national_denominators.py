"""Honest denominators: coverage over the region's whole population (the rest "nog niet
ingedeeld"), the "every region" aims over the regions the country expects, and the 2030 mandate
aim counting what covers contracting (SO and AVG also through care organisations)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Events

from mandates.models import MandateScope
from national.services import national_totals, region_table
from neighbourhoods.services import region_coverage
from regions.models import Discipline, Organisation

from . import factories as f
from .api_helpers import client_for

pytestmark = pytest.mark.django_db

ALLIANCE = ("gp", "district_nursing", "pharmacy", "social_domain")


def complete_neighbourhood(region, population):
    neighbourhood = f.NeighbourhoodFactory(region=region, population=population)
    for code in ALLIANCE:
        f.AllianceContactFactory(neighbourhood=neighbourhood, discipline=f.discipline(code))
    return neighbourhood


@pytest.fixture
def half_registered(world):
    """Regio Fictief Utrecht-West has 60,000 inhabitants; its registered neighbourhoods (the
    world's two of 15,000) hold half, and both have complete alliances."""
    region = world.region
    region.population = 60_000
    region.municipalities = ["Gemeente Fictief Oost", "Gemeente Fictief West"]
    region.save()
    for neighbourhood in (world.neighbourhood, world.other_neighbourhood_same_region):
        for code in ALLIANCE:
            f.AllianceContactFactory(neighbourhood=neighbourhood, discipline=f.discipline(code))
    return world


def test_half_the_population_registered_covers_at_most_half(client, half_registered):
    world = half_registered
    row = next(row for row in region_table(timezone.localdate()).rows if row.code == "utrecht-west")
    assert (row.registered_population, row.covered_population) == (30_000, 30_000)
    assert (row.population, row.unassigned_population) == (60_000, 30_000)
    assert row.coverage == Decimal("0.5")

    # the same on the region's own home and regiobeeld, which share region_coverage
    coverage = region_coverage(world.region)
    assert (coverage.share, coverage.unassigned_population) == (Decimal("0.5"), 30_000)

    client.force_login(world.national)
    drill_down = client.get(reverse("national:region", args=["utrecht-west"])).text
    assert "50,0%" in drill_down and "100,0%" not in drill_down
    assert "Gemeente Fictief Oost, Gemeente Fictief West" in drill_down
    assert "30.000" in drill_down  # not yet in a neighbourhood
    body = client_for(world, "national").get("/api/v1/national/regions/").json()
    json_row = next(row for row in body["results"] if row["code"] == "utrecht-west")
    assert (json_row["coverage"], json_row["unassigned_population"]) == (0.5, 30_000)


def test_a_recorded_population_below_the_neighbourhoods_does_not_push_coverage_over_one(world):
    world.region.population = 10_000  # out of date: its neighbourhoods hold 30,000
    world.region.save()
    complete_neighbourhood(world.region, 30_000)
    coverage = region_coverage(world.region)
    assert (coverage.population, coverage.unassigned_population) == (60_000, 0)
    assert coverage.share == Decimal("0.5")


def test_national_coverage_adds_the_regions_whole_populations(half_registered):
    totals = national_totals(region_table(timezone.localdate()))
    # utrecht-west 60,000 (30,000 covered); twente-noord has neither population nor neighbourhoods
    assert (totals.population, totals.registered_population) == (60_000, 30_000)
    assert (totals.covered_population, totals.unassigned_population) == (30_000, 30_000)
    assert totals.coverage == Decimal("0.5")


def test_every_region_aims_count_against_the_regions_expected(settings):
    for _ in range(3):
        region = f.RegionFactory()
        for discipline in Discipline.objects.primary_care():
            f.MandateFactory(region=region, discipline=discipline)
    settings.REGIONS_EXPECTED = 57
    totals = national_totals(region_table(timezone.localdate()))
    assert (totals.regions_all_mandated, totals.regions_expected) == (3, 57)
    assert totals.share_all_mandated == Decimal(3) / Decimal(57)
    assert totals.share_core_mandated == Decimal(3) / Decimal(57)

    settings.REGIONS_EXPECTED = 2  # fewer expected than there are: never over 100%
    totals = national_totals(region_table(timezone.localdate()))
    assert totals.regions_expected == 3 and totals.share_all_mandated == 1


def test_the_2030_aim_counts_mandates_that_cover_contracting():
    region = f.RegionFactory()
    disciplines = list(Discipline.objects.primary_care())
    for discipline in disciplines:
        scope = (
            [MandateScope.REGIONAL_PLAN]
            if discipline.code == "physiotherapy"
            else [MandateScope.CONTRACTING]
        )
        f.MandateFactory(region=region, discipline=discipline, scope=scope)

    table = region_table(timezone.localdate())
    row = table.rows[0]
    assert (row.disciplines_mandated, row.disciplines_contracting) == (12, 11)
    assert national_totals(table).regions_all_mandated == 0


def test_so_and_avg_count_as_represented_through_a_care_organisation_in_the_region():
    region = f.RegionFactory()
    for discipline in Discipline.objects.primary_care().exclude(
        code__in=["elderly_care_physician", "id_physician"]
    ):
        f.MandateFactory(region=region, discipline=discipline)
    table = region_table(timezone.localdate())
    assert table.rows[0].disciplines_contracting == 10

    for code in ("elderly_care_physician", "id_physician"):
        f.OrganisationFactory(
            kind=Organisation.Kind.CARE_ORGANISATION,
            discipline=f.discipline(code),
            regions=[region],
        )
    # a care organisation of a discipline without that room (physiotherapy) does not count
    f.OrganisationFactory(
        kind=Organisation.Kind.CARE_ORGANISATION,
        discipline=f.discipline("physiotherapy"),
        regions=[f.RegionFactory()],
    )
    table = region_table(timezone.localdate())
    row = next(row for row in table.rows if row.region_id == region.pk)
    assert (row.disciplines_contracting, row.disciplines_mandated) == (12, 10)
    assert national_totals(table).regions_all_mandated == 1


def test_region_admins_record_the_population_and_municipalities_the_home_counts_with(client, world):
    for neighbourhood in (world.neighbourhood, world.other_neighbourhood_same_region):
        for code in ALLIANCE:
            f.AllianceContactFactory(neighbourhood=neighbourhood, discipline=f.discipline(code))
    code = world.region.code
    url = reverse("staff:development_facts", args=[code])
    client.force_login(world.admin)

    refused = client.post(url, {"population": "-5", "municipalities": "Houten"})
    assert refused.status_code == 200 and refused.context["form"].errors["population"]
    world.region.refresh_from_db()
    assert world.region.population is None and world.region.municipalities == []

    response = client.post(
        url, {"population": "60000", "municipalities": " Houten, Utrecht ,Houten,"}
    )
    assert response.status_code == 302
    world.region.refresh_from_db()
    assert world.region.population == 60_000
    assert world.region.municipalities == ["Houten", "Utrecht"]
    (recorded,) = Events.objects.tracks(world.region).filter(pgh_diff__has_key="population")
    assert recorded.pgh_diff["population"] == [None, 60_000]
    assert recorded.pgh_context["user"] == world.admin.pk

    home = client.get(reverse("staff:region_home", args=[code])).text
    assert "30.000 inwoners wonen in een wijk die nog niet is ingedeeld." in home
    assert "50%" in home  # 30,000 of 60,000 in complete alliances
    development = client.get(reverse("staff:development", args=[code])).text
    assert "De regio telt 60.000 inwoners" in development and "Houten, Utrecht" in development
