"""Import a spreadsheet into a region from the command line, as the staff pages do: the
preview is printed (the rows' errors in Dutch, as staff see them); without --dry-run the rows
then go in (all or none), recorded in the region's import history and in the change history
under --user."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from regions.errors import DomainError
from regions.models import Region
from spreadsheets import services
from spreadsheets.models import ImportKind
from spreadsheets.reading import MAX_BYTES

LABELS = {
    services.CREATE: "new",
    services.UPDATE: "updated",
    services.UNCHANGED: "unchanged",
    services.REFUSED: "refused",
}


class Command(BaseCommand):
    help = "Import neighbourhoods, alliance contacts or mandates from an XLSX or CSV file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="an .xlsx or .csv file")
        parser.add_argument("--region", required=True, help="the region's code")
        parser.add_argument("--kind", required=True, choices=ImportKind.values)
        parser.add_argument("--user", help="username the change history names (default: none)")
        parser.add_argument(
            "--dry-run", action="store_true", help="print the preview and write nothing"
        )

    def handle(self, *args, file, region, kind, user, dry_run, **options):
        region_row = Region.objects.filter(code=region).first()
        if region_row is None:
            raise CommandError(f"No region with code {region!r}.")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"No user {user!r}.")
        try:
            with file.open("rb") as handle:
                content = handle.read(MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            plan = services.plan_import(region_row, kind, file.name, content)
        except DomainError as error:
            raise CommandError(" ".join(p.message for p in error.problems)) from None
        self.print_plan(plan)
        refused = plan.count(services.REFUSED)
        if refused:
            raise CommandError(f"{refused} row(s) refused; nothing was imported.")
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
            return
        try:
            batch = services.confirm(actor, services.keep_preview(actor, region_row, plan))
        except DomainError as error:
            raise CommandError(" ".join(p.message for p in error.problems)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {batch.created_count} new, {batch.updated_count} updated."
            )
        )

    def print_plan(self, plan):
        self.stdout.write(
            f"{plan.file_name} ({plan.kind.label}): "
            + ", ".join(f"{plan.count(action)} {label}" for action, label in LABELS.items())
        )
        for warning in plan.warnings:
            self.stdout.write(self.style.WARNING(warning))
        for row in plan.rows:
            if row["action"] == services.UNCHANGED:
                continue
            line = f"row {row['row']}: {LABELS[row['action']]} – {row['label']}"
            if row["changes"]:
                line += " (" + "; ".join(f"{c}: {old} → {new}" for c, old, new in row["changes"])
                line += ")"
            self.stdout.write(line)
            for error in row["errors"]:
                self.stdout.write(self.style.ERROR(f"  {error}"))
