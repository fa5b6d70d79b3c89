"""At desktop widths every page puts its content in the full width beside (or without) the side
menu, and no control sticks out of the box it sits in: staff pages (every staff URL of
tests/staff_pages.py), the national pages, the login and password pages, the landing choice and
the error pages, the spreadsheet, two-factor and session pages."""

import pytest
from django.urls import reverse

from regions.tenancy import Role

from .. import factories as f
from ..otp_helpers import authenticator
from ..staff_pages import staff_objects, staff_urls
from .conftest import log_in
from .desktop import WIDTHS, desktop_page

MAIN_SHARE = 0.6

# Per control (input, select, button, textarea) that is shown: the first box around it that it
# sticks out of, up to the nearest box that scrolls sideways (a wide table may scroll in its
# frame); and whether the page itself scrolls sideways.
MEASURE = """() => {
  const describe = (element) => element.tagName.toLowerCase()
    + (element.id ? '#' + element.id : '')
    + (element.name ? '[name=' + element.name + ']' : '')
    + (element.className && typeof element.className === 'string'
       ? '.' + element.className.trim().split(/\\s+/).join('.') : '');
  const problems = [];
  const controls = document.querySelectorAll(
    'main input, main select, main button, main textarea');
  for (const control of controls) {
    const box = control.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    for (let outer = control.parentElement; outer !== document.body; outer = outer.parentElement) {
      const style = getComputedStyle(outer);
      if (style.display === 'inline' || style.display === 'contents') continue;
      const frame = outer.getBoundingClientRect();
      const over = Math.max(box.right - frame.right, frame.left - box.left);
      if (over > 1) {
        problems.push(describe(control) + ' sticks out of ' + describe(outer)
          + ' by ' + Math.round(over) + ' px');
        break;
      }
      if (['auto', 'scroll', 'hidden'].includes(style.overflowX)) break;
    }
  }
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    problems.push('the page scrolls sideways: ' + root.scrollWidth + ' px in ' + root.clientWidth);
  }
  return {
    main: document.querySelector('main').getBoundingClientRect().width,
    viewport: root.clientWidth,
    problems,
  };
}"""


def layout_problems(page, url, status=200) -> list[str]:
    response = page.goto(url)
    assert response.status == status, url
    measured = page.evaluate(MEASURE)
    problems = list(measured["problems"])
    if measured["main"] < MAIN_SHARE * measured["viewport"]:
        problems.append(f"main is {measured['main']:.0f} px of {measured['viewport']} px")
    return [f"{url}: {problem}" for problem in problems]


@pytest.fixture
def pages(disciplines, world):
    """Per who logs in: the pages they see (and the status each answers with)."""
    objects = staff_objects(world)
    region = world.region
    national_user = f.UserFactory(national=True)
    return {
        None: [
            (reverse("login"), 200),
            (reverse("password_reset"), 200),
            ("/bestaat-niet/", 404),
        ],
        world.admin: [
            *(
                (staff_url.url, 200)
                for staff_url in staff_urls(world, objects)
                if staff_url.method == "get"
            ),
            (reverse("password_change"), 200),
            (reverse("national:dashboard"), 200),
            (reverse("national:kpis"), 200),
            (reverse("spreadsheets:overview", args=[region.code]), 200),
            (reverse("otp_setup"), 200),
            (reverse("session_list"), 200),
        ],
        world.viewer: [(reverse("staff:mandate_create", args=[region.code]), 403)],
        world.coordinator: [
            (reverse("staff:neighbourhood_detail", args=[region.code, world.neighbourhood.pk]), 200)
        ],
        national_user: [
            (reverse("national:dashboard"), 200),
            (reverse("national:kpis"), 200),
            (reverse("national:region", args=[region.code]), 200),
        ],
        f.MembershipFactory(region=region, role=Role.EDITOR, user__national=True).user: [
            (reverse("home"), 200)
        ],
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_uses_the_width_and_no_control_sticks_out(browser, live_server, pages, width):
    found = []
    for user, urls in pages.items():
        with desktop_page(browser, live_server, width) as page:
            if user is not None:
                log_in(page, user, f.TEST_PASSWORD)
            for url, status in urls:
                found += layout_problems(page, url, status)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_login_box_and_its_fields_are_wide_enough_to_type_in(
    browser, live_server, disciplines, width
):
    with desktop_page(browser, live_server, width) as page:
        page.goto(reverse("login"))
        box = page.locator("main form").bounding_box()
        field = page.get_by_label("Gebruikersnaam").bounding_box()
    assert box["width"] >= 400
    assert field["width"] >= 0.8 * box["width"] - 50


@pytest.mark.parametrize("width", WIDTHS)
def test_the_code_page_of_the_second_step_uses_the_width(browser, live_server, world, width):
    authenticator(world.admin)  # a region admin signs in with a second factor
    with desktop_page(browser, live_server, width) as page:
        page.goto(reverse("login"))
        page.get_by_label("Gebruikersnaam").fill(world.admin.username)
        page.get_by_label("Wachtwoord").fill(f.TEST_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()
        assert page.url.endswith(reverse("otp_verify")) or "/account/code/" in page.url
        assert layout_problems(page, reverse("otp_verify")) == []
