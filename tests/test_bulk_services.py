"""The bulk services an import writes through: each row checked as the one-row services check
it, the refused row named by its position, all rows or none, few queries for many rows."""

import pytest
from pghistory.models import Events

from mandates import services as mandate_services
from mandates.models import Mandate
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import AllianceContact, Neighbourhood
from regions.errors import DomainError

from . import factories as f

pytestmark = pytest.mark.django_db


def hoods(world, *names, population=15000):
    return [
        Neighbourhood(region=world.region, name=name, municipality="Utrecht", population=population)
        for name in names
    ]


def test_create_neighbourhoods_checks_each_row_and_names_the_refused_one(world):
    rows = hoods(world, "Zuilen", "Tuindorp") + hoods(world, "Leeg", population=0)

    with pytest.raises(DomainError) as refused:
        neighbourhood_services.create_neighbourhoods(world.editor, rows)

    assert refused.value.index == 2
    assert refused.value.problems[0].message == "Een wijk heeft ten minste één inwoner."
    assert not Neighbourhood.objects.filter(name="Zuilen").exists()


def test_a_unique_row_saved_in_between_is_a_conflict_not_a_crash(world):
    with pytest.raises(DomainError) as refused:
        neighbourhood_services.create_neighbourhoods(world.editor, hoods(world, "Lombok"))

    assert refused.value.codes == ["stale"]
    assert refused.value.conflict
    assert Neighbourhood.objects.filter(name="Lombok").count() == 1


def test_add_contacts_writes_many_rows_in_a_few_queries_under_the_actor(
    world, django_assert_max_num_queries
):
    gp = f.discipline("gp")
    contacts = [
        AllianceContact(
            region=world.region, neighbourhood=world.neighbourhood, discipline=gp, name=f"C {n}"
        )
        for n in range(600)
    ]

    # savepoints, two batches of inserts, the check that the rows are still the actor's
    with django_assert_max_num_queries(7):
        neighbourhood_services.add_contacts(world.editor, contacts)

    events = Events.objects.filter(pgh_obj_model="neighbourhoods.AllianceContact")
    assert events.count() == 600
    assert {event.pgh_context["user"] for event in events} == {world.editor.pk}


def test_a_contact_of_another_regions_neighbourhood_is_refused(world):
    elsewhere = f.NeighbourhoodFactory(region=world.other_region)
    contact = AllianceContact(
        region=world.region, neighbourhood=elsewhere, discipline=f.discipline("gp"), name="X"
    )

    with pytest.raises(DomainError) as refused:
        neighbourhood_services.add_contacts(world.editor, [contact])

    assert refused.value.codes == ["region"]


def test_update_rows_refuses_a_row_saved_since_its_token(world):
    lombok = Neighbourhood.objects.get(name="Lombok")
    oog = Neighbourhood.objects.get(name="Oog in Al")
    changes = [
        (lombok, lombok.edit_token, {"population": 16000}),
        (oog, "2000-01-01T00:00:00+00:00", {"population": 17000}),
    ]

    with pytest.raises(DomainError) as refused:
        neighbourhood_services.update_neighbourhoods(world.editor, changes)

    assert (refused.value.index, refused.value.codes) == (1, ["stale"])
    assert Neighbourhood.objects.get(name="Lombok").population == 15000


def test_update_rows_writes_each_change_and_a_new_edit_token(world):
    lombok = Neighbourhood.objects.get(name="Lombok")

    (written,) = neighbourhood_services.update_neighbourhoods(
        world.editor, [(lombok, lombok.edit_token, {"municipality": "Utrecht"})]
    )

    lombok.refresh_from_db()
    assert lombok.municipality == "Utrecht"
    assert lombok.edit_token == written.edit_token != ""
    assert lombok.updated_at > lombok.created_at


def test_update_mandates_refuses_a_revoked_one(world):
    valid = f.MandateFactory(region=world.region)
    revoked = f.MandateFactory(region=world.region, valid_until=None)
    mandate_services.revoke_mandate(
        world.editor, revoked, on=revoked.valid_from, reason="Vertrokken"
    )
    revoked.refresh_from_db()

    with pytest.raises(DomainError) as refused:
        mandate_services.update_mandates(
            world.editor,
            [
                (valid, valid.edit_token, {"backing_practitioners": 90}),
                (revoked, revoked.edit_token, {"backing_practitioners": 90}),
            ],
        )

    assert (refused.value.index, refused.value.codes) == (1, ["revoked"])
    assert Mandate.objects.get(pk=valid.pk).backing_practitioners == 80
