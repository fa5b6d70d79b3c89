from django.db import migrations

from regions.tenancy import same_region_constraint


class Migration(migrations.Migration):
    dependencies = [("neighbourhoods", "0002_initial")]

    operations = [
        same_region_constraint(
            "neighbourhoods_alliancecontact", "neighbourhood_id", "neighbourhoods_neighbourhood"
        ),
        same_region_constraint(
            "neighbourhoods_bottleneck", "neighbourhood_id", "neighbourhoods_neighbourhood"
        ),
    ]
