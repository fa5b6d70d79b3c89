"""Three budget years in one save: "Regel toevoegen" adds rows in the page with JavaScript, and
asks the server for them without; at 1280 and 1440 px."""

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement
from regions.tenancy import Role

from .. import factories as f
from .conftest import log_in

BUDGET = [
    ("2026", "S2 – multidisciplinaire zorg en O&I", "100000"),
    ("2027", "S2 – multidisciplinaire zorg en O&I", "110000"),
    ("2027", "S3 – innovatie en contractafspraken", "25000"),
]


@pytest.fixture
def editor(disciplines):
    region = f.RegionFactory(code="utrecht-west", name="Regio Fictief Utrecht-West")
    insurer = f.OrganisationFactory(insurer=True, name="Zorgverzekeraar Fictief", regions=[region])
    region.lead_insurer = insurer
    region.save()
    return f.MembershipFactory(region=region, role=Role.EDITOR, user__username="eva").user


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def javascript(request):
    return request.param


@pytest.fixture(params=[1280, 1440], ids=["1280px", "1440px"])
def page(request, browser, live_server, javascript):
    context = browser.new_context(
        viewport={"width": request.param, "height": 900},
        locale="nl-NL",
        base_url=live_server.url,
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_three_budget_years_in_one_save(page, editor, javascript):
    log_in(page, editor, f.TEST_PASSWORD)
    page.goto("/regio/utrecht-west/afspraken/nieuw/")
    page.get_by_label("Kenmerk:", exact=True).fill("UTW-OI-2026")
    page.get_by_label("Titel").fill("O&I Utrecht-West 2026-2027")
    page.get_by_label("Soort:").select_option(label="organisatie en infrastructuur (O&I)")
    page.get_by_label("Inkoopmodel:").select_option(label="gelijkgericht op inhoud")
    page.get_by_label("Looptijd vanaf").fill("2026-01-01")
    page.get_by_label("Looptijd tot en met").fill("2027-12-31")

    add_row = page.get_by_role("button", name="Regel toevoegen – Budget per jaar")
    requests = []
    page.on("request", lambda request: requests.append(request.method))
    for _ in range(2):
        add_row.click()
        page.wait_for_load_state()
    assert ("POST" in requests) is not javascript  # in the page with JavaScript, else a round trip
    if javascript:
        expect(page.get_by_label("Jaar (regel 3)")).to_be_focused()

    for number, (year, segment, amount) in enumerate(BUDGET, start=1):
        page.get_by_label(f"Jaar (regel {number})").fill(year)
        page.get_by_label(f"Segment (regel {number})").select_option(label=segment)
        page.get_by_label(f"Bedrag (EUR) (regel {number})").fill(amount)
    expect(page.get_by_label("Jaar (regel 4)")).to_have_count(0)
    page.get_by_role("button", name="Concept opslaan").click()

    expect(page.get_by_role("heading", name="O&I Utrecht-West 2026-2027")).to_be_visible()
    for text in ("€\xa0100.000,00", "€\xa0110.000,00", "€\xa025.000,00"):
        expect(page.locator("tbody").get_by_role("cell", name=text, exact=True)).to_be_visible()
    agreement = Agreement.objects.get(reference="UTW-OI-2026")
    assert sorted(agreement.budget_lines.values_list("year", "segment")) == [
        (2026, "S2"),
        (2027, "S2"),
        (2027, "S3"),
    ]
