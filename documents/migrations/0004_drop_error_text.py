from django.db import migrations, models


def texts_from_codes(apps, schema_editor):
    """Backwards: the old column needs a text for every failed document."""
    Document = apps.get_model("documents", "Document")
    Document.objects.filter(status="failed").update(error="Het maken van de PDF is mislukt.")


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_failure_reason")]

    operations = [
        migrations.RemoveConstraint(model_name="document", name="document_failed_has_error"),
        migrations.RunPython(migrations.RunPython.noop, texts_from_codes),
        migrations.RemoveField(model_name="document", name="error"),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("failure__gt", ""), ("status", "failed")),
                    models.Q(models.Q(("status", "failed"), _negated=True), ("failure", "")),
                    _connector="OR",
                ),
                name="document_failed_has_failure",
            ),
        ),
    ]
