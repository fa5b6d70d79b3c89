from django.db import migrations

from regions.tenancy import same_region_constraint


class Migration(migrations.Migration):
    dependencies = [("regions", "0002_disciplines")]

    operations = [
        same_region_constraint("regions_regionaction", "goal_id", "regions_regiongoal"),
    ]
