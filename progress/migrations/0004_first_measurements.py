"""A target's ``current_value`` of an agreement that was approved (and may since have started or
ended) becomes its first measurement, dated the day the value was last saved. Drafts and
agreements under review keep theirs as part of what is being agreed."""

from django.db import migrations
from django.utils import timezone

RUNNING = ("approved", "active", "ended")
SOURCE = "Huidige waarde van vóór de metingen"


def first_measurements(apps, schema_editor):
    target = apps.get_model("agreements", "Target")
    measurement = apps.get_model("progress", "Measurement")
    rows = []
    for row in target.objects.filter(
        current_value__isnull=False, agreement__status__in=RUNNING
    ).exclude(measurements__source=SOURCE):
        day = timezone.localdate(row.updated_at)
        rows.append(
            measurement(
                region_id=row.region_id,
                agreement_id=row.agreement_id,
                target_id=row.pk,
                period_start=day,
                period_end=day,
                value=row.current_value,
                source=SOURCE,
            )
        )
    measurement.objects.bulk_create(rows)


def remove(apps, schema_editor):
    apps.get_model("progress", "Measurement").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("progress", "0003_kpi_catalogue")]

    operations = [migrations.RunPython(first_measurements, remove)]
