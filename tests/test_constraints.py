"""Structural rules the database itself enforces, whatever writes the row."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, ProgrammingError, transaction

from agreements.models import Agreement, BudgetLine, Review
from mandates.models import Mandate
from neighbourhoods.models import AllianceContact, Neighbourhood
from regions.models import Region, RegionTask

from . import factories as f

pytestmark = pytest.mark.django_db


def refused(write, error=IntegrityError):
    with pytest.raises(error), transaction.atomic():
        write()
        # deferred constraints (the same-region keys) are checked at commit; force them now
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_region_codes_are_unique():
    f.RegionFactory(code="noord")
    refused(lambda: f.RegionFactory(code="noord"))


def test_population_must_be_positive():
    hood = f.NeighbourhoodFactory()
    refused(lambda: Neighbourhood.objects.filter(pk=hood.pk).update(population=0))


def test_money_is_never_negative():
    line = f.BudgetLineFactory()
    refused(lambda: BudgetLine.objects.filter(pk=line.pk).update(amount=Decimal("-0.01")))


def test_agreement_period_is_ordered():
    agreement = f.AgreementFactory()
    refused(
        lambda: Agreement.objects.filter(pk=agreement.pk).update(
            period_end=datetime.date(2020, 1, 1)
        )
    )


def test_agreement_main_tasks_are_the_five():
    agreement = f.AgreementFactory()
    refused(lambda: Agreement.objects.filter(pk=agreement.pk).update(main_tasks=[6]))


@pytest.mark.parametrize(
    "change",
    [
        {"valid_until": datetime.date(2025, 1, 1)},
        {"backing_practitioners": 101},
        {"discipline_practitioners": 0, "backing_practitioners": 0},
        {"scope": []},
        {"revoked_on": datetime.date(2026, 2, 1), "revocation_reason": ""},
    ],
)
def test_mandate_rules_in_the_database(change):
    mandate = f.MandateFactory()
    refused(lambda: Mandate.objects.filter(pk=mandate.pk).update(**change))


def test_main_task_once_per_region():
    region = f.RegionFactory()
    RegionTask.objects.create(region=region, task=2)
    refused(lambda: RegionTask.objects.create(region=region, task=2))
    refused(lambda: RegionTask.objects.create(region=region, task=6))


def test_a_child_cannot_be_moved_to_another_region_than_its_parent():
    contact = f.AllianceContactFactory()
    other = f.RegionFactory()
    refused(lambda: AllianceContact.objects.filter(pk=contact.pk).update(region=other))
    refused(
        lambda: AllianceContact.objects.bulk_create(
            [
                AllianceContact(
                    neighbourhood=contact.neighbourhood,
                    region=other,
                    discipline=contact.discipline,
                    name="Fictief",
                )
            ]
        )
    )


def test_a_parent_cannot_move_away_from_its_children():
    contact = f.AllianceContactFactory()
    refused(
        lambda: Neighbourhood.objects.filter(pk=contact.neighbourhood_id).update(
            region=f.RegionFactory()
        )
    )


def test_reviews_are_final(world):
    from agreements import services

    f.CoveredDisciplineFactory(agreement=world.agreement)
    f.MandateFactory(region=world.region)
    services.submit(world.editor, world.agreement)
    review = services.review(
        world.party_insurer_member, world.agreement, version=1, decision="approve"
    )
    refused(
        lambda: Review.objects.filter(pk=review.pk).update(comment="achteraf"), ProgrammingError
    )


def test_regions_with_data_cannot_be_deleted():
    from django.db.models import ProtectedError

    hood = f.NeighbourhoodFactory()
    with pytest.raises(ProtectedError):
        Region.objects.filter(pk=hood.region_id).delete()


# Constraints no person can break through a form or the API: keys that tie a row to its region
# and the numbering of frozen versions, which only the services write.
INTERNAL_CONSTRAINTS = {
    "agreementversion_id_agreement_key",
    "version_number_once",
    "version_number_positive",
}


def test_every_constraint_a_person_can_break_says_so_in_dutch_beside_its_field():
    from django.apps import apps

    from regions.constraints import FieldConstraintMixin

    checked = []
    for app in ("regions", "neighbourhoods", "mandates", "agreements"):
        for model in apps.get_app_config(app).get_models():
            for constraint in model._meta.constraints:
                if constraint.name.endswith("_id_region_key") or constraint.name in (
                    INTERNAL_CONSTRAINTS
                ):
                    continue
                assert isinstance(constraint, FieldConstraintMixin), constraint.name
                assert constraint.violation_error_code, constraint.name
                message = str(constraint.get_violation_error_message())
                assert "Beperking" not in message and constraint.name not in message
                assert model._meta.get_field(constraint.field), constraint.name
                checked.append(constraint.name)
    assert "agreement_period_ordered" in checked and "neighbourhood_name_unique" in checked
