"""CBS wijkcodes of a neighbourhood: an empty field stays empty, codes are checked, and the
junk an earlier form stored is cleaned by a data migration."""

import html
import importlib
import re

import pytest
from django.apps import apps

from neighbourhoods.models import Neighbourhood

from . import factories as f
from .test_staff_forms import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, world):
    client.force_login(world.editor)
    return world.editor


def shown_codes(response) -> str:
    """What the browser shows in (and sends back from) the CBS-wijkcodes field."""
    tag = re.search(r'<input[^>]*name="cbs_codes"[^>]*>', response.text)[0]
    value = re.search(r'value="([^"]*)"', tag)
    return html.unescape(value[1]) if value else ""


def test_the_empty_field_is_empty_and_saving_it_stores_no_codes(client, world, editor):
    page = client.get(url(world, "neighbourhood_create"))
    assert shown_codes(page) == ""
    response = client.post(
        url(world, "neighbourhood_create"),
        {
            "name": "Kanaleneiland",
            "municipality": "Utrecht",
            "population": "12000",
            "cbs_codes": shown_codes(page),
        },
        follow=True,
    )
    hood = Neighbourhood.objects.get(region=world.region, name="Kanaleneiland")
    assert hood.cbs_codes == []
    assert "[]" not in response.text and "12.000 inwoners</p>" in response.text


def test_codes_are_trimmed_upper_cased_and_kept_once_and_shown_as_typed(client, world, editor):
    hood = world.neighbourhood
    edit = url(world, "neighbourhood_edit", hood.pk)
    data = {
        "name": hood.name,
        "municipality": hood.municipality,
        "population": hood.population,
        "cbs_codes": " wk034401,WK034402 , wk034401,",
        "token": hood.edit_token,
    }
    assert client.post(edit, data).status_code == 302
    hood.refresh_from_db()
    assert hood.cbs_codes == ["WK034401", "WK034402"]
    assert shown_codes(client.get(edit)) == "WK034401, WK034402"


@pytest.mark.parametrize("typed", ["[]", "WK0344", "WK03440101", "BU03440101", "WK0344O1"])
def test_what_is_no_cbs_wijkcode_is_refused_beside_the_field(client, world, editor, typed):
    response = client.post(
        url(world, "neighbourhood_create"),
        {
            "name": "Kanaleneiland",
            "municipality": "Utrecht",
            "population": "12000",
            "cbs_codes": typed,
        },
    )
    assert response.status_code == 200
    (message,) = response.context["form"].errors["cbs_codes"]
    assert message.startswith(f"Geen CBS-wijkcode: {typed.upper()}. Een wijkcode is WK met zes")
    assert not Neighbourhood.objects.filter(name="Kanaleneiland").exists()


def test_the_data_migration_cleans_stored_junk():
    junk = f.NeighbourhoodFactory()
    good = f.NeighbourhoodFactory()
    Neighbourhood.objects.filter(pk=junk.pk).update(cbs_codes=["[]", " wk036301", "WK036301"])
    Neighbourhood.objects.filter(pk=good.pk).update(cbs_codes=["WK036302"])
    migration = importlib.import_module("neighbourhoods.migrations.0005_cbs_codes")

    migration.clean_cbs_codes(apps, None)

    junk.refresh_from_db()
    good.refresh_from_db()
    assert junk.cbs_codes == ["WK036301"]
    assert good.cbs_codes == ["WK036302"]
