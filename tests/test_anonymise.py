"""Personal data of people who left (issue 16, item 4): a region admin anonymises an alliance
contact or the delegate of an ended mandate; a daily task does it after a set number of months.
Names, e-mail addresses and phone numbers go from every text column of the database, history
included; the rows and the number of history rows stay."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Context

from mandates.models import Mandate
from mandates.services import anonymise_delegate, update_mandate
from neighbourhoods import services
from neighbourhoods.models import AllianceContact
from regions.errors import DomainError
from regions.formatting import ANONYMISED
from regions.tenancy import Role
from security.tasks import TASK_NAME, anonymise_inactive_people

from . import factories as f
from .tenancy import assert_url_not_found

pytestmark = pytest.mark.django_db

CONTACT = ("Johanna Zeldzaamnaam", "johanna.zeldzaam@example.test", "06-98765432")
DELEGATE = ("Bartholomeus Uniekenaam", "b.uniekenaam@example.test")


def texts_containing(needle: str) -> list[str]:
    """Every text, JSON and text-array column of every table and view in the database that
    holds ``needle`` (history contexts, frozen snapshots, import batches and events included)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema, table_name, column_name FROM information_schema.columns "
            "WHERE (data_type IN ('text', 'character varying', 'json', 'jsonb') "
            "OR (data_type = 'ARRAY' AND udt_name IN ('_text', '_varchar'))) "
            "AND table_schema NOT IN ('pg_catalog', 'information_schema')"
        )
        columns = cursor.fetchall()
        found = []
        for schema, table, column in columns:
            cursor.execute(
                f'SELECT 1 FROM "{schema}"."{table}" WHERE "{column}"::text ILIKE %s LIMIT 1',
                [f"%{needle}%"],
            )
            if cursor.fetchone():
                found.append(f"{schema}.{table}.{column}")
    return found


@pytest.fixture
def contact(world):
    """A contact who changed phone number, was edited in the admin log's way, then left."""
    name, email, phone = CONTACT
    contact = services.add_contact(
        world.editor,
        world.neighbourhood,
        discipline=f.discipline("gp"),
        name=name,
        email=email,
        phone="030-1234567",
    )
    contact = services.update_contact(world.editor, contact, token=contact.edit_token, phone=phone)
    return services.deactivate_contact(world.editor, contact)


@pytest.fixture
def ended_mandate(world):
    name, email = DELEGATE
    mandate = f.MandateFactory(
        region=world.region,
        delegate_name=name,
        delegate_email=email,
        valid_from=datetime.date(2023, 1, 1),
        valid_until=datetime.date(2024, 12, 31),
    )
    return Mandate.objects.get(pk=mandate.pk)


def event_ids(obj):
    return set(type(obj).pgh_event_model.objects.filter(pgh_obj=obj).values_list("pk", flat=True))


def test_a_region_admin_anonymises_a_contact_everywhere(client, world, contact):
    kept = f.AllianceContactFactory(neighbourhood=world.neighbourhood, active=False)
    before_events = event_ids(contact)
    contacts_before = world.neighbourhood.contacts.count()
    url = reverse("staff:contact_anonymise", args=[world.region.code, contact.pk])
    client.force_login(world.admin)

    page = client.get(url)
    assert page.status_code == 200
    assert "Dit kan niet ongedaan worden gemaakt." in page.text
    response = client.post(url)

    assert response.status_code == 302
    for needle in CONTACT:
        assert texts_containing(needle) == [], needle
    contact.refresh_from_db()
    assert (contact.name, contact.email, contact.phone, contact.active) == (
        ANONYMISED,
        "",
        "",
        False,
    )
    assert world.neighbourhood.contacts.count() == contacts_before
    after_events = event_ids(contact)
    assert before_events < after_events and len(after_events) == len(before_events) + 1
    anonymising = type(contact).pgh_event_model.objects.get(pk=max(after_events))
    assert anonymising.pgh_context.metadata["user"] == world.admin.pk
    kept.refresh_from_db()
    assert kept.name != ANONYMISED and texts_containing(kept.name)


def test_a_region_admin_anonymises_the_delegate_of_an_ended_mandate(client, world, ended_mandate):
    before_events = event_ids(ended_mandate)
    url = reverse("staff:mandate_anonymise", args=[world.region.code, ended_mandate.pk])
    client.force_login(world.admin)

    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302

    for needle in DELEGATE:
        assert texts_containing(needle) == [], needle
    assert Mandate.objects.filter(pk=ended_mandate.pk, delegate_name=ANONYMISED).exists()
    assert len(event_ids(ended_mandate)) == len(before_events) + 1
    ended_mandate.refresh_from_db()
    with pytest.raises(DomainError):
        update_mandate(world.admin, ended_mandate, token=ended_mandate.edit_token, scope=[])


def test_only_people_who_left_are_anonymised(client, world):
    active = f.AllianceContactFactory(neighbourhood=world.neighbourhood)
    valid = f.MandateFactory(region=world.region)
    client.force_login(world.admin)

    for url in (
        reverse("staff:contact_anonymise", args=[world.region.code, active.pk]),
        reverse("staff:mandate_anonymise", args=[world.region.code, valid.pk]),
    ):
        response = client.post(url, follow=True)
        assert response.status_code == 200
        assert "geanonimiseerd" in response.text  # the refusal, on the page it returns to

    active.refresh_from_db()
    valid.refresh_from_db()
    assert active.name != ANONYMISED and valid.delegate_name != ANONYMISED


def test_an_anonymised_contact_stays_anonymous(world, contact):
    contact = services.anonymise_contact(world.admin, contact)
    for step in (services.reactivate_contact, services.anonymise_contact):
        with pytest.raises(DomainError):
            step(world.admin, contact)
    with pytest.raises(DomainError):
        services.update_contact(world.admin, contact, token=contact.edit_token, name="Terug")
    with pytest.raises(DomainError):
        anonymise_delegate(world.admin, f.MandateFactory(region=world.region))


def test_other_regions_get_404_and_everyone_but_the_admin_403(
    client, world, contact, ended_mandate
):
    urls = [
        reverse("staff:contact_anonymise", args=[world.region.code, contact.pk]),
        reverse("staff:mandate_anonymise", args=[world.region.code, ended_mandate.pk]),
    ]
    other_admin = f.MembershipFactory(region=world.other_region, role=Role.ADMIN).user
    for url in urls:
        for method in ("get", "post"):
            assert_url_not_found(
                client, url, other_admin, world.unrelated_insurer_member, method=method
            )
    foreign = f.AllianceContactFactory(
        neighbourhood=f.NeighbourhoodFactory(region=world.other_region), active=False
    )
    assert_url_not_found(
        client,
        reverse("staff:contact_anonymise", args=[world.region.code, foreign.pk]),
        world.admin,
        method="post",
    )
    for user in (world.viewer, world.editor, world.coordinator):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403
            assert client.post(url).status_code == 403
    assert texts_containing(CONTACT[0]) and texts_containing(DELEGATE[0])


def test_the_daily_task_anonymises_who_left_long_enough_ago(settings, world, ended_mandate):
    long_ago = timezone.now() - datetime.timedelta(days=200)
    old = f.AllianceContactFactory(
        neighbourhood=world.neighbourhood, name="Oude Contactpersoon Eenmalig", active=False
    )
    recent = f.AllianceContactFactory(neighbourhood=world.neighbourhood, active=False)
    still_active = f.AllianceContactFactory(neighbourhood=world.neighbourhood)
    AllianceContact.objects.filter(pk__in=[old.pk, still_active.pk]).update(updated_at=long_ago)
    running = f.MandateFactory(region=world.region)
    old_name = old.name

    settings.ANONYMISE_INACTIVE_CONTACTS_AFTER_MONTHS = None
    assert anonymise_inactive_people() == 0
    settings.ANONYMISE_INACTIVE_CONTACTS_AFTER_MONTHS = 6
    assert anonymise_inactive_people.apply().get() == 2

    names = dict(AllianceContact.objects.values_list("pk", "name"))
    assert names[old.pk] == ANONYMISED
    assert ANONYMISED not in (names[recent.pk], names[still_active.pk])
    delegates = dict(Mandate.objects.values_list("pk", "delegate_name"))
    assert delegates[ended_mandate.pk] == ANONYMISED and delegates[running.pk] != ANONYMISED
    assert texts_containing(old_name) == [] and texts_containing(DELEGATE[0]) == []
    context = Context.objects.get(
        pk=AllianceContact.pgh_event_model.objects.filter(pgh_obj=old)
        .latest("pgh_id")
        .pgh_context_id
    )
    assert context.metadata == {"user": None, "task": TASK_NAME}
