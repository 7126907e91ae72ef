"""Make and e-mail the kiosk PINs due, as the beat does every minute: `manage.py send_kiosk_pins [--at ISO]`."""

from django.core.management.base import BaseCommand

from bookings.kiosk_pins import kiosk_pins_send_due

from ._moment import moment


class Command(BaseCommand):
    help = "E-mail a kiosk PIN for each booking whose check-in window opened on an asset with kiosk PINs."

    def add_arguments(self, parser):
        parser.add_argument("--at", help="As of this moment (ISO 8601 with offset) instead of now: for tests.")

    def handle(self, *args, at=None, **options):
        self.stdout.write(f"sent {kiosk_pins_send_due(now=moment(at))}")
