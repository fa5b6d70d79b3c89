"""A failed render tells the person who asked what to do, in their language and without the
platform's internals (exception, server paths); those go to the log with the request id."""

import importlib
import logging

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from documents import rendering
from documents.models import Document, DocumentFailure, DocumentStatus
from documents.tasks import render_document

from .api_helpers import client_for

INTERNAL = "FileExistsError: /srv/regio/media/documents/4 exists and is not a directory"


@pytest.fixture
def broken_storage(monkeypatch):
    def fails(*args, **kwargs):
        raise FileExistsError("/srv/regio/media/documents/4 exists and is not a directory")

    monkeypatch.setattr(rendering, "render", fails)


def assert_without_internals(text):
    for internal in ("FileExistsError", "/srv/", "media/documents", "Traceback"):
        assert internal not in text


def test_a_failed_render_says_what_to_do_and_logs_the_details_with_the_request_id(
    world, client, broken_storage, caplog
):
    client.force_login(world.editor)
    client.post(
        reverse("documents:request", args=[world.region.code]),
        {"kind": "progress_report", "afspraak": world.agreement.pk},
        headers={"X-Request-ID": "vraag-4711"},
    )
    document = Document.objects.get()
    assert document.request_id == "vraag-4711"

    with caplog.at_level(logging.ERROR, logger="documents.tasks"):
        render_document.apply(args=[document.pk])

    document.refresh_from_db()
    assert (document.status, document.failure) == (DocumentStatus.FAILED, DocumentFailure.RENDER)
    assert document.error.startswith("Het maken van de PDF is mislukt")
    assert f"documentnummer {document.pk}" in document.error
    assert_without_internals(document.error)
    [record] = caplog.records
    assert f"Document {document.pk} (request vraag-4711)" in record.getMessage()
    assert "FileExistsError" in caplog.text and "/srv/regio/media/documents/4" in caplog.text

    panel = client.get(
        reverse("documents:panel", args=[world.region.code]) + f"?afspraak={world.agreement.pk}"
    )
    assert "Het maken van de PDF is mislukt" in panel.content.decode()
    assert_without_internals(panel.content.decode())

    response = client_for(world, "party_insurer").get(
        reverse("api:agreement-document-detail", args=[world.agreement.pk, document.pk])
    )
    assert response.status_code == 200
    assert response.json()["error"] == document.error
    assert_without_internals(response.content.decode())


def test_reasons_stored_as_text_become_codes():
    migration = importlib.import_module("documents.migrations.0003_failure_reason")
    assert migration.failure_of(f"Het maken van de PDF is mislukt: {INTERNAL}. Vraag…") == "render"
    assert migration.failure_of("Het maken duurde langer dan 120 seconden…") == "timeout"
    assert migration.failure_of("De database was na 4 pogingen niet bereikbaar.") == "database"
    assert migration.failure_of("Het document is niet op tijd gemaakt en is opgegeven.") == "lost"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_replaces_stored_internals_by_a_code(world):
    executor = MigrationExecutor(connection)
    before = [("documents", "0002_same_region")]
    latest = executor.loader.graph.leaf_nodes("documents")
    executor.migrate(before)
    try:
        old_apps = executor.loader.project_state(before).apps
        old_document = old_apps.get_model("documents", "Document")
        stored = old_document.objects.create(
            region_id=world.region.pk,
            kind="regiobeeld",
            status="failed",
            fingerprint="f" * 64,
            error=f"Het maken van de PDF is mislukt: {INTERNAL}.",
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    apps.clear_cache()

    migrated = Document.objects.get(pk=stored.pk)
    assert migrated.failure == DocumentFailure.RENDER
    assert_without_internals(migrated.error)
    columns = [
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), Document._meta.db_table
        )
    ]
    assert "error" not in columns
