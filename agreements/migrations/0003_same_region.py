from django.db import migrations

from regions.tenancy import same_region_constraint

CHILDREN = [
    "agreements_agreementparty",
    "agreements_agreementdiscipline",
    "agreements_agreementgoal",
    "agreements_budgetline",
    "agreements_target",
    "agreements_agreementversion",
    "agreements_review",
]


class Migration(migrations.Migration):
    dependencies = [("agreements", "0002_initial"), ("regions", "0003_same_region")]

    operations = [
        *(same_region_constraint(table, "agreement_id", "agreements_agreement") for table in CHILDREN),
        same_region_constraint("agreements_agreementgoal", "goal_id", "regions_regiongoal"),
        same_region_constraint("agreements_review", "version_id", "agreements_agreementversion"),
        migrations.RunSQL(
            sql=(
                "ALTER TABLE agreements_review ADD CONSTRAINT agreements_review_version_of_agreement "
                "FOREIGN KEY (version_id, agreement_id) "
                "REFERENCES agreements_agreementversion (id, agreement_id) DEFERRABLE INITIALLY DEFERRED"
            ),
            reverse_sql="ALTER TABLE agreements_review DROP CONSTRAINT agreements_review_version_of_agreement",
        ),
    ]
