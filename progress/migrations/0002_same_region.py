from django.db import migrations

from regions.tenancy import same_region_constraint


def parent_key(table):
    """The (id, region_id) key of an agreements table this app's rows point into with their
    region; agreements' own rows do not need it, so it is created here."""
    name = f"progress_{table}_id_region_key"
    return migrations.RunSQL(
        sql=f"ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE (id, region_id)",
        reverse_sql=f"ALTER TABLE {table} DROP CONSTRAINT {name}",
    )


class Migration(migrations.Migration):
    dependencies = [("progress", "0001_initial"), ("agreements", "0005_constraint_messages")]

    operations = [
        parent_key("agreements_target"),
        parent_key("agreements_budgetline"),
        *(
            same_region_constraint(f"progress_{model}", "agreement_id", "agreements_agreement")
            for model in ("reportingschedule", "targetkpi", "measurement", "budgetrealisation")
        ),
        same_region_constraint("progress_targetkpi", "target_id", "agreements_target"),
        same_region_constraint("progress_measurement", "target_id", "agreements_target"),
        same_region_constraint(
            "progress_budgetrealisation", "budget_line_id", "agreements_budgetline"
        ),
        same_region_constraint("progress_regionchange", "evidence_id", "agreements_agreement"),
    ]
