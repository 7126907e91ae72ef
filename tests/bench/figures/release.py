"""Issue 23's figure: the release sweep, one beat run over a day's bookings of the dataset (4,000 at full size).

Every dataset asset gets a 15-minute release delay and the sweep (`reservations_release_due`, what the beat task
runs) is timed at the end of the first day whose bookings are all approved and never checked in to, so it
releases that whole day, one transaction per booking as in production. Then a second run must find nothing. It
all happens in one transaction that is rolled back, so the dataset is unchanged for the other figures (and the
e-mails the releases would send on commit are never enqueued). At smoke size no booking is approved yet: the
last day's are made approved first, inside the same transaction.
"""

import time
from datetime import UTC, datetime, timedelta

from tests.bench.harness import Result, recorded_statements, within

DELAY_MINUTES = 15


class _RolledBack(Exception):
    pass


def _the_day(described: dict):
    """The first whole dataset day whose bookings are approved (the later ones start after the sweep), or the
    last day at smoke size, with its bookings made approved."""
    from bookings.models import Reservation, Status

    approved = Reservation.objects.filter(status=Status.APPROVED, asset_id__in=described["assets"])
    first = approved.order_by("start").values_list("start", flat=True).first()
    if first is None:
        last = datetime.fromisoformat(described["end"]).replace(tzinfo=UTC) - timedelta(days=1)
        Reservation.objects.filter(status=Status.COMPLETED, start__gte=last, asset_id__in=described["assets"]).update(
            status=Status.APPROVED
        )
        return last
    return first.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)


def run(bench) -> list[Result]:
    from django.db import transaction

    from assets.models import Asset
    from bookings import selectors, services

    described = bench.dataset()
    measured = {}
    try:
        with transaction.atomic():
            Asset.objects.filter(id__in=described["assets"]).update(release_after_minutes=DELAY_MINUTES)
            day = _the_day(described)
            now = day + timedelta(days=1, minutes=DELAY_MINUTES)
            due = len(selectors.release_candidates(now))
            with recorded_statements() as statements:
                began = time.perf_counter()
                released = services.reservations_release_due(now=now)
                measured["seconds"] = time.perf_counter() - began
            measured.update(due=due, released=released, statements=len(statements), day=day.date().isoformat(),
                            again=services.reservations_release_due(now=now))  # fmt: skip
            raise _RolledBack
    except _RolledBack:
        pass
    correct = measured["released"] == measured["due"] > 0 and measured["again"] == 0
    per_booking = measured["statements"] / max(measured["released"], 1)
    ratio, passed = within(measured["seconds"], 60)
    return [
        Result("23. Release sweep: one beat run over a day's bookings", "≤ 60 s", round(measured["seconds"], 2), "s",
               passed and correct, ratio,
               detail={"released": measured["released"], "due": measured["due"], "second_run": measured["again"],
                       "day": measured["day"], "statements": measured["statements"],
                       "statements_per_booking": round(per_booking, 1), "judged_in_smoke": correct,
                       **({} if correct else {"error": "the day's due bookings were not released exactly once"})}),
    ]  # fmt: skip
