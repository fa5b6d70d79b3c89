from django.db import migrations

from regions.tenancy import same_region_constraint


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [
        same_region_constraint("documents_document", "agreement_id", "agreements_agreement"),
    ]
