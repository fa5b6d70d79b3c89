"""A failed document keeps why it failed as a code, shown in the reader's language; what
went wrong inside (exception, server paths) goes to the log only.

Reasons stored as text before this, some with an exception and a path in them, become codes.
"""

from django.db import migrations, models


def failure_of(error: str) -> str:
    """The code of a reason stored as text (always Dutch: the task rendered under ``nl``)."""
    if error.startswith("Het maken duurde langer"):
        return "timeout"
    if error.startswith("De database was"):
        return "database"
    if error.startswith("Het document is niet op tijd gemaakt"):
        return "lost"
    return "render"


def codes_from_texts(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    failed = Document.objects.filter(status="failed").only("pk", "error")
    by_code: dict[str, list[int]] = {}
    for document in failed:
        by_code.setdefault(failure_of(document.error), []).append(document.pk)
    for code, ids in by_code.items():
        Document.objects.filter(pk__in=ids).update(failure=code)


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_same_region")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="failure",
            field=models.CharField(
                blank=True,
                choices=[
                    ("render", "fout bij het maken"),
                    ("timeout", "duurde te lang"),
                    ("database", "database niet bereikbaar"),
                    ("lost", "niet op tijd gemaakt"),
                ],
                max_length=20,
                verbose_name="reden van mislukken",
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="request_id",
            field=models.CharField(
                blank=True,
                help_text="De X-Request-ID van de aanvraag; het logboek noemt hem bij elke stap.",
                max_length=64,
                verbose_name="verzoek-id",
            ),
        ),
        migrations.RunPython(codes_from_texts, migrations.RunPython.noop),
    ]
