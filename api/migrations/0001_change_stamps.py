from django.db import migrations, models

from api.models import FUNCTIONS_SQL, stamp_triggers

AGREEMENT_ROW_TABLES = (
    "agreements_agreementparty",
    "agreements_agreementdiscipline",
    "agreements_agreementgoal",
    "agreements_budgetline",
    "agreements_target",
    "agreements_agreementversion",
    "agreements_review",
    "agreements_signature",
)
REFERENCE_TABLES = (
    "regions_organisation",
    "regions_discipline",
    "regions_regiongoal",
    "regions_region",
)
TRIGGERS = [stamp_triggers(table) for table in AGREEMENT_ROW_TABLES] + [
    stamp_triggers(table, reference=True) for table in REFERENCE_TABLES
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("agreements", "0006_procurement_models_signatures_funding"),
        ("regions", "0008_preferred_insurers_organisation_kinds"),
    ]

    operations = [
        migrations.CreateModel(
            name="ChangeStamp",
            fields=[
                ("agreement_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField(default=1)),
            ],
            options={"verbose_name": "wijzigingsteller"},
        ),
        migrations.RunSQL(
            FUNCTIONS_SQL,
            "DROP FUNCTION api_stamp_agreement_row(); DROP FUNCTION api_stamp_reference();",
        ),
        *(migrations.RunSQL(create, drop) for create, drop in TRIGGERS),
    ]
