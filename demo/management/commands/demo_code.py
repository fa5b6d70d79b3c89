from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.otp import current_code


class Command(BaseCommand):
    help = "Print the current two-step code of a demo login (seed_demo gives them known keys)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get(username=username)
            self.stdout.write(current_code(user))
        except (get_user_model().DoesNotExist, TOTPDevice.DoesNotExist) as missing:
            raise CommandError(f"{username} has no demo authenticator.") from missing
