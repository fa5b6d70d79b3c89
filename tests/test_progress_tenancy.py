"""The progress app's rows are tenant rows like every other: region, scoping, same-region keys.

(``tests/test_tenancy.py`` walks the other domain apps the same way.)"""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, connection, transaction

from agreements.models import AgreementStatus
from progress import services
from progress.models import (
    BudgetRealisation,
    Kpi,
    Measurement,
    RegionChange,
    ReportingSchedule,
    TargetKpi,
)
from regions.models import Phase
from regions.tenancy import Action, RegionOwned

from . import factories as f
from .tenancy import assert_reachable, assert_unreachable
from .test_tenancy import _composite_foreign_keys

pytestmark = pytest.mark.django_db

AGREEMENT_ROWS = {ReportingSchedule, TargetKpi, Measurement, BudgetRealisation}


def progress_models():
    return [
        model
        for model in apps.get_app_config("progress").get_models()
        if model is not Kpi and not model._meta.db_table.endswith("event")
    ]


def rows(world) -> dict:
    agreement = f.AgreementFactory(region=world.region, lead_insurer=world.party_insurer)
    target = f.TargetFactory(agreement=agreement)
    line = f.BudgetLineFactory(agreement=agreement)
    f.move_to(agreement, AgreementStatus.ACTIVE, lead_insurer=world.party_insurer)
    today = datetime.date.today()
    return {
        ReportingSchedule: services.set_rhythm(world.editor, agreement, "yearly"),
        TargetKpi: services.link_kpi(world.editor, target, Kpi.objects.first()),
        Measurement: services.record_measurement(
            world.editor, target, period_start=today, period_end=today, value=1, source="x"
        ),
        BudgetRealisation: services.set_realisation(world.editor, line, amount=Decimal(1)),
        RegionChange: services.change_phase(
            world.admin, world.region, phase=Phase.AGREEMENTS, changed_on=today, reason="x"
        ),
    }


def test_every_progress_model_is_a_tenant_row_with_same_region_keys(world):
    models = progress_models()
    assert set(models) == set(rows(world))
    composite = _composite_foreign_keys()
    for model in models:
        assert issubclass(model, RegionOwned), model
        for field in model._meta.fields:
            if field.is_relation and issubclass(field.related_model, RegionOwned):
                key = (model._meta.db_table, field.column, field.related_model._meta.db_table)
                assert key in composite, key


def test_who_reaches_progress_rows(world):
    for model, row in rows(world).items():
        assert_reachable(row, world.admin, world.editor, world.viewer, world.platform_admin)
        assert_unreachable(row, *world.outsiders.values(), AnonymousUser())
        assert_unreachable(row, world.viewer, world.party_insurer_member, action=Action.CHANGE)
        if model in AGREEMENT_ROWS:
            assert_reachable(row, world.party_insurer_member)
        else:
            assert_unreachable(row, world.party_insurer_member)


def test_the_database_refuses_a_measurement_in_another_region(world):
    measurement = rows(world)[Measurement]
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.filter(pk=measurement.pk).update(region=world.other_region)
        connection.check_constraints()
