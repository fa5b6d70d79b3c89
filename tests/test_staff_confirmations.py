"""Steps that cannot simply be undone ask first, on a page of their own that works without
JavaScript; a deactivated contact person can be activated again."""

import pytest
from django.urls import reverse

from agreements.models import Agreement, AgreementStatus
from neighbourhoods.models import AllianceContact

from . import factories as f

pytestmark = pytest.mark.django_db


def url(world, name, *args):
    return reverse(f"staff:{name}", args=[world.region.code, *args])


def posts_to(html, action_url):
    return f'action="{action_url}"' in html


@pytest.fixture
def contact(world):
    return f.AllianceContactFactory(
        neighbourhood=world.neighbourhood,
        discipline=f.discipline("pharmacy"),
        name="Anna Apotheker",
    )


def test_deactivating_a_contact_asks_first_and_can_be_undone(client, world, contact):
    client.force_login(world.coordinator)
    deactivate = url(world, "contact_deactivate", contact.pk)
    hood_page = client.get(url(world, "neighbourhood_detail", world.neighbourhood.pk)).text
    assert f'href="{deactivate}"' in hood_page and not posts_to(hood_page, deactivate)

    asked = client.get(deactivate)
    assert asked.status_code == 200
    text = asked.text
    assert "Anna Apotheker deactiveren?" in text
    assert "u kunt de contactpersoon later weer activeren" in text
    assert "Het wijkverband is daarna niet meer compleet" in text  # the only pharmacist
    assert '<form method="post"' in text and '<button class="button button--danger"' in text
    contact.refresh_from_db()
    assert contact.active  # asking changed nothing

    done = client.post(deactivate, follow=True)
    contact.refresh_from_db()
    assert not contact.active
    reactivate = url(world, "contact_reactivate", contact.pk)
    assert posts_to(done.text, reactivate) and "Weer activeren" in done.text

    again = client.post(reactivate, follow=True)
    contact.refresh_from_db()
    assert contact.active and "Contactpersoon weer actief." in again.text
    refused = client.post(reactivate, follow=True)
    assert "Deze contactpersoon is al actief." in refused.text


def test_no_completeness_warning_when_another_contact_covers_the_discipline(client, world, contact):
    f.AllianceContactFactory(neighbourhood=world.neighbourhood, discipline=contact.discipline)
    client.force_login(world.editor)
    text = client.get(url(world, "contact_deactivate", contact.pk)).text
    assert "niet meer compleet" not in text


def test_viewers_may_neither_ask_nor_reactivate(client, world, contact):
    AllianceContact.objects.filter(pk=contact.pk).update(active=False)
    client.force_login(world.viewer)
    assert client.get(url(world, "contact_deactivate", contact.pk)).status_code == 403
    assert client.post(url(world, "contact_reactivate", contact.pk)).status_code == 403


def test_ending_an_agreement_asks_first(client, world):
    agreement = f.AgreementFactory(region=world.region)
    Agreement.objects.filter(pk=agreement.pk).update(status=AgreementStatus.ACTIVE)
    client.force_login(world.editor)
    end = url(world, "agreement_transition", agreement.pk, "beeindigen")
    detail = client.get(url(world, "agreement_detail", agreement.pk)).text
    assert f'href="{end}"' in detail and not posts_to(detail, end)

    asked = client.get(end)
    assert asked.status_code == 200
    assert f"Afspraak {agreement.reference} beëindigen?" in asked.text
    assert "kan niet meer worden geactiveerd of gewijzigd" in asked.text
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE

    client.post(end)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ENDED


def test_steps_that_need_no_confirmation_are_posted_only(client, world):
    agreement = f.AgreementFactory(region=world.region)
    client.force_login(world.editor)
    response = client.get(url(world, "agreement_transition", agreement.pk, "activeren"))
    assert response.status_code == 405


def test_revoking_a_mandate_is_its_own_page(client, world):
    mandate = f.MandateFactory(region=world.region)
    client.force_login(world.editor)
    revoke = url(world, "mandate_revoke", mandate.pk)
    detail = client.get(url(world, "mandate_detail", mandate.pk)).text
    assert f'href="{revoke}"' in detail and not posts_to(detail, revoke)
    assert client.get(revoke).status_code == 200
    mandate.refresh_from_db()
    assert mandate.revoked_on is None
