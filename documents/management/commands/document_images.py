import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agreements.models import Agreement
from documents.models import DocumentKind
from documents.rendering import render
from regions.models import Region

OUTPUT = Path(settings.BASE_DIR) / "docs" / "documents"


class Command(BaseCommand):
    help = (
        "Render one document of each kind (regiobeeld, regioplan, progress report) for a region "
        "of the demo data and write the PDFs and an image of every page (pdftoppm) to "
        "docs/documents/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", default="amstelland-zuid", help="region code")
        parser.add_argument(
            "--agreement", default="AMZ-OI-01", help="reference of the progress report's agreement"
        )
        parser.add_argument("--output", type=Path, default=OUTPUT)
        parser.add_argument("--resolution", type=int, default=70, help="pixels per inch")

    def handle(self, *args, region, agreement, output, resolution, **options):
        if shutil.which("pdftoppm") is None:
            raise CommandError("pdftoppm is missing: install poppler-utils.")
        found = Region.objects.filter(code=region).first()
        if found is None:
            raise CommandError(f"No region {region!r}: run `manage.py seed_demo` first.")
        subject = Agreement.objects.filter(region=found, reference=agreement).first()
        if subject is None:
            raise CommandError(f"No agreement {agreement!r} in {found}.")
        output.mkdir(parents=True, exist_ok=True)
        for old in output.glob("*.p[dn][fg]"):
            old.unlink()
        for kind in DocumentKind:
            result = render(kind, found, subject if kind == DocumentKind.PROGRESS_REPORT else None)
            name = kind.value.replace("_", "-")
            pdf = output / f"{name}.pdf"
            pdf.write_bytes(result.pdf)
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(resolution), str(pdf), str(output / name)],
                check=True,
            )
            self.stdout.write(
                f"{pdf.relative_to(Path.cwd()) if pdf.is_relative_to(Path.cwd()) else pdf}: "
                f"{result.page_count} pages, {result.timings.total:.2f} s"
            )
