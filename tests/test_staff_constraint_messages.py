"""Every database constraint a person can break through a staff form is reported in Dutch
beside the field it concerns, never by its name above the form."""

import pytest
from django.urls import reverse

from agreements.models import Agreement
from mandates.models import Mandate
from neighbourhoods.models import Neighbourhood
from regions.models import RegionGoal, RegionIndicator, RegionTask, VisionGoal

from . import factories as f
from .test_staff_forms import agreement_data, mandate_data, rows, url

pytestmark = pytest.mark.django_db


def field_errors(response, form="form"):
    """The errors of the form on the page, per field; fails when the page has a form-wide one."""
    assert "Beperking" not in response.text and "geschonden" not in response.text
    form = response.context[form]
    assert not form.non_field_errors()
    return {name: list(errors) for name, errors in form.errors.items()}


@pytest.fixture
def editor(client, world):
    client.force_login(world.editor)
    return world.editor


def neighbourhood(**overrides):
    return {"name": "Kanaleneiland", "municipality": "Utrecht", "population": "12000", **overrides}


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            neighbourhood(name="Lombok"),
            {"name": ["Een wijk met deze naam bestaat al in de regio."]},
        ),
        (neighbourhood(population="0"), {"population": ["Een wijk heeft ten minste één inwoner."]}),
    ],
)
def test_neighbourhood_constraints(client, world, editor, data, errors):
    response = client.post(url(world, "neighbourhood_create"), data)
    assert field_errors(response) == errors
    assert not Neighbourhood.objects.filter(name="Kanaleneiland").exists()


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"valid_from": "2026-06-01", "valid_until": "2026-05-31"},
            {"valid_until": ["De einddatum ligt vóór de begindatum."]},
        ),
        (
            {"backing_practitioners": "0", "discipline_practitioners": "0"},
            {
                "discipline_practitioners": [
                    "De discipline telt ten minste één zorgverlener in de regio."
                ]
            },
        ),
        (
            {"backing_practitioners": "101"},
            {
                "backing_practitioners": [
                    "Er kunnen niet meer zorgverleners achter het mandaat staan dan er zijn."
                ]
            },
        ),
    ],
)
def test_mandate_constraints(client, world, editor, overrides, errors):
    response = client.post(url(world, "mandate_create"), mandate_data(world, **overrides))
    assert field_errors(response) == errors
    assert not Mandate.objects.filter(region=world.region).exists()


def test_a_mandate_is_not_revoked_before_it_starts(client, world, editor):
    mandate = f.MandateFactory(region=world.region)
    response = client.post(
        url(world, "mandate_revoke", mandate.pk),
        {"revoked_on": "2000-01-01", "revocation_reason": "Opgeheven"},
    )
    assert field_errors(response) == {
        "revoked_on": ["Een mandaat kan niet worden ingetrokken vóór het ingaat."]
    }


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"period_start": "2027-01-01", "period_end": "2026-12-31"},
            {"period_end": ["De einddatum ligt vóór de begindatum."]},
        ),
        (
            {"reference": "BESTAAND"},
            {"reference": ["Deze regio heeft al een afspraak met dit kenmerk."]},
        ),
    ],
)
def test_agreement_constraints(client, world, editor, overrides, errors):
    f.AgreementFactory(region=world.region, reference="BESTAAND")
    response = client.post(url(world, "agreement_create"), agreement_data(world, **overrides))
    assert field_errors(response) == errors
    assert not Agreement.objects.filter(title="O&I Utrecht-West").exists()


@pytest.mark.parametrize(
    ("line", "errors"),
    [
        ({"year": "1999"}, {"year": ["Kies een jaar van 2000 tot en met 2100."]}),
        (
            {"amount": "-1"},
            {"amount": ["Zorg ervoor dat deze waarde minstens 0 is."]},
        ),
    ],
)
def test_budget_line_constraints_show_on_their_row(client, world, editor, line, errors):
    data = agreement_data(
        world,
        period_start="1999-01-01",
        budget=[
            {
                "year": "2026",
                "source": "insurer_nza",
                "segment": "S2",
                "amount": "10",
                "description": "",
                **line,
            }
        ],
    )
    response = client.post(url(world, "agreement_create"), data)
    field_errors(response)
    (row,) = response.context["rows"]["budget_lines"].forms
    assert {name: list(messages) for name, messages in row.errors.items()} == errors


@pytest.mark.parametrize(
    ("prefix", "items"),
    [
        (
            "budget_lines",
            [
                {
                    "year": "2026",
                    "source": "insurer_nza",
                    "segment": "S2",
                    "amount": "10",
                    "description": "",
                }
            ]
            * 2,
        ),
        ("targets", [{"name": "Compleet", "unit": "%", "baseline": "1", "goal": "2"}] * 2),
    ],
)
def test_a_row_given_twice_is_named_on_its_row(client, world, editor, prefix, items):
    response = client.post(
        url(world, "agreement_create"), {**agreement_data(world), **rows(prefix, items)}
    )
    field_errors(response)
    formset = next(fs for fs in response.context["rows"].values() if fs.prefix == prefix)
    assert formset.forms[1].non_field_errors() == ["Deze regel staat er twee keer in."]


def test_goal_titles_are_unique_in_the_region(client, world, editor):
    RegionGoal.objects.create(
        region=world.region, vision_goal=VisionGoal.USE_CAPACITY, title="Meer capaciteit"
    )
    response = client.post(
        url(world, "goal_create"),
        {"vision_goal": VisionGoal.REDUCE_PRESSURE, "title": "Meer capaciteit"},
    )
    assert field_errors(response) == {"title": ["De regio heeft al een doel met deze titel."]}
    assert RegionGoal.objects.filter(region=world.region).count() == 1


# Constraints only the admin's forms can break: beside their field there too.
@pytest.fixture
def admin_client(client):
    client.force_login(f.UserFactory(platform_admin=True))
    return client


def admin_errors(response):
    assert response.status_code == 200
    assert "Beperking" not in response.text
    form = response.context["adminform"].form
    assert not form.non_field_errors()
    return {name: list(errors) for name, errors in form.errors.items()}


def test_admin_organisation_mono_needs_a_discipline(admin_client):
    response = admin_client.post(
        reverse("admin:regions_organisation_add"), {"name": "Fictieve RHO", "kind": "mono"}
    )
    assert set(admin_errors(response)) == {"discipline"}


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"kind": "share_75_plus", "year": "2025", "value": "120"},
            {"value": ["Een percentage ligt tussen 0 en 100."]},
        ),
        (
            {"kind": "share_75_plus", "year": "2024", "value": "20"},
            {"year": ["Deze indicator is voor dit jaar al vastgelegd."]},
        ),
    ],
)
def test_admin_region_indicator_constraints(admin_client, data, errors):
    region = f.RegionFactory()
    RegionIndicator.objects.create(region=region, kind="share_75_plus", year=2024, value=20)
    response = admin_client.post(
        reverse("admin:regions_regionindicator_add"), {"region": region.pk, **data}
    )
    assert admin_errors(response) == errors


def test_admin_region_task_once(admin_client):
    region = f.RegionFactory()
    RegionTask.objects.create(region=region, task=2)
    response = admin_client.post(
        reverse("admin:regions_regiontask_add"),
        {"region": region.pk, "task": "2", "status": "not_started", "note": ""},
    )
    assert admin_errors(response) == {"task": ["Deze hoofdtaak heeft in deze regio al een status."]}


def test_admin_membership_once(admin_client):
    membership = f.MembershipFactory()
    response = admin_client.post(
        reverse("admin:regions_regionmembership_add"),
        {"region": membership.region_id, "user": membership.user_id, "role": "viewer"},
    )
    assert admin_errors(response) == {"user": ["Deze persoon is al lid van de regio."]}
