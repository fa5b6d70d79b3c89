from django.db import migrations, models

from national.models import DROP_FIGURES_STAMP_SQL, FIGURES_STAMP_SQL, figures_stamp_triggers

# The tables the national figures read (tests/test_national_stamps.py checks that the overview
# reads no other), and the column naming the region a row belongs to; None: reference data and
# national tables, stamped as a whole.
STAMPED_TABLES = {
    "regions_region": "id",
    "regions_regiontask": "region_id",
    "regions_regionindicator": "region_id",
    "regions_region_preferred_insurers": "region_id",
    "regions_organisation_regions": "region_id",
    "mandates_mandate": "region_id",
    "neighbourhoods_neighbourhood": "region_id",
    "neighbourhoods_alliancecontact": "region_id",
    "neighbourhoods_bottleneck": "region_id",
    "agreements_agreement": "region_id",
    "agreements_agreementparty": "region_id",
    "agreements_agreementversion": "region_id",
    "agreements_review": "region_id",
    "agreements_signature": "region_id",
    "agreements_agreementdiscipline": "region_id",
    "agreements_budgetline": "region_id",
    "agreements_target": "region_id",
    "regions_discipline": None,
    "regions_organisation": None,
    "regions_roadmapyear": None,
    "national_nationalsnapshot": None,
}

TRIGGERS = [
    statement
    for table, region_column in STAMPED_TABLES.items()
    for statement in figures_stamp_triggers(table, region_column)
]


class Migration(migrations.Migration):
    dependencies = [
        ("national", "0002_region_snapshots_and_denominators"),
        ("regions", "0008_preferred_insurers_organisation_kinds"),
        ("mandates", "0004_transmural_bridging_scopes"),
        ("neighbourhoods", "0006_contact_organisation"),
        ("agreements", "0006_procurement_models_signatures_funding"),
    ]

    operations = [
        migrations.CreateModel(
            name="FiguresStamp",
            fields=[
                ("region_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField()),
            ],
            options={"verbose_name": "wijzigingsteller landelijke cijfers"},
        ),
        migrations.RunSQL(FIGURES_STAMP_SQL, DROP_FIGURES_STAMP_SQL),
        *(migrations.RunSQL(create, drop) for create, drop in TRIGGERS),
    ]
