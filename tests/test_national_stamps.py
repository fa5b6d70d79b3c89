"""The national figures are kept between requests only while nothing they read has changed: the
database raises a change stamp on every write to those tables, and any change shows at once."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements.models import AgreementVersion, Review, ReviewDecision, Signature
from mandates.services import revoke_mandate
from national.services import compute_overview, figures_stamps, national_overview
from regions.models import IndicatorKind, RegionIndicator, RoadmapYear

from . import factories as f
from .test_national_attention import healthy_region, roadmap  # noqa: F401 (autouse: this year expects the organisatiefase)
from .test_national_queries import regions_with_data

pytestmark = pytest.mark.django_db


def stamped_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT event_object_table FROM information_schema.triggers "
            "WHERE trigger_name LIKE 'national_stamp_%%'"
        )
        return {table for (table,) in cursor.fetchall()}


def test_the_figures_read_only_tables_that_raise_the_stamps():
    """A new figure reading a table without the triggers would be kept after that table
    changed: add the table to a migration like national 0003_figures_stamps."""
    regions_with_data(2)
    with CaptureQueriesContext(connection) as queries:
        compute_overview(timezone.localdate())
    read = {
        table
        for query in queries.captured_queries
        for table in re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"])
    }
    assert "mandates_mandate" in read
    assert read - stamped_tables() == set()


def every_stamped_table_with_a_row() -> dict:
    """A row in each stamped table; returns how to add one more to the tables whose rows are
    frozen once written (versions, reviews, signatures)."""
    region = regions_with_data(1)[0]
    agreement = region.agreements.get()
    f.CoveredDisciplineFactory(agreement=agreement)
    f.TargetFactory(agreement=agreement)
    insurer = f.OrganisationFactory(insurer=True)
    insurer.regions.add(region)
    region.preferred_insurers.add(insurer)
    RegionIndicator.objects.create(
        region=region, kind=IndicatorKind.SHARE_75_PLUS, year=2025, value=1
    )
    user = f.UserFactory()

    def version():
        number = agreement.versions.count() + 1
        return AgreementVersion.objects.create(
            agreement=agreement, number=number, snapshot={}, submitted_by=user
        )

    def review():
        Review.objects.create(
            agreement=agreement,
            version=version(),
            insurer=insurer,
            reviewer=user,
            decision=ReviewDecision.values[0],
            by_lead_insurer=True,
        )

    def signature():
        Signature.objects.create(
            agreement=agreement,
            version=version(),
            party=agreement.parties.first(),
            signatory="Getekend",
            signed_on=timezone.localdate(),
            recorded_by=user,
        )

    review()
    signature()
    return {
        "agreements_agreementversion": version,
        "agreements_review": review,
        "agreements_signature": signature,
    }


def test_a_change_to_any_table_the_figures_read_changes_the_stamps():
    frozen = every_stamped_table_with_a_row()
    tables = stamped_tables()
    assert len(tables) >= 21
    for table in sorted(tables):
        before = figures_stamps()
        if table in frozen:
            frozen[table]()
        else:
            with connection.cursor() as cursor:
                cursor.execute(
                    f'UPDATE "{table}" SET id = id WHERE id = (SELECT min(id) FROM "{table}")'
                )
                assert cursor.rowcount == 1, table
        assert figures_stamps() != before, table


def test_a_truncate_changes_the_stamps():
    regions_with_data(1)
    before = figures_stamps()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE national_nationalsnapshot")
    after = figures_stamps()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE regions_regionindicator")  # a table of regions
    assert len({before, after, figures_stamps()}) == 3


def test_stamps_never_come_back_to_a_state_rolled_back():
    """Figures kept for a change that was rolled back are never taken for another change."""
    region = f.RegionFactory()
    before = figures_stamps()
    with pytest.raises(RuntimeError), transaction.atomic():
        f.NeighbourhoodFactory(region=region)
        rolled_back = figures_stamps()
        raise RuntimeError
    assert figures_stamps() == before
    f.BottleneckFactory(neighbourhood=f.NeighbourhoodFactory(region=region))
    assert figures_stamps() not in {before, rolled_back}


def test_the_overview_is_kept_until_something_it_reads_changes():
    regions_with_data(1)
    today = timezone.localdate()
    first = national_overview(today)
    assert national_overview(today) is first
    RoadmapYear.objects.create(year=today.year + 30, expected_phase="deepening")
    assert national_overview(today) is not first


def test_a_revoked_mandate_shows_on_the_page_at_once(client):
    region, _neighbourhood = healthy_region(name="Regio Fictief Gezond")
    client.force_login(f.UserFactory(national=True))
    url = reverse("national:dashboard")
    assert client.get(url).context["attention"]["count"] == 0
    assert client.get(url).context["attention"]["count"] == 0  # from the kept figures

    mandate = region.mandates.get(discipline__code="gp")
    revoke_mandate(f.UserFactory(), mandate, on=timezone.localdate(), reason="Vertrokken")
    response = client.get(url)

    assert [name for _link, name, _reasons in response.context["attention"]["regions"]] == [
        "Regio Fictief Gezond"
    ]
    assert f"geen mandaat voor contractering: {mandate.discipline.name}" in response.text


def test_the_kept_figures_follow_the_language_and_the_thresholds(client, settings):
    healthy_region(name="Regio Fictief Gezond")
    client.force_login(f.UserFactory(national=True))
    url = reverse("national:dashboard")
    assert client.get(url).context["attention"]["count"] == 0

    settings.NATIONAL_COVERAGE_THRESHOLD = 1.5
    response = client.get(url)
    assert response.context["attention"]["count"] == 1
    assert "dekking 100% (drempel 150%)" in response.text

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "coverage 100% (threshold 150%)" in client.get(url).text
