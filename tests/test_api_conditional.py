"""Conditional requests (ETag, Last-Modified, 304) and compression of the agreements API."""

import gzip
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from agreements import services
from agreements.models import ReviewDecision, Target

from . import factories as f
from .api_helpers import client_for, token_client

pytestmark = pytest.mark.django_db

LIST = reverse("api:agreement-list")


def detail(agreement):
    return reverse("api:agreement-detail", args=[agreement.pk])


def tag(response) -> str:
    assert response.status_code == 200, response.content[:300]
    return response["ETag"]


def again(client, url, etag, **headers):
    return client.get(url, HTTP_IF_NONE_MATCH=etag, **headers)


@pytest.fixture
def insurer(world):
    return client_for(world, "party_insurer")


def test_an_unchanged_list_is_304_without_a_body(world, insurer):
    first = insurer.get(LIST)
    etag = tag(first)
    assert etag.startswith('"') and first["Cache-Control"] == "private, no-cache"

    response = again(insurer, LIST, etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert again(insurer, LIST, f"W/{etag}").status_code == 304  # weak comparison
    assert again(insurer, LIST, '"iets-anders", ' + etag).status_code == 304
    assert again(insurer, LIST, '"iets-anders"').status_code == 200


def test_a_304_is_answered_from_one_query_without_building_the_page(world, insurer):
    for _ in range(3):
        f.AgreementFactory(region=world.region).parties.create(
            organisation=world.party_insurer, region=world.region
        )
    etag = tag(insurer.get(LIST))
    with CaptureQueriesContext(connection) as queries:
        assert again(insurer, LIST, etag).status_code == 304
    # the token with its user (not the user's other tokens: api.tokens); then the fingerprint,
    # prepared by the first request on this connection (api.prepared) and run again
    token, fingerprint = (q["sql"] for q in queries.captured_queries)
    assert '"accounts_user"' in token and '"knox_authtoken"."token_key" =' in token
    assert re.search(r"(^|; )EXECUTE regio_\d+\(", fingerprint), fingerprint
    assert "PREPARE" not in fingerprint


def test_each_page_and_filter_has_its_own_etag(world, insurer):
    for _ in range(3):
        f.AgreementFactory(region=world.region).parties.create(
            organisation=world.party_insurer, region=world.region
        )
    first = tag(insurer.get(LIST, {"page_size": 2}))
    second = tag(insurer.get(LIST, {"page_size": 2, "page": 2}))
    drafts = tag(insurer.get(LIST, {"page_size": 2, "status": "draft"}))
    assert len({first, second, drafts}) == 3
    assert again(insurer, LIST + "?page_size=2&page=2", first).status_code == 200


def changes(world):
    """Changes that leave the agreement's own row alone but show in its representation; each
    prepares, yields, then changes."""
    agreement = world.agreement

    def new_target():
        yield
        f.TargetFactory(agreement=agreement, name="Nieuw")

    def changed_target():
        target = f.TargetFactory(agreement=agreement, name="Bereik")
        yield
        target.current_value = 12
        target.save()

    def target_updated_in_bulk():
        f.TargetFactory(agreement=agreement, name="Bereik")
        yield
        # QuerySet.update() leaves updated_at alone; the database's change stamp sees it
        Target.objects.filter(agreement=agreement).update(current_value=7)

    def deleted_child():
        f.BudgetLineFactory(agreement=agreement)
        yield
        agreement.budget_lines.all().delete()

    def renamed_party():
        yield
        world.party_insurer.name = "Zorgverzekeraar Hernoemd"
        world.party_insurer.save()

    def renamed_goal():
        goal = f.RegionGoalFactory(region=world.region, title="Elke wijk")
        agreement.goals.create(goal=goal, region=world.region)
        yield
        goal.title = "Elke wijk gedekt"
        goal.save()

    def renamed_region():
        yield
        world.region.name = "Regio Fictief Utrecht-Zuidwest"
        world.region.save()

    return {
        "a target added": new_target,
        "a target's current value": changed_target,
        "a target updated in bulk": target_updated_in_bulk,
        "a budget line deleted": deleted_child,
        "a party renamed": renamed_party,
        "a goal renamed": renamed_goal,
        "the region renamed": renamed_region,
    }


CHANGES = [
    "a target added",
    "a target's current value",
    "a target updated in bulk",
    "a budget line deleted",
    "a party renamed",
    "a goal renamed",
    "the region renamed",
]


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("url", ["list", "detail"])
def test_a_change_of_what_is_shown_answers_200_with_a_new_etag(world, insurer, change, url):
    path = LIST if url == "list" else detail(world.agreement)
    step = changes(world)[change]()
    next(step)
    etag = tag(insurer.get(path))
    assert again(insurer, path, etag).status_code == 304
    next(step, None)

    response = again(insurer, path, etag)

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert again(insurer, path, response["ETag"]).status_code == 304


def test_a_review_and_a_new_version_change_the_etags(world, insurer):
    """Another insurer's review leaves the agreement's row alone; polling sees it all the
    same."""
    agreement = f.AgreementFactory(region=world.region, submitted=True)
    agreement.parties.create(organisation=world.party_insurer, region=world.region)
    etags = {url: tag(insurer.get(url)) for url in (LIST, detail(agreement))}

    services.review(
        world.party_insurer_member, agreement, version=1, decision=ReviewDecision.APPROVE
    )

    for url, etag in etags.items():
        assert again(insurer, url, etag).status_code == 200, url


def test_the_callers_visibility_is_part_of_the_list_etag(world, insurer):
    f.AgreementFactory(region=world.region)  # the region's staff see it, the insurer does not
    staff = client_for(world, "region_staff")
    insurers_etag = tag(insurer.get(LIST))
    assert again(staff, LIST, insurers_etag).status_code == 200

    world.agreement.parties.filter(organisation=world.party_insurer).delete()

    response = again(insurer, LIST, insurers_etag)
    assert response.status_code == 200 and response.json()["count"] == 0


def test_a_page_query_kept_for_the_next_poll_still_follows_scope_and_filters(world, insurer):
    """The list keeps each caller's page query for the same parameters (AgreementViewSet
    .page_fingerprint_query): what the caller may see is still decided at each request, and a
    bad filter stays 400."""
    f.AgreementFactory(region=world.region)  # the insurer is not party to it
    url = f"{LIST}?ordering=-updated_at"
    first = insurer.get(url)
    assert first.json()["count"] == 1
    with CaptureQueriesContext(connection) as queries:
        assert again(insurer, url, first["ETag"]).status_code == 304
    assert len(queries) == 2  # the token; the kept fingerprint query

    party = world.agreement.parties.get(organisation=world.party_insurer)
    party.delete()
    assert insurer.get(url).json()["count"] == 0
    world.agreement.parties.create(organisation=world.party_insurer, region=world.region)
    assert insurer.get(url).json()["count"] == 1
    world.party_insurer_member.is_superuser = True  # a platform admin sees every agreement
    world.party_insurer_member.save(update_fields=["is_superuser"])
    assert insurer.get(url).json()["count"] == 2

    for _ in range(2):
        assert insurer.get(f"{LIST}?status=onbekend").status_code == 400


def test_the_detail_answers_if_modified_since(world, insurer):
    url = detail(world.agreement)
    first = insurer.get(url)
    last_modified = first["Last-Modified"]
    assert insurer.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    earlier = http_date(timezone.now().timestamp() - 86400 * 2)
    assert insurer.get(url, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    # If-None-Match decides when both are sent
    assert again(insurer, url, '"oud"', HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200


def test_a_new_mandate_changes_the_detail_not_the_list(world, insurer):
    f.CoveredDisciplineFactory(agreement=world.agreement)
    gp = f.discipline("gp")
    mandating = f.OrganisationFactory(mono=True, discipline=gp, regions=[world.region])
    list_etag, detail_etag = tag(insurer.get(LIST)), tag(insurer.get(detail(world.agreement)))

    f.MandateFactory(region=world.region, organisation=mandating)

    assert again(insurer, detail(world.agreement), detail_etag).status_code == 200
    assert again(insurer, LIST, list_etag).status_code == 304


def test_the_detail_etag_is_also_the_if_match_of_a_write(world):
    world.agreement.description = "Een lange omschrijving. " * 60
    world.agreement.save()
    staff = client_for(world, "region_staff")
    etag = tag(staff.get(detail(world.agreement), HTTP_ACCEPT_ENCODING="gzip"))
    assert etag.endswith('-gzip"')
    assert again(staff, detail(world.agreement), etag).status_code == 304

    response = staff.patch(
        detail(world.agreement), {"title": "Herzien"}, format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 200, response.content
    assert response["ETag"] != etag
    assert again(staff, detail(world.agreement), response["ETag"]).status_code == 304
    stale = staff.patch(
        detail(world.agreement), {"title": "Nog eens"}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412


# --- compression ---------------------------------------------------------------------------


def big_list(world):
    for number in range(6):
        agreement = f.AgreementFactory(region=world.region, description="Tekst " * 40)
        agreement.parties.create(organisation=world.party_insurer, region=world.region)
        f.TargetFactory(agreement=agreement, name=f"Doel {number}")


def test_json_above_1_kb_is_gzipped_when_accepted(world, insurer):
    big_list(world)
    plain = insurer.get(LIST)
    assert len(plain.content) > 1024 and "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"]

    response = insurer.get(LIST, HTTP_ACCEPT_ENCODING="br, gzip;q=0.8")

    assert response["Content-Encoding"] == "gzip"
    assert int(response["Content-Length"]) == len(response.content) < len(plain.content) / 3
    assert gzip.decompress(response.content) == plain.content
    assert response["ETag"] == plain["ETag"][:-1] + '-gzip"'
    not_modified = again(insurer, LIST, response["ETag"], HTTP_ACCEPT_ENCODING="gzip")
    assert not_modified.status_code == 304 and not_modified["ETag"] == response["ETag"]
    assert again(insurer, LIST, plain["ETag"], HTTP_ACCEPT_ENCODING="gzip").status_code == 304


def test_small_answers_html_and_secrets_are_not_compressed(world, insurer):
    small = insurer.get(reverse("api:region-list"), HTTP_ACCEPT_ENCODING="gzip")
    assert len(small.content) < 1024 and "Content-Encoding" not in small
    big_list(world)
    html = insurer.get(LIST, HTTP_ACCEPT="text/html", HTTP_ACCEPT_ENCODING="gzip")
    assert html["Content-Type"].startswith("text/html") and "Content-Encoding" not in html
    token = token_client(None).post(
        reverse("api:token"),
        {"username": world.party_insurer_member.username, "password": f.TEST_PASSWORD},
        format="json",
        HTTP_ACCEPT_ENCODING="gzip",
    )
    assert token.status_code == 201 and "Content-Encoding" not in token
    assert token.carries_secret
