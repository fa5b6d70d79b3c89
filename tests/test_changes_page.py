"""The region's change history for its admins (issue 16, item 5): who, when, what in Dutch,
filtered by kind, person and period, paged with a fixed number of queries, as CSV; only the
region's own rows, only for its admins (and platform admins, in every region)."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mandates.services import create_mandate
from neighbourhoods import services
from regions.tenancy import Role

from . import factories as f
from .tenancy import assert_url_not_found

pytestmark = pytest.mark.django_db


def url(region, **query):
    base = reverse("staff:changes", args=[region.code])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def changed(world):
    """The editor changes a neighbourhood, adds a contact and changes it; the admin adds a
    mandate; an editor of another region changes a neighbourhood there."""
    hood = world.neighbourhood
    services.update_neighbourhood(world.editor, hood, token=hood.edit_token, population=16_500)
    contact = services.add_contact(
        world.editor, hood, discipline=f.discipline("gp"), name="Huisarts Fictief"
    )
    services.update_contact(
        world.editor,
        contact,
        token=contact.edit_token,
        role="=HYPERLINK(1)",
        discipline=f.discipline("pharmacy"),
    )
    mandate = f.MandateFactory.build(region=world.region)
    create_mandate(
        world.admin,
        world.region,
        discipline=mandate.discipline,
        organisation=f.OrganisationFactory(
            mono=True, discipline=mandate.discipline, regions=[world.region]
        ),
        delegate_name="Gemandateerde Wijzigingen",
        scope=mandate.scope,
        valid_from=mandate.valid_from,
        valid_until=mandate.valid_until,
        backing_practitioners=10,
        discipline_practitioners=20,
    )
    elsewhere = f.NeighbourhoodFactory(region=world.other_region, name="Elders Fictief")
    services.update_neighbourhood(
        world.other_region_editor, elsewhere, token=elsewhere.edit_token, population=17_000
    )
    return hood


def test_the_admin_reads_who_changed_what_in_dutch(client, world, changed):
    client.force_login(world.admin)
    response = client.get(url(world.region))

    assert response.status_code == 200
    text = response.text
    assert 'Inwoners: <span class="diff-removed">15.000</span> → ' in text
    assert '<span class="diff-added">16.500</span>' in text
    assert world.editor.username in text or world.editor.get_full_name() in text
    assert reverse("staff:neighbourhood_detail", args=[world.region.code, changed.pk]) in text
    assert "Gemandateerde Wijzigingen" in text and "aangemaakt" in text
    assert "Elders Fictief" not in text and "17.000" not in text


def test_filters_by_kind_person_and_period(client, world, changed):
    client.force_login(world.admin)

    mandates_only = client.get(url(world.region, kind="mandates.Mandate")).text
    assert "Gemandateerde Wijzigingen" in mandates_only and "16.500" not in mandates_only
    by_editor = client.get(url(world.region, person=world.editor.pk)).text
    assert "16.500" in by_editor and "Gemandateerde Wijzigingen" not in by_editor
    # The events carry the database's clock (a run under faketime moves only Python's).
    with connection.cursor() as cursor:
        cursor.execute("SELECT (now() AT TIME ZONE %s)::date", [settings.TIME_ZONE])
        (today,) = cursor.fetchone()
    yesterday = today - datetime.timedelta(days=1)
    before = client.get(url(world.region, until=yesterday.isoformat())).text
    assert "Geen wijzigingen gevonden." in before
    assert "16.500" in client.get(url(world.region, since=today.isoformat())).text


def test_csv_export_neutralises_formulas(client, world, changed):
    client.force_login(world.admin)
    response = client.get(url(world.region, formaat="csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Wanneer;Wie;Soort;Wat;Wijziging;Veld;Was;Wordt"
    assert "Inwoners;15.000;16.500" in text
    assert "Discipline;huisartsenzorg;apotheek" in text
    assert ";'=HYPERLINK(1)" in text
    assert ";=" not in text and ";+" not in text and ";@" not in text
    assert "Elders Fictief" not in text


def page_queries(client, region) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(region)).status_code == 200
    return len(queries)


def test_a_page_costs_a_fixed_number_of_queries_and_is_paged(client, world, changed):
    client.force_login(world.admin)
    page_queries(client, world.region)  # the session's first use
    few = page_queries(client, world.region)
    for _ in range(20):
        contact = f.AllianceContactFactory(neighbourhood=world.neighbourhood)
        services.update_contact(
            world.editor, contact, token=contact.edit_token, discipline=f.discipline("pharmacy")
        )
        f.MembershipFactory(region=world.region)  # named by its person: one query for them all
    assert page_queries(client, world.region) == few == 9
    second = client.get(url(world.region, pagina=2)).text
    assert "Pagina 2 van 2" in second


def test_only_admins_of_the_region_and_platform_admins(client, world, changed):
    other_admin = f.MembershipFactory(region=world.other_region, role=Role.ADMIN).user
    assert_url_not_found(client, url(world.region), other_admin, *world.outsiders.values())
    for user in (world.viewer, world.editor, world.coordinator):
        client.force_login(user)
        assert client.get(url(world.region)).status_code == 403
    client.force_login(world.platform_admin)
    assert "16.500" in client.get(url(world.region)).text
    assert "17.000" in client.get(url(world.other_region)).text
