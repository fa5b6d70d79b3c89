import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F


def fill_denominators(apps, schema_editor):
    """Snapshots taken before: their population was that of the registered neighbourhoods, and
    the "every region" aims counted against the 57 regions expected (or more, if there were)."""
    NationalSnapshot = apps.get_model("national", "NationalSnapshot")
    NationalSnapshot.objects.update(registered_population=F("population"))
    for snapshot in NationalSnapshot.objects.all():
        snapshot.regions_expected = max(57, snapshot.regions)
        snapshot.save(update_fields=["regions_expected"])


class Migration(migrations.Migration):
    dependencies = [
        ("national", "0001_initial"),
        ("regions", "0007_roadmap_population"),
    ]

    operations = [
        migrations.AddField(
            model_name="nationalsnapshot",
            name="regions_expected",
            field=models.PositiveIntegerField(
                default=0,
                help_text="De noemer van de doelen voor elke regio: REGIONS_EXPECTED, of meer.",
                verbose_name="verwachte regio's",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="nationalsnapshot",
            name="registered_population",
            field=models.PositiveBigIntegerField(
                default=0, verbose_name="inwoners van de ingedeelde wijken"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="nationalsnapshot",
            name="regions_behind_roadmap",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="regio's achter op de routekaart"
            ),
        ),
        migrations.RunPython(fill_denominators, migrations.RunPython.noop),
        migrations.CreateModel(
            name="RegionSnapshot",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(verbose_name="datum")),
                (
                    "phase",
                    models.CharField(
                        choices=[
                            ("network", "netwerkfase"),
                            ("agreements", "afsprakenfase"),
                            ("organisation", "organisatiefase"),
                            ("deepening", "verdiepingsfase"),
                        ],
                        max_length=20,
                        verbose_name="fase",
                    ),
                ),
                (
                    "behind_roadmap",
                    models.BooleanField(default=False, verbose_name="achter op de routekaart"),
                ),
                (
                    "tasks_in_place",
                    models.PositiveSmallIntegerField(verbose_name="hoofdtaken ingericht"),
                ),
                (
                    "core_mandated",
                    models.PositiveSmallIntegerField(
                        verbose_name="kerndisciplines met mandaat voor contractering"
                    ),
                ),
                (
                    "disciplines_contracting",
                    models.PositiveSmallIntegerField(
                        verbose_name="disciplines vertegenwoordigd voor contractering"
                    ),
                ),
                ("population", models.PositiveIntegerField(verbose_name="inwoners")),
                (
                    "covered_population",
                    models.PositiveIntegerField(
                        verbose_name="inwoners in een wijk met compleet wijkverband"
                    ),
                ),
                (
                    "open_escalated_bottlenecks",
                    models.PositiveIntegerField(verbose_name="open opgeschaalde knelpunten"),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="snapshots",
                        to="regions.region",
                        verbose_name="regio",
                    ),
                ),
            ],
            options={
                "verbose_name": "momentopname van een regio",
                "verbose_name_plural": "momentopnamen van regio's",
                "ordering": ["region", "date"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("region", "date"), name="region_snapshot_once_a_day"
                    )
                ],
            },
        ),
    ]
