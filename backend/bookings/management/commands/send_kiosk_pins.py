"""Make and e-mail the kiosk PINs due, as the beat does every minute: `manage.py send_kiosk_pins [--at ISO]`."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from bookings.kiosk_pins import kiosk_pins_send_due


class Command(BaseCommand):
    help = "E-mail a kiosk PIN for each booking whose check-in window opened on an asset with kiosk PINs."

    def add_arguments(self, parser):
        parser.add_argument("--at", help="As of this moment (ISO 8601 with offset) instead of now: for tests.")

    def handle(self, *args, at=None, **options):
        now = timezone.now()
        if at:
            now = parse_datetime(at)
            if now is None or now.tzinfo is None:
                raise CommandError("--at needs an ISO 8601 moment with its offset, e.g. 2027-03-01T10:20:00+01:00")
        self.stdout.write(f"sent {kiosk_pins_send_due(now=now)}")
