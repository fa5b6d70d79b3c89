"""No personal data on the national dashboard: recognisable names, e-mail addresses, phone
numbers and free texts are seeded everywhere they can be, and appear in none of the outputs."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from neighbourhoods.models import Bottleneck
from regions.models import RegionTask, TaskStatus
from regions.tenancy import Role

from . import factories as f
from .api_helpers import token_client

pytestmark = pytest.mark.django_db

SECRETS = (
    "Henriëtte Geheimcontact",
    "geheim.contact@voorbeeld.test",
    "06-11223344",
    "Geheime functieomschrijving",
    "Bartholomeus Geheimgemandateerde",
    "geheim.gemandateerde@voorbeeld.test",
    "Geheime reden van intrekking",
    "Geheime omschrijving van het knelpunt",
    "Geheime oplossing van het knelpunt",
    "Geheimmedewerker",
    "geheim.medewerker@voorbeeld.test",
    "Geheime toelichting bij de hoofdtaak",
    "Geheime omschrijving van de afspraak",
)


@pytest.fixture
def seeded(world):
    today = timezone.localdate()
    region = world.region
    f.MembershipFactory(
        region=region,
        role=Role.EDITOR,
        user=f.UserFactory(last_name="Geheimmedewerker", email="geheim.medewerker@voorbeeld.test"),
    )
    f.AllianceContactFactory(
        neighbourhood=world.neighbourhood,
        name="Henriëtte Geheimcontact",
        email="geheim.contact@voorbeeld.test",
        phone="06-11223344",
        role="Geheime functieomschrijving",
    )
    f.MandateFactory(
        region=region,
        delegate_name="Bartholomeus Geheimgemandateerde",
        delegate_email="geheim.gemandateerde@voorbeeld.test",
        valid_from=today - datetime.timedelta(days=10),
        valid_until=None,
        revoked_on=today,
        revocation_reason="Geheime reden van intrekking",
    )
    now = timezone.now()
    f.BottleneckFactory(
        neighbourhood=world.neighbourhood,
        description="Geheime omschrijving van het knelpunt",
        escalated_at=now,
    )
    f.BottleneckFactory(
        neighbourhood=world.neighbourhood,
        description="Geheime omschrijving van het knelpunt",
        status=Bottleneck.Status.RESOLVED,
        resolution="Geheime oplossing van het knelpunt",
        resolved_at=now,
    )
    RegionTask.objects.create(
        region=region,
        task=1,
        status=TaskStatus.IN_PLACE,
        note="Geheime toelichting bij de hoofdtaak",
    )
    world.agreement.description = "Geheime omschrijving van de afspraak"
    world.agreement.save()
    return world


def xlsx_text(content: bytes) -> str:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize("who", ["national", "platform_admin", "admin"])
def test_no_personal_data_in_page_drill_down_exports_or_json(client, seeded, who):
    client.force_login(getattr(seeded, who))
    outputs = {
        "page": client.get(reverse("national:dashboard")).text,
        "drill-down": client.get(reverse("national:region", args=[seeded.region.code])).text,
        "csv": client.get(reverse("national:export_csv")).content.decode("utf-8-sig"),
        "xlsx": xlsx_text(client.get(reverse("national:export_xlsx")).content),
        "json": token_client(getattr(seeded, who))
        .get("/api/v1/national/regions/", {"page_size": 100})
        .content.decode(),
    }
    # not empty: the exports carry the region's row
    for name in ("csv", "xlsx", "json"):
        assert seeded.region.name in outputs[name], name
    for name, text in outputs.items():
        found = [secret for secret in SECRETS if secret in text]
        assert not found, f"{name} shows {found}"
