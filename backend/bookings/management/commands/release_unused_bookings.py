"""Run the release sweep once, as the beat does every minute: `manage.py release_unused_bookings [--at ISO]`."""

from django.core.management.base import BaseCommand

from bookings import services

from ._moment import moment


class Command(BaseCommand):
    help = "Release the approved bookings nobody checked in to within their asset's release delay."

    def add_arguments(self, parser):
        parser.add_argument(
            "--at", help="Sweep as of this moment (ISO 8601 with offset) instead of now: for rehearsals and tests."
        )

    def handle(self, *args, at=None, **options):
        now = moment(at)
        self.stdout.write(f"released {services.reservations_release_due(now=now)}")
