"""Spreadsheet import at the scale of the whole country in one region: the preview and the
commit of 1,500 neighbourhoods and then 6,000 alliance contacts (four per neighbourhood) from
XLSX files, in-process, through the same services as the staff page. A file holds at most
5,000 rows, so the contacts come in two files of 3,000. Each run starts from a region without
neighbourhoods; a run also previews the contact files once more after their commit (nothing
changes) for the cost of a re-import."""

import io
import time

from bench import Samples, benchmark
from bench.documents import measured_once

NEIGHBOURHOODS = 1_500
DISCIPLINES = ["huisartsenzorg", "wijkverpleging", "apotheek", "sociaal domein"]
REGION_CODE = "bench-import"
USERNAME = "bench-import"


def workbook(headers, rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


CONTACT_FILES = 2


def files() -> tuple[bytes, list[bytes]]:
    hoods = [f"Wijk Fictief {n:04d}" for n in range(NEIGHBOURHOODS)]
    neighbourhoods = workbook(
        ["Naam", "Gemeente", "Inwoners", "CBS-wijkcodes"],
        [
            [name, f"Gemeente Fictief {n // 25}", 10_000 + n, f"WK{n:04d}01"]
            for n, name in enumerate(hoods)
        ],
    )
    contacts = [
        [
            name,
            discipline,
            f"Contact Fictief {n}-{d}",
            f"Praktijk Fictief {n}",
            "contactpersoon",
            f"contact{n}-{d}@example.test",
            "+31 30 123 45 67",
            "ja",
        ]
        for n, name in enumerate(hoods)
        for d, discipline in enumerate(DISCIPLINES)
    ]
    part = len(contacts) // CONTACT_FILES
    headers = [
        "Wijk",
        "Discipline",
        "Naam",
        "Organisatie",
        "Functie",
        "E-mailadres",
        "Telefoon",
        "Actief",
    ]
    return neighbourhoods, [
        workbook(headers, contacts[start : start + part]) for start in range(0, len(contacts), part)
    ]


@measured_once
def measure(context) -> dict:
    context.django()
    from django.db import close_old_connections

    from accounts.models import User
    from neighbourhoods.models import AllianceContact, Neighbourhood
    from regions.models import Region, RegionMembership
    from regions.tenancy import Role
    from spreadsheets import services
    from spreadsheets.models import ImportBatch

    close_old_connections()
    region, _created = Region.objects.get_or_create(
        code=REGION_CODE, defaults={"name": "Regio Fictief Import", "care_office_region": "Fictief"}
    )
    user, _created = User.objects.get_or_create(username=USERNAME)
    RegionMembership.objects.get_or_create(user=user, region=region, defaults={"role": Role.EDITOR})
    neighbourhood_file, contact_files = files()
    uploads = [("neighbourhoods", neighbourhood_file)] + [
        ("contacts", content) for content in contact_files
    ]

    def timed(step, *args):
        started = time.perf_counter()
        result = step(*args)
        return result, time.perf_counter() - started

    runs = []
    for _run in range(context.runs):
        AllianceContact.objects.filter(region=region).delete()
        Neighbourhood.objects.filter(region=region).delete()
        ImportBatch.objects.filter(region=region).delete()
        seconds = {"preview": 0.0, "commit": 0.0, "reimport_preview": 0.0}
        for kind, content in uploads:
            batch, spent = timed(services.preview, user, region, kind, "bench.xlsx", content)
            assert batch.error_count == 0 and batch.created_count, batch.rows[:3]
            seconds["preview"] += spent
            seconds[f"{kind}_preview"] = seconds.get(f"{kind}_preview", 0) + spent
            _batch, spent = timed(services.confirm, user, batch)
            seconds["commit"] += spent
            seconds[f"{kind}_commit"] = seconds.get(f"{kind}_commit", 0) + spent
        for kind, content in uploads:
            again, spent = timed(services.preview, user, region, kind, "bench.xlsx", content)
            assert not again.changes_anything
            seconds["reimport_preview"] += spent
        runs.append(seconds)
    return {
        "runs": runs,
        "details": {
            "neighbourhoods": Neighbourhood.objects.filter(region=region).count(),
            "contacts": AllianceContact.objects.filter(region=region).count(),
            "file_bytes": [len(neighbourhood_file), *map(len, contact_files)],
            "seconds_per_run": runs,
        },
    }


@benchmark(
    "spreadsheet_preview",
    "preview of 1,500 neighbourhoods + 6,000 contacts (3 XLSX files), one region (goal < 10 s)",
    unit="s",
    runs=3,
)
def preview(context) -> Samples:
    measured = measure(context)
    return Samples([run["preview"] for run in measured["runs"]], details=measured["details"])


@benchmark(
    "spreadsheet_commit",
    "commit of the previewed 1,500 neighbourhoods + 6,000 contacts (goal < 20 s)",
    unit="s",
    runs=3,
)
def commit(context) -> Samples:
    measured = measure(context)
    return Samples([run["commit"] for run in measured["runs"]], details=measured["details"])
