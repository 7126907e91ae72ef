"""The `--at ISO` option the sweep commands share (a leading underscore: not a command itself)."""

from datetime import datetime

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime


def moment(at: str | None) -> datetime:
    """`at` as an aware moment, or now when not given; a CommandError for anything else."""
    if not at:
        return timezone.now()
    now = parse_datetime(at)
    if now is None or now.tzinfo is None:
        raise CommandError("--at needs an ISO 8601 moment with its offset, e.g. 2027-03-01T10:20:00+01:00")
    return now
