"""Run the release sweep once, as the beat does every minute: `manage.py release_unused_bookings [--at ISO]`."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from bookings import selectors, services


class Command(BaseCommand):
    help = "Release the approved bookings nobody checked in to within their asset's release delay."

    def add_arguments(self, parser):
        parser.add_argument(
            "--at", help="Sweep as of this moment (ISO 8601 with offset) instead of now: for rehearsals and tests."
        )

    def handle(self, *args, at=None, **options):
        now = timezone.now()
        if at:
            now = parse_datetime(at)
            if now is None or now.tzinfo is None:
                raise CommandError("--at needs an ISO 8601 moment with its offset, e.g. 2027-03-01T10:20:00+01:00")
        released = sum(services.reservation_release(reservation=r, now=now) for r in selectors.release_candidates(now))
        self.stdout.write(f"released {released}")
