import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import AgreementStatus
from neighbourhoods import services as neighbourhood_services
from regions.models import Phase, RegionTask, TaskStatus
from regions.tenancy import Role

from . import factories as f
from .test_auth import log_in
from .test_neighbourhood_services import complete

pytestmark = pytest.mark.django_db


def home_url(world):
    return reverse("staff:region_home", args=[world.region.code])


def fill_region(world, size):
    """``size`` neighbourhoods (every other one complete), mandates, agreements, bottlenecks."""
    today = timezone.localdate()
    for index in range(size):
        hood = f.NeighbourhoodFactory(region=world.region, population=10_000 + index)
        complete(hood, except_for=("pharmacy",) if index % 2 else ())
        f.BottleneckFactory(neighbourhood=hood, escalated_at=timezone.now())
        f.MandateFactory(
            region=world.region,
            valid_from=today - datetime.timedelta(days=30),
            valid_until=today + datetime.timedelta(days=10 + index),
        )
        f.AgreementFactory(region=world.region, status=AgreementStatus.ACTIVE)


def test_login_lands_on_the_users_only_region(client, world):
    response = log_in(client, world.editor.username, f.TEST_PASSWORD)
    assert response.url == reverse("home")
    assert client.get(reverse("home")).url == home_url(world)


def test_someone_in_several_regions_chooses_one(client, world):
    f.MembershipFactory(user=world.editor, region=world.other_region, role=Role.VIEWER)
    client.force_login(world.editor)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert home_url(world) in response.text
    assert reverse("staff:region_home", args=[world.other_region.code]) in response.text


def test_someone_without_a_region_is_told_so(client, world):
    client.force_login(world.party_insurer_member)
    assert "aan geen regio gekoppeld" in client.get(reverse("home")).text


def test_region_home_shows_phase_tasks_and_the_figures_with_links(client, world):
    RegionTask.objects.create(region=world.region, task=4, status=TaskStatus.IN_PLACE)
    complete(world.neighbourhood)  # 15,000 of 30,000 inhabitants covered
    complete(world.other_neighbourhood_same_region, except_for=("social_domain",))
    today = timezone.localdate()
    expiring = f.MandateFactory(
        region=world.region,
        delegate_name="Verloopt Binnenkort",
        valid_from=today - datetime.timedelta(days=10),
        valid_until=today + datetime.timedelta(days=30),
    )
    f.MandateFactory(region=world.region, delegate_name="Nog Lang Geldig", valid_until=None)
    bottleneck = f.BottleneckFactory(neighbourhood=world.neighbourhood, description="Opgeschaald")
    neighbourhood_services.escalate_bottleneck(world.editor, bottleneck)
    f.BottleneckFactory(neighbourhood=world.neighbourhood, description="Alleen lokaal")
    client.force_login(world.viewer)
    text = client.get(home_url(world)).text
    code = world.region.code
    assert "netwerkfase" in text and "ingericht" in text
    assert text.count('<span class="badge badge--not_started">') == 4
    assert "50%" in text  # the coverage chart
    assert 'stroke-dasharray="125.66 251.33"' in text  # half of the ring
    assert "Lombok</a></td><td>sociaal domein (sociaal werk)" in text
    assert "Verloopt Binnenkort" in text and "Nog Lang Geldig" not in text
    assert reverse("staff:mandate_detail", args=[code, expiring.pk]) in text
    assert f'href="/regio/{code}/mandaten/?status=expiring">1</a>' in text
    assert f'href="/regio/{code}/knelpunten/?opgeschaald=ja&amp;open=ja">1</a>' in text
    assert f'href="/regio/{code}/wijken/?compleet=nee">1</a>' in text
    assert f'href="/regio/{code}/afspraken/?status=draft">Concept</a>' in text


def test_region_home_takes_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    """Session, user, region (with its lead insurer and the user's role), task statuses,
    coverage, neighbourhoods and their active core contacts (2), core disciplines, expiring
    mandates, agreements per status, open escalated bottlenecks, the progress reports due (one:
    targets of running agreements with their measurement dates), the timeline of phase and
    main-task changes, the national roadmap, and the documents panel (its documents, the
    fingerprints of their data): 16, whatever the size."""
    world.region.lead_insurer = world.party_insurer  # shown on the page, joined to the region
    world.region.save()
    client.force_login(world.editor)
    fill_region(world, 2)
    with django_assert_num_queries(16):
        small = client.get(home_url(world))
    fill_region(world, 12)
    with django_assert_num_queries(16):
        large = client.get(home_url(world))
    expiring = f"/regio/{world.region.code}/mandaten/?status=expiring"
    assert f'{expiring}">2</a>' in small.text
    assert f'{expiring}">14</a>' in large.text


def test_a_coordinator_is_taken_to_their_neighbourhoods(client, world):
    client.force_login(world.coordinator)
    response = client.get(home_url(world))
    assert response.url == reverse("staff:neighbourhood_list", args=[world.region.code])
    listing = client.get(response.url).text
    assert world.neighbourhood.name in listing
    assert world.other_neighbourhood_same_region.name not in listing


def test_region_home_marks_a_region_behind_the_roadmap(client, world):
    """The roadmap's migration expects the organisatiefase from 2026 and the verdiepingsfase
    from 2027; a region still in the netwerkfase is behind in any of those years."""
    world.region.phase = Phase.NETWORK
    world.region.save()
    client.force_login(world.editor)
    behind = client.get(home_url(world)).text
    world.region.phase = Phase.DEEPENING
    world.region.save()
    on_track = client.get(home_url(world)).text

    assert "achter op de routekaart" in behind
    assert "achter op de routekaart" not in on_track
