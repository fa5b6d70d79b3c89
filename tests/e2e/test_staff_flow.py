"""The staff flow of the issue, in a real browser: from login to a frozen agreement version."""

import re

import pytest
from guardian.shortcuts import assign_perm
from playwright.sync_api import expect

from neighbourhoods.models import COORDINATE_PERMISSION
from regions.tenancy import Role

from .. import factories as f
from .conftest import log_in


@pytest.fixture
def region_setup(disciplines):
    region = f.RegionFactory(code="utrecht-west", name="Regio Fictief Utrecht-West")
    insurer = f.OrganisationFactory(insurer=True, name="Zorgverzekeraar Fictief", regions=[region])
    region.lead_insurer = insurer
    region.save()
    for code in ("gp", "pharmacy"):
        f.OrganisationFactory(
            mono=True,
            name=f"Fictieve organisatie {code}",
            discipline=f.discipline(code),
            regions=[region],
        )
    existing = f.NeighbourhoodFactory(region=region, name="Lombok", population=15_000)
    return region, existing


def member(region, role, username):
    return f.MembershipFactory(region=region, role=role, user__username=username).user


def choose(page, label, option):
    page.get_by_label(label, exact=True).select_option(label=option)


def test_regional_staff_from_neighbourhood_to_frozen_agreement_version(page, region_setup):
    region, _existing = region_setup
    editor = member(region, Role.EDITOR, "eva")
    log_in(page, editor, f.TEST_PASSWORD)
    expect(page).to_have_url(re.compile(r"/regio/utrecht-west/$"))
    coverage = page.locator("#coverage-chart-title")
    expect(coverage).to_contain_text("0%")

    # a neighbourhood, and contacts until its alliance is complete
    page.get_by_role("link", name="Wijken", exact=True).click()
    page.get_by_role("link", name="Wijk toevoegen").click()
    page.get_by_label("Naam").fill("Kanaleneiland")
    page.get_by_label("Gemeente").fill("Utrecht")
    page.get_by_label("Inwoners").fill("15000")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Kanaleneiland")).to_be_visible()
    for discipline, name in [
        ("huisartsenzorg", "Anna Huisarts"),
        ("wijkverpleging", "Bert Wijkverpleging"),
        ("apotheek", "Carla Apotheek"),
        ("sociaal domein (sociaal werk)", "Dirk Sociaal"),
    ]:
        expect(page.get_by_text("niet compleet")).to_be_visible()
        page.get_by_role("link", name="Contactpersoon toevoegen").click()
        choose(page, "Discipline:", discipline)
        page.get_by_label("Naam").fill(name)
        page.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_role("cell", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Hecht wijkverband")).to_contain_text("compleet")
    expect(page.get_by_text("niet compleet")).to_have_count(0)

    page.get_by_role("link", name="Overzicht", exact=True).click()
    expect(coverage).to_contain_text("50%")

    # a mandate for GP care only
    page.get_by_role("link", name="Mandaten").click()
    add_mandate(page, "huisartsenzorg", "Fictieve organisatie gp", "Dr. Gemandateerd")

    # an agreement covering GP care and pharmacy
    page.get_by_role("link", name="Afspraken").click()
    page.get_by_role("link", name="Nieuwe afspraak").click()
    page.get_by_label("Kenmerk:", exact=True).fill("UTW-OI-2026")
    page.get_by_label("Titel").fill("O&I Utrecht-West 2026-2027")
    choose(page, "Soort:", "organisatie en infrastructuur (O&I)")
    choose(page, "Inkoopmodel:", "individueel")
    page.get_by_label("Looptijd vanaf").fill("2026-01-01")
    page.get_by_label("Looptijd tot en met").fill("2027-12-31")
    page.get_by_label("huisartsenzorg", exact=True).check()
    page.get_by_label("apotheek", exact=True).check()
    page.get_by_label("Jaar (regel 1)").fill("2026")
    choose(page, "Segment (regel 1)", "S2 – multidisciplinaire zorg en O&I")
    page.get_by_label("Bedrag (EUR) (regel 1)").fill("250000")
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_role("heading", name="O&I Utrecht-West 2026-2027")).to_be_visible()
    expect(page.get_by_text("€\xa0250.000,00").first).to_be_visible()

    # submitting fails while pharmacy lacks a mandate, and says so
    page.get_by_role("button", name="Indienen ter beoordeling").click()
    problems = page.locator("#submit-problems")
    expect(problems).to_contain_text(
        "apotheek: geen mandaat voor contractering met zorgverzekeraars"
    )
    agreement_url = page.url.replace("indienen/", "")

    page.get_by_role("link", name="Mandaten").click()
    add_mandate(page, "apotheek", "Fictieve organisatie pharmacy", "Apotheker Gemandateerd")
    page.goto(agreement_url)
    page.get_by_role("button", name="Indienen ter beoordeling").click()
    expect(page).to_have_url(re.compile(r"/versies/1/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("UTW-OI-2026, versie 1")
    expect(page.get_by_text("bevroren", exact=True)).to_be_visible()
    expect(
        page.get_by_text("2026 · S2 – multidisciplinaire zorg en O&I · €\xa0250.000,00")
    ).to_be_visible()


def add_mandate(page, discipline, organisation, delegate):
    page.get_by_role("link", name="Mandaat toevoegen").click()
    choose(page, "Discipline:", discipline)
    choose(page, "Mandaterende organisatie:", organisation)
    page.get_by_label("Gemandateerde:", exact=True).fill(delegate)
    page.get_by_label("contractering met zorgverzekeraars").check()
    page.get_by_label("Geldig vanaf").fill("2025-01-01")
    page.get_by_label("Zorgverleners achter het mandaat").fill("80")
    page.get_by_label("Zorgverleners van de discipline in de regio").fill("100")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mandaat")


def test_a_coordinator_cannot_open_another_neighbourhood(page, region_setup):
    region, existing = region_setup
    own = f.NeighbourhoodFactory(region=region, name="Oog in Al")
    coordinator = member(region, Role.COORDINATOR, "wim")
    assign_perm(f"neighbourhoods.{COORDINATE_PERMISSION}", coordinator, own)
    log_in(page, coordinator, f.TEST_PASSWORD)
    expect(page.get_by_role("link", name="Oog in Al")).to_be_visible()
    expect(page.get_by_role("link", name="Lombok")).to_have_count(0)
    response = page.goto(f"/regio/{region.code}/wijken/{existing.pk}/")
    assert response.status == 404
    response = page.goto(f"/regio/{region.code}/wijken/{own.pk}/")
    assert response.status == 200
    expect(page.get_by_role("link", name="Contactpersoon toevoegen")).to_be_visible()


def test_a_viewer_cannot_edit(page, region_setup):
    region, existing = region_setup
    viewer = member(region, Role.VIEWER, "lotte")
    log_in(page, viewer, f.TEST_PASSWORD)
    page.get_by_role("link", name="Wijken", exact=True).click()
    expect(page.get_by_role("link", name="Wijk toevoegen")).to_have_count(0)
    page.get_by_role("link", name="Lombok").click()
    expect(page.get_by_role("link", name="Wijk bewerken")).to_have_count(0)
    expect(page.get_by_role("link", name="Contactpersoon toevoegen")).to_have_count(0)
    response = page.goto(f"/regio/{region.code}/wijken/{existing.pk}/bewerken/")
    assert response.status == 403
