"""Writing through the staff pages: errors next to the field with the input kept, nothing
changed on bad input, lost updates refused, agreements edited with inline rows and submitted."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from agreements import services as agreement_services
from agreements.models import Agreement, AgreementStatus
from mandates.models import Mandate
from neighbourhoods.models import AllianceContact, Bottleneck, Neighbourhood
from regions.models import RegionMembership
from regions.tenancy import Role

from . import factories as f

pytestmark = pytest.mark.django_db


def url(world, name, *args):
    return reverse(f"staff:{name}", args=[world.region.code, *args])


def test_bad_input_is_shown_next_to_the_field_keeps_the_input_and_saves_nothing(client, world):
    client.force_login(world.editor)
    response = client.post(
        url(world, "neighbourhood_create"),
        {"name": "Kanaleneiland", "municipality": "Utrecht", "population": "veel"},
    )
    assert response.status_code == 200
    text = response.text
    assert 'value="Kanaleneiland"' in text
    assert 'aria-invalid="true"' in text and "Voer een geheel getal in." in text
    assert not Neighbourhood.objects.filter(name="Kanaleneiland").exists()


def test_a_duplicate_name_is_refused_with_a_dutch_message(client, world):
    client.force_login(world.editor)
    response = client.post(
        url(world, "neighbourhood_create"),
        {"name": "Lombok", "municipality": "Utrecht", "population": "12000"},
    )
    assert "bestaat al" in response.text
    assert Neighbourhood.objects.filter(region=world.region, name="Lombok").count() == 1


def test_adding_a_neighbourhood(client, world):
    client.force_login(world.editor)
    response = client.post(
        url(world, "neighbourhood_create"),
        {
            "name": "Kanaleneiland",
            "municipality": "Utrecht",
            "population": "16000",
            "cbs_codes": "wk034401, WK034402",
        },
    )
    hood = Neighbourhood.objects.get(region=world.region, name="Kanaleneiland")
    assert response.url == url(world, "neighbourhood_detail", hood.pk)
    assert hood.cbs_codes == ["WK034401", "WK034402"]


def test_the_second_of_two_people_editing_is_refused_with_a_clear_message(client, world):
    client.force_login(world.editor)
    edit = url(world, "neighbourhood_edit", world.neighbourhood.pk)
    first = client.get(edit).context["form"]["token"].value()
    second = first  # the other person opened the page at the same time
    fields = {"name": "Oog in Al", "municipality": "Utrecht", "cbs_codes": ""}
    assert client.post(edit, {**fields, "population": "11000", "token": first}).status_code == 302
    response = client.post(edit, {**fields, "population": "19000", "token": second})
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in response.text
    assert 'value="19000"' in response.text
    world.neighbourhood.refresh_from_db()
    assert world.neighbourhood.population == 11000


def test_a_coordinator_keeps_their_alliance_and_bottlenecks_up_to_date(client, world):
    client.force_login(world.coordinator)
    hood = world.neighbourhood
    response = client.post(
        url(world, "contact_create", hood.pk),
        {
            "discipline": f.discipline("pharmacy").pk,
            "name": "Anna Apotheker",
            "organisation": "Apotheek Oog in Al",
            "email": "",
        },
    )
    assert response.status_code == 302
    contact = AllianceContact.objects.get(name="Anna Apotheker")
    assert contact.organisation == "Apotheek Oog in Al"
    detail = client.get(url(world, "neighbourhood_detail", hood.pk))
    assert "Anna Apotheker – Apotheek Oog in Al" in detail.text
    client.post(url(world, "contact_deactivate", contact.pk))
    contact.refresh_from_db()
    assert not contact.active
    again = client.post(url(world, "contact_deactivate", contact.pk), follow=True)
    assert "al gedeactiveerd" in again.text

    client.post(
        url(world, "bottleneck_create", hood.pk),
        {"theme": "housing", "description": "Geen ruimte voor een extra praktijk."},
    )
    bottleneck = Bottleneck.objects.get(neighbourhood=hood)
    client.post(url(world, "bottleneck_escalate", bottleneck.pk))
    empty = client.post(url(world, "bottleneck_resolve", bottleneck.pk), {"resolution": " "})
    assert empty.status_code == 200 and "Dit veld is vereist." in empty.text
    client.post(url(world, "bottleneck_resolve", bottleneck.pk), {"resolution": "Nieuwbouw."})
    bottleneck.refresh_from_db()
    assert bottleneck.is_escalated and bottleneck.status == Bottleneck.Status.RESOLVED


def mandate_data(world, **overrides):
    organisation = f.OrganisationFactory(mono=True, regions=[world.region])
    return {
        "discipline": f.discipline("gp").pk,
        "organisation": organisation.pk,
        "delegate_name": "Dr. Fictief",
        "delegate_email": "",
        "scope": ["contracting"],
        "valid_from": "2026-01-01",
        "valid_until": "2027-12-31",
        "backing_practitioners": "80",
        "discipline_practitioners": "100",
        **overrides,
    }


def test_mandate_rules_show_next_to_their_field(client, world):
    client.force_login(world.editor)
    response = client.post(
        url(world, "mandate_create"), mandate_data(world, backing_practitioners="120")
    )
    assert "Er kunnen niet meer zorgverleners achter het mandaat staan" in response.text
    assert not Mandate.objects.filter(region=world.region).exists()


def test_mandate_organisations_are_those_of_the_region(client, world):
    other = f.OrganisationFactory(mono=True, regions=[world.other_region])
    client.force_login(world.editor)
    response = client.post(url(world, "mandate_create"), mandate_data(world, organisation=other.pk))
    assert "Selecteer een geldige keuze" in response.text


def test_create_and_revoke_a_mandate(client, world):
    client.force_login(world.editor)
    client.post(url(world, "mandate_create"), mandate_data(world))
    mandate = Mandate.objects.get(region=world.region)
    revoke = url(world, "mandate_revoke", mandate.pk)
    no_reason = client.post(revoke, {"revoked_on": "2026-03-01", "revocation_reason": ""})
    assert "Dit veld is vereist." in no_reason.text
    client.post(revoke, {"revoked_on": "2026-03-01", "revocation_reason": "Vereniging opgeheven"})
    mandate.refresh_from_db()
    assert mandate.revoked_on == datetime.date(2026, 3, 1)
    detail = client.get(url(world, "mandate_detail", mandate.pk)).text
    assert "Vereniging opgeheven" in detail and "ingetrokken" in detail
    # the history shows the change
    assert (
        'Ingetrokken op: <span class="diff-removed">–</span> → '
        '<span class="diff-added">1 maart 2026</span>'
    ) in detail


def rows(prefix, items):
    """Formset data as the browser sends it when the page showed ``items`` as rows."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(items)),
        f"{prefix}-INITIAL_FORMS": str(len(items)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        data.update({f"{prefix}-{index}-{name}": value for name, value in item.items()})
    return data


def agreement_data(world, *, budget=None, disciplines=("gp",), **overrides):
    return {
        "reference": "UTW-OI-2026",
        "title": "O&I Utrecht-West",
        "type": "oi",
        "procurement_model": "aligned_content",
        "framework": "Leidraad wijkgerichte zorg",
        "period_start": "2026-01-01",
        "period_end": "2027-12-31",
        "description": "",
        "main_tasks": ["1", "4"],
        "disciplines": [f.discipline(code).pk for code in disciplines],
        **rows("parties", [{"organisation": world.party_insurer.pk, "is_lead": "on"}]),
        **rows(
            "budget_lines",
            budget
            or [
                {
                    "year": "2026",
                    "source": "insurer_nza",
                    "segment": "S2",
                    "amount": "120000.50",
                    "description": "",
                }
            ],
        ),
        **rows("targets", [{"name": "Compleet", "unit": "%", "baseline": "40", "goal": "80"}]),
        **overrides,
    }


def test_create_a_draft_with_inline_rows_and_see_it_in_dutch_format(client, world):
    client.force_login(world.editor)
    response = client.post(url(world, "agreement_create"), agreement_data(world))
    agreement = Agreement.objects.get(reference="UTW-OI-2026")
    assert response.url == url(world, "agreement_detail", agreement.pk)
    assert agreement.budget_lines.get().amount == 120000.50
    detail = client.get(response.url).text
    assert "€\xa0120.000,50" in detail
    assert "1 januari 2026" in detail
    assert "✗ Geen mandaat voor contractering met zorgverzekeraars" in detail  # live check


def test_a_broken_row_rule_shows_on_its_row_and_saves_nothing(client, world):
    client.force_login(world.editor)
    budget = [
        {
            "year": "2026",
            "source": "insurer_nza",
            "segment": "S2",
            "amount": "1000",
            "description": "",
        },
        {
            "year": "2031",
            "source": "insurer_nza",
            "segment": "S2",
            "amount": "1000",
            "description": "",
        },
    ]
    response = client.post(url(world, "agreement_create"), agreement_data(world, budget=budget))
    assert response.status_code == 200
    text = response.text
    assert "Het jaar valt buiten de looptijd (2026-2027)." in text
    assert 'name="budget_lines-1-year" value="2031"' in text
    assert not Agreement.objects.filter(reference="UTW-OI-2026").exists()


def test_editing_a_draft_from_a_stale_copy_is_refused(client, world):
    client.force_login(world.editor)
    client.post(url(world, "agreement_create"), agreement_data(world))
    agreement = Agreement.objects.get(reference="UTW-OI-2026")
    edit = url(world, "agreement_edit", agreement.pk)
    token = client.get(edit).context["form"]["token"].value()
    client.post(edit, agreement_data(world, title="Eerste", token=token))
    response = client.post(edit, agreement_data(world, title="Tweede", token=token))
    assert "Iemand anders heeft dit intussen gewijzigd" in response.text
    agreement.refresh_from_db()
    assert agreement.title == "Eerste"


def test_submit_names_the_missing_mandate_then_freezes_a_version(client, world):
    world.region.preferred_insurers.add(world.party_insurer)
    client.force_login(world.editor)
    client.post(
        url(world, "agreement_create"), agreement_data(world, disciplines=("gp", "pharmacy"))
    )
    agreement = Agreement.objects.get(reference="UTW-OI-2026")
    f.MandateFactory(region=world.region, discipline=f.discipline("gp"), valid_until=None)
    submit = url(world, "agreement_submit", agreement.pk)
    refused = client.post(submit)
    assert refused.status_code == 422
    assert "apotheek: geen mandaat voor contractering met zorgverzekeraars" in refused.text
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT

    f.MandateFactory(region=world.region, discipline=f.discipline("pharmacy"), valid_until=None)
    accepted = client.post(submit)
    assert accepted.url == url(world, "agreement_version", agreement.pk, 1)
    version = client.get(accepted.url).text
    assert "bevroren" in version and "€\xa0120.000,50" in version
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.IN_REVIEW


def test_the_difference_between_two_versions(client, world):
    world.region.preferred_insurers.add(world.party_insurer)
    client.force_login(world.editor)
    client.post(url(world, "agreement_create"), agreement_data(world))
    agreement = Agreement.objects.get(reference="UTW-OI-2026")
    f.MandateFactory(region=world.region, discipline=f.discipline("gp"), valid_until=None)
    client.post(url(world, "agreement_submit", agreement.pk))
    lead = world.party_insurer_member
    agreement_services.review(lead, agreement, version=1, decision="request_changes", comment="Nee")
    edit = url(world, "agreement_edit", agreement.pk)
    token = client.get(edit).context["form"]["token"].value()
    budget = [
        {
            "year": "2026",
            "source": "insurer_nza",
            "segment": "S2",
            "amount": "150000",
            "description": "",
        }
    ]
    client.post(edit, agreement_data(world, budget=budget, token=token))
    client.post(url(world, "agreement_submit", agreement.pk))
    diff = client.get(url(world, "agreement_diff", agreement.pk) + "?van=1&naar=2").text
    assert "− 2026 · S2 – multidisciplinaire zorg en O&amp;I · €\xa0120.000,50" in diff
    assert "+ 2026 · S2 – multidisciplinaire zorg en O&amp;I · €\xa0150.000,00" in diff
    assert "Titel" not in diff  # unchanged sections are left out


def test_an_admin_invites_someone_who_gets_a_link_to_choose_a_password(client, world):
    client.force_login(world.admin)
    response = client.post(
        url(world, "member_invite"),
        {"email": "nieuw@example.test", "first_name": "Nina", "last_name": "", "role": "editor"},
    )
    assert response.status_code == 302
    assert RegionMembership.objects.get(user__email="nieuw@example.test").role == Role.EDITOR
    (message,) = mail.outbox
    assert message.to == ["nieuw@example.test"] and world.region.name in message.subject
    link = next(line for line in message.body.splitlines() if "/reset/" in line)
    client.logout()
    choose = client.get(link, follow=True)
    assert "Nieuw wachtwoord kiezen" in choose.text and 'name="new_password1"' in choose.text


def test_roles_are_set_by_admins_and_the_last_admin_stays(client, world):
    client.force_login(world.admin)
    viewer = RegionMembership.objects.get(user=world.viewer, region=world.region)
    admin = RegionMembership.objects.get(user=world.admin, region=world.region)
    client.post(
        url(world, "member_role", viewer.pk),
        {f"m{viewer.pk}-role": "editor", f"m{viewer.pk}-token": viewer.edit_token},
    )
    viewer.refresh_from_db()
    assert viewer.role == Role.EDITOR
    response = client.post(
        url(world, "member_role", admin.pk),
        {f"m{admin.pk}-role": "viewer", f"m{admin.pk}-token": admin.edit_token},
        follow=True,
    )
    assert "De regio moet ten minste één beheerder houden." in response.text


def test_password_reset_by_email(client, world):
    response = client.post(reverse("password_reset"), {"email": world.editor.email}, follow=True)
    assert "Kijk in uw e-mail" in response.text
    (message,) = mail.outbox
    assert "regioplatform" in message.subject and "/reset/" in message.body


def test_english_is_available(client, world):
    client.force_login(world.editor)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = client.get(url(world, "region_home")).text
    assert 'lang="en"' in text and "Coverage by neighbourhood alliances" in text
