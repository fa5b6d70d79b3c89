"""Rows of the agreement form without JavaScript: "Regel toevoegen" shows the page again with
what was typed and one more empty row, saves nothing and shows no errors yet. (In the browser,
static/staff/rows.js adds the row in the page: tests/e2e/test_agreement_rows.py.)"""

import pytest

from agreements.models import Agreement

from .test_staff_forms import agreement_data, url

pytestmark = pytest.mark.django_db

BUDGET_2026 = {
    "year": "2026",
    "source": "insurer_nza",
    "segment": "S2",
    "amount": "1000",
    "description": "",
}


@pytest.fixture
def editor(client, world):
    client.force_login(world.editor)
    return world.editor


def test_the_form_offers_a_button_and_an_empty_row_to_copy(client, world, editor):
    text = client.get(url(world, "agreement_create")).text
    for prefix in ("parties", "budget_lines", "targets"):
        assert f'name="regel_toevoegen" value="{prefix}"' in text
    assert 'name="budget_lines-__prefix__-year"' in text  # inside <template data-empty-row>
    assert "sla op voor nog een lege regel" not in text


def test_adding_a_row_without_javascript_keeps_the_input_and_saves_nothing(client, world, editor):
    data = agreement_data(world, budget=[BUDGET_2026], title="", regel_toevoegen="budget_lines")
    response = client.post(url(world, "agreement_create"), data)

    assert response.status_code == 200
    assert not Agreement.objects.filter(reference="UTW-OI-2026").exists()
    budget = response.context["rows"]["budget_lines"]
    assert len(budget.forms) == 2
    assert budget.forms[0]["amount"].value() == "1000"
    assert 'name="budget_lines-TOTAL_FORMS" value="2"' in response.text
    assert 'name="budget_lines-1-year"' in response.text
    assert len(response.context["rows"]["targets"].forms) == 1
    assert "Dit veld is vereist." not in response.text  # the empty title is not an error yet
    assert 'value="UTW-OI-2026"' in response.text


def test_three_budget_years_in_one_save(client, world, editor):
    data = agreement_data(world, regel_toevoegen="budget_lines")
    for _ in range(2):
        page = client.post(url(world, "agreement_create"), data)
        data = {
            **data,
            "budget_lines-TOTAL_FORMS": page.context["rows"]["budget_lines"].total_form_count(),
        }
    assert data["budget_lines-TOTAL_FORMS"] == 3
    del data["regel_toevoegen"]
    for index, year in enumerate(("2026", "2027", "2027")):
        data.update(
            {
                f"budget_lines-{index}-year": year,
                f"budget_lines-{index}-source": "insurer_nza",
                f"budget_lines-{index}-segment": ("S2", "S2", "S3")[index],
                f"budget_lines-{index}-amount": "1000",
            }
        )
    response = client.post(url(world, "agreement_create"), data)
    assert response.status_code == 302
    agreement = Agreement.objects.get(reference="UTW-OI-2026")
    assert agreement.budget_lines.count() == 3


def test_a_broken_management_form_is_no_server_error(client, world, editor):
    data = agreement_data(world, regel_toevoegen="budget_lines")
    data["budget_lines-TOTAL_FORMS"] = "veel"
    response = client.post(url(world, "agreement_create"), data)
    assert response.status_code == 200
