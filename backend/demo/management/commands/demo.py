from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings

from accounts.models import User
from demo.data import PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo cluster (logins of the README, password 'demo'). Refuses to run when DEBUG is off."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when the database has users.")

    def handle(self, *args, if_empty=False, **options):
        if not settings.DEBUG:
            raise CommandError("The demo data has well-known passwords; it is only loaded with DEBUG on.")
        if User.objects.exists():
            if if_empty:
                self.stdout.write("Database has data; demo not loaded.")
                return
            raise CommandError("The database already has users. Use a fresh database for the demo.")
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            load_demo()  # the demo's own requests e-mail nobody
        logins = "ana, bruno, carla, diego, elena, felipe, manager, accountant or admin"
        self.stdout.write(self.style.SUCCESS(f"Demo loaded. Log in as {logins} with password '{PASSWORD}'."))
