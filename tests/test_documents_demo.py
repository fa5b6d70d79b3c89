"""The seeded regions record indicators, so a demo regiobeeld shows the region beside the
country instead of "nog geen indicatoren vastgelegd"."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from documents import content, rendering
from documents.models import DocumentKind
from regions.models import IndicatorKind, Region, RegionIndicator

NONE_RECORDED = "nog geen indicatoren vastgelegd"


def latest_year() -> int:
    return timezone.localdate().year - 1


@pytest.mark.slow
def test_seed_demo_records_every_indicator_for_every_region_once(db):
    call_command("seed_demo", stdout=io.StringIO())
    recorded = RegionIndicator.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert RegionIndicator.objects.count() == recorded

    regions = list(Region.objects.all())
    for region in regions:
        rows = content.indicators(region)
        assert [row.kind for row in rows] == list(IndicatorKind), region
        assert all(row.year == latest_year() for row in rows)
        assert all(
            row.national is not None and row.national_regions == len(regions) for row in rows
        )
        assert all("fictief" in row.source for row in rows)
    assert recorded == len(regions) * len(IndicatorKind) * 2

    region = Region.objects.get(code="amstelland-zuid")
    reader = PdfReader(io.BytesIO(rendering.render(DocumentKind.REGIOBEELD, region).pdf))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert NONE_RECORDED not in text
    assert "Aandeel inwoners van 75 jaar en ouder" in text
    assert "10,3 %" in text  # Amstelland-Zuid's figure of last year, in Dutch notation


def test_seed_scale_records_indicators_in_one_insert(db):
    with CaptureQueriesContext(connection) as queries:
        out = io.StringIO()
        call_command("seed_scale", "--regions", "3", "--json", stdout=out)
    assert json.loads(out.getvalue())["counts"]["regions.RegionIndicator"] == 3 * 5 * 2
    inserts = [q for q in queries if 'INSERT INTO "regions_regionindicator"' in q["sql"]]
    assert len(inserts) == 1

    for region in Region.objects.all():
        rows = content.indicators(region)
        assert [row.kind for row in rows] == list(IndicatorKind)
        assert all(row.national_regions == 3 for row in rows)
