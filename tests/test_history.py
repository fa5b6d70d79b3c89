"""Change history: who, when, what changed and from which request (pghistory triggers + context).

The triggers record every write to a tracked table, however it was made; the middleware and
``acting_as`` attach the author. Note that pghistory sets its context with ``set_config(...,
true)``, which lasts until the end of the transaction; every test here runs in its own
(rolled-back) transaction, so contexts never leak from one test into another.
"""

import datetime
import re
import uuid

import pytest
from django.db import connection
from django.urls import reverse
from pghistory import config as pghistory_config
from pghistory.models import Context, Events, MiddlewareEvents

from config.history import REQUEST_ID_HEADER, acting_as, describe_changes
from mandates.models import Mandate
from regions.tenancy import Role

from . import factories as f

pytestmark = pytest.mark.django_db

MandateEvent = Mandate.pgh_event_model


def update_events(mandate):
    return MandateEvent.objects.filter(pgh_obj=mandate, pgh_label="update").select_related(
        "pgh_context"
    )


def last_diff(mandate):
    return Events.objects.tracks(mandate).order_by("-pgh_id").first().pgh_diff


@pytest.fixture
def mandate():
    return f.MandateFactory(delegate_name="A. Oud", today=datetime.date(2026, 11, 27))


@pytest.fixture
def user(client):
    user = f.UserFactory()
    client.force_login(user)
    return user


@pytest.mark.urls("tests.history_urls")
class TestInARequest:
    def post(self, client, mandate, **headers):
        return client.post(
            reverse("mandate-delegate", args=[mandate.pk]),
            {"delegate_name": "B. Nieuw"},
            headers=headers,
        )

    def test_queryset_update_is_recorded_with_author_url_method_and_request_id(
        self, client, user, mandate
    ):
        response = self.post(client, mandate, **{REQUEST_ID_HEADER: "req-42.a_b"})

        assert response.status_code == 204
        assert response[REQUEST_ID_HEADER] == "req-42.a_b"
        (event,) = update_events(mandate)
        assert event.delegate_name == "B. Nieuw"
        assert event.pgh_context.metadata == {
            "user": user.pk,
            "url": f"/mandates/{mandate.pk}/delegate/",
            "method": "POST",
            "request_id": "req-42.a_b",
        }
        assert last_diff(mandate) == {"delegate_name": ["A. Oud", "B. Nieuw"]}

        # The aggregated view the admin shows reads the same context.
        shown = MiddlewareEvents.objects.tracks(mandate).get(pgh_label="update")
        assert shown.user_id == user.pk
        assert shown.url == f"/mandates/{mandate.pk}/delegate/"
        assert shown.pgh_context["request_id"] == "req-42.a_b"

    @pytest.mark.parametrize(
        "incoming",
        [None, "", "x" * 65, "kwaad; DROP TABLE", "spatie erin", "ü-niet-ascii"],
        ids=["absent", "empty", "too-long", "semicolon", "space", "non-ascii"],
    )
    def test_a_missing_or_odd_request_id_is_replaced_by_a_fresh_one(
        self, client, user, mandate, incoming
    ):
        headers = {} if incoming is None else {REQUEST_ID_HEADER: incoming}

        response = self.post(client, mandate, **headers)

        request_id = response[REQUEST_ID_HEADER]
        assert request_id != incoming
        assert uuid.UUID(hex=request_id).hex == request_id
        (event,) = update_events(mandate)
        assert event.pgh_context.metadata["request_id"] == request_id

    def test_a_request_id_of_64_characters_is_kept(self, client, user, mandate):
        response = self.post(client, mandate, **{REQUEST_ID_HEADER: "a" * 64})

        assert response[REQUEST_ID_HEADER] == "a" * 64

    def test_each_request_gets_its_own_context(self, client, user, mandate):
        first = self.post(client, mandate)[REQUEST_ID_HEADER]
        client.post(reverse("mandate-delegate", args=[mandate.pk]), {"delegate_name": "C. Derde"})

        contexts = [event.pgh_context for event in update_events(mandate).order_by("pgh_id")]
        assert len(contexts) == 2
        assert contexts[0].pk != contexts[1].pk
        assert contexts[0].metadata["request_id"] == first
        assert contexts[1].metadata["request_id"] != first

    def test_a_read_only_get_writes_no_context_row(self, client, user, mandate):
        # GET is among the methods the middleware opens a context for (pghistory's default) ...
        assert "GET" in pghistory_config.middleware_methods()

        response = client.get(reverse("mandate-delegate", args=[mandate.pk]))

        # ... but a context row is only written by a trigger, so a read leaves nothing behind.
        assert response.status_code == 200
        assert response.content.decode() == "A. Oud"
        assert response[REQUEST_ID_HEADER]
        assert not Context.objects.exists()
        assert not update_events(mandate).exists()


class TestOutsideARequest:
    def test_bulk_create_is_recorded_without_an_author(self):
        region = f.RegionFactory()
        organisation = f.OrganisationFactory(mono=True)
        mandates = Mandate.objects.bulk_create(
            [f.MandateFactory.build(region=region, organisation=organisation) for _ in range(3)]
        )

        events = MandateEvent.objects.filter(pgh_obj__in=mandates, pgh_label="insert")
        assert events.count() == 3
        assert {event.pgh_context_id for event in events} == {None}

    def test_raw_sql_update_is_recorded_without_an_author(self, mandate):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE mandates_mandate SET delegate_name = %s WHERE id = %s",
                ["D. Rauw", mandate.pk],
            )

        (event,) = update_events(mandate)
        assert event.pgh_context is None
        assert last_diff(mandate) == {"delegate_name": ["A. Oud", "D. Rauw"]}

    def test_acting_as_attributes_changes_to_the_user(self, mandate):
        user = f.UserFactory()

        with acting_as(user, command="import_mandates"):
            Mandate.objects.filter(pk=mandate.pk).update(delegate_name="E. Taak")

        (event,) = update_events(mandate)
        assert event.pgh_context.metadata == {"user": user.pk, "command": "import_mandates"}
        assert last_diff(mandate) == {"delegate_name": ["A. Oud", "E. Taak"]}
        assert MiddlewareEvents.objects.tracks(mandate).get(pgh_label="update").user_id == user.pk

    def test_acting_as_records_deletes_too(self, mandate):
        user = f.UserFactory()
        pk = mandate.pk

        with acting_as(user):
            mandate.delete()

        event = MandateEvent.objects.get(pgh_obj_id=pk, pgh_label="delete")
        assert event.pgh_context.metadata == {"user": user.pk}


class TestShownToPeople:
    """Every view of the history names fields by their Dutch label and shows values as the
    pages do: dates as "27 november 2026", numbers as "1.200", choices and rows by name."""

    @pytest.fixture
    def changed(self, mandate):
        mandate.delegate_email = "nieuw@example.test"
        mandate.scope = ["contracting", "acute_care"]
        mandate.discipline_practitioners = 1200
        mandate.revoked_on = datetime.date(2026, 11, 27)
        mandate.revocation_reason = "Opgeheven"
        with acting_as(None):
            mandate.save()
        return mandate

    EXPECTED = [
        "E-mailadres gemandateerde: – → nieuw@example.test",
        "Reikwijdte: contractering met zorgverzekeraars, regiobeeld en regioplan → "
        "contractering met zorgverzekeraars, ROAZ en acute zorg",
        "Zorgverleners van de discipline in de regio: 100 → 1.200",
        "Ingetrokken op: – → 27 november 2026",
    ]

    def test_describe_changes(self, changed):
        event = MiddlewareEvents.objects.tracks(changed).get(pgh_label="update")
        shown = [
            f"{c.label}: {c.before} → {c.after}" for c in describe_changes(Mandate, event.pgh_diff)
        ]
        assert shown[:4] == self.EXPECTED
        assert shown[4] == "Reden van intrekking: – → Opgeheven"
        assert not any("Gewijzigd op" in line for line in shown)

    def test_the_staff_mandate_page(self, client, changed):
        member = f.MembershipFactory(region=changed.region, role=Role.VIEWER).user
        client.force_login(member)
        page = client.get(reverse("staff:mandate_detail", args=[changed.region.code, changed.pk]))
        text = re.sub(r"<[^>]+>", "", page.content.decode())
        for line in self.EXPECTED:
            assert line in text
        assert "revoked_on" not in text and "2026-11-27" not in text

    def test_the_admin_change_page_and_event_list(self, client, changed):
        client.force_login(f.UserFactory(platform_admin=True))
        change = reverse("admin:mandates_mandate_change", args=[changed.pk])
        events = reverse("admin:pghistory_middlewareevents_changelist")
        for url in (change, events):
            text = re.sub(r"<[^>]+>", "", client.get(url).content.decode())
            for line in self.EXPECTED:
                assert line in text, url
            assert "revoked_on" not in text and "2026-11-27" not in text
