from django.core.management.base import BaseCommand

from demo.demo_data import DEFAULT_PASSWORD
from demo.seeding import DemoBuilder, logins_table


class Command(BaseCommand):
    help = (
        "Fill the database with a small, fictional demo world (four regions, their "
        "neighbourhoods, mandates, agreements in every status, and a login per role). "
        "Safe to run again: what exists is left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help=f"Password of the demo logins (default: {DEFAULT_PASSWORD}). Given "
            "explicitly, it is also set on demo logins that already exist.",
        )
        parser.add_argument(
            "--print-logins",
            action="store_true",
            help="Only print the table of demo logins; write nothing.",
        )

    def handle(self, *args, password=None, print_logins=False, **options):
        if print_logins:
            self.stdout.write(logins_table(password or DEFAULT_PASSWORD))
            return
        report = DemoBuilder(
            password=password or DEFAULT_PASSWORD, reset_passwords=password is not None
        ).build()
        if report.created:
            made = ", ".join(f"{count} {what}" for what, count in report.created.items())
            self.stdout.write(f"Created: {made}.")
        else:
            self.stdout.write("The demo data was already there; nothing created.")
        if report.skipped_agreements:
            self.stdout.write(
                f"Agreements already present, left as they are: "
                f"{', '.join(report.skipped_agreements)}."
            )
        self.stdout.write("")
        self.stdout.write(logins_table(password or DEFAULT_PASSWORD))
