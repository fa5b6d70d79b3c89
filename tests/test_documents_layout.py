"""The PDFs of a large region: what grows with the region breaks across pages, nothing is lost
and nothing runs over the page's margins."""

import datetime
import io
import time
from itertools import pairwise

import pytest
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import MarginBox, ReplacedBox, TextBox

from documents import rendering
from documents.models import DocumentKind
from neighbourhoods.models import Neighbourhood
from regions.formatting import number
from regions.models import RegionAction

from . import factories as f

NEIGHBOURHOODS = 200
MUNICIPALITIES = 40


@pytest.fixture
def large_region(db):
    region = f.RegionFactory(code="groot", name="Regio Fictief Groot")
    Neighbourhood.objects.bulk_create(
        Neighbourhood(
            region=region,
            name=f"Proefwijk {serial:03d}",
            municipality=f"Proefgemeente {serial % MUNICIPALITIES:02d}",
            population=5_000 + serial * 137,
            cbs_codes=[f"WK{serial:06d}"],
        )
        for serial in range(1, NEIGHBOURHOODS + 1)
    )
    return region


def overflowing_boxes(document) -> list[str]:
    """Boxes of the document's content that reach below a page's content area (into the
    bottom margin with the page number and the region's name) or beyond the page's sides."""
    found = []
    for page_number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        bottom = page_box.content_box_y() + page_box.height
        for child in page_box.children:
            if isinstance(child, MarginBox):
                continue
            for box in child.descendants():
                if not hasattr(box, "position_y"):
                    continue
                box_bottom = box.position_y + box.margin_height() - box.margin_bottom
                box_right = box.position_x + box.margin_width() - box.margin_right
                if (
                    box_bottom > bottom + 0.5
                    or box.position_x < -0.5
                    or box_right > page_box.margin_width() + 0.5
                ):
                    found.append(f"page {page_number}: {box!r}")
    return found


def content_boxes(page):
    for child in page._page_box.children:
        if not isinstance(child, MarginBox):
            yield from (box for box in child.descendants() if hasattr(box, "position_y"))


def half_empty_pages(document) -> list[int]:
    """Pages filled less than halfway although the next page does not start a chapter: what
    followed was pushed over instead of broken (the page of "Bevolking en wijken" that held
    only its heading while its chart ran off the next page)."""
    found = []
    for page_number, (page, following) in enumerate(pairwise(document.pages), start=1):
        page_box = page._page_box
        top, height = page_box.content_box_y(), page_box.height
        filled = (
            max(
                box.position_y + box.margin_height()
                for box in content_boxes(page)
                if isinstance(box, (TextBox, ReplacedBox))
            )
            - top
        )
        chapter_starts = any(
            box.element_tag == "h2" and box.position_y <= top + 1
            for box in content_boxes(following)
        )
        if filled < height / 2 and not chapter_starts:
            found.append(page_number)
    return found


@pytest.mark.slow
def test_a_regiobeeld_of_200_neighbourhoods_shows_every_one_within_the_pages(large_region):
    started = time.perf_counter()
    rendered = rendering.render(DocumentKind.REGIOBEELD, large_region)
    seconds = time.perf_counter() - started

    reader = PdfReader(io.BytesIO(rendered.pdf))
    text = " ".join("\n".join(page.extract_text() for page in reader.pages).split())
    missing_in_chart_or_table = [
        name
        for name in Neighbourhood.objects.filter(region=large_region).values_list("name", flat=True)
        if text.count(name) < 2
    ]
    assert missing_in_chart_or_table == [], "every neighbourhood in the chart and in the table"
    per_municipality = NEIGHBOURHOODS // MUNICIPALITIES
    for municipality in range(MUNICIPALITIES):
        # In the chart and the table of municipalities, and beside each of its neighbourhoods.
        assert text.count(f"Proefgemeente {municipality:02d}") == 2 + per_municipality
    population = sum(Neighbourhood.objects.values_list("population", flat=True))
    assert text.count(f"Totaal {number(population)}") == 1, "the total once, not on every page"

    html, _print = rendering.compose(DocumentKind.REGIOBEELD, large_region)
    document = HTML(string=html).render(**rendering.PDF_OPTIONS)
    assert overflowing_boxes(document) == []
    assert half_empty_pages(document) == []
    assert len(document.pages) == rendered.page_count
    print(f"\n200-neighbourhood regiobeeld: {rendered.page_count} pages in {seconds:.2f} s")


@pytest.mark.slow
def test_a_regioplan_with_a_goal_longer_than_a_page_stays_within_the_pages(large_region):
    goals = [
        f.RegionGoalFactory(region=large_region, vision_goal=vision_goal, title=f"Doel {n:02d}")
        for n, vision_goal in enumerate([1, 2, 3, 4, 5, 6] * 4)
    ]
    RegionAction.objects.bulk_create(
        RegionAction(
            region=large_region,
            goal=goal,
            title=f"Proefactie {serial:03d}",
            owner="Regiobureau",
            due_date=datetime.date(2025, 1, 1) + datetime.timedelta(days=serial),
        )
        for serial, goal in enumerate([goals[0]] * 70 + goals * 3)
    )

    rendered = rendering.render(DocumentKind.REGIOPLAN, large_region)

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered.pdf)).pages)
    assert all(f"Proefactie {serial:03d}" in text for serial in range(70 + 24 * 3))
    html, _print = rendering.compose(DocumentKind.REGIOPLAN, large_region)
    document = HTML(string=html).render(**rendering.PDF_OPTIONS)
    assert overflowing_boxes(document) == []
    assert half_empty_pages(document) == []
