"""The booking rules of an asset, checked for one proposed occurrence.

Each broken rule is a Problem with a stable code; `refuse_broken_rules` turns the
first into a 400 for services and quotes, and series/alternatives use the whole list.
"""

from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.utils.translation import gettext as _

from assets.hours import open_intervals
from assets.models import Asset
from sinergia.exceptions import RuleViolation
from sinergia.intervals import covers


@dataclass(frozen=True)
class Problem:
    code: str
    detail: str
    field: str | None = None
    missing: tuple | None = None  # not_qualified: the qualifications lacking, {"id", "name", "valid_until"}

    def as_dict(self) -> dict:
        values = asdict(self)
        if values["missing"] is None:
            del values["missing"]
        else:
            values["missing"] = list(values["missing"])
        return values


@dataclass(frozen=True)
class Holdings:
    """What an asset requires of a booker and until when the booker holds each (None: not at all), read once per
    booking or series (`assets.qualification_selectors.holdings`)."""

    required: tuple = field(default=())  # ((id, name, valid_until | None), ...)

    def missing_on(self, day: date) -> tuple:
        return tuple(
            {"id": id_, "name": name, "valid_until": until.isoformat() if until else None}
            for id_, name, until in self.required
            if until is None or until < day
        )


NO_REQUIREMENTS = Holdings()


def last_day(asset: Asset, end: datetime) -> date:
    """The asset-local date a booking ends on (one ending at midnight ends the day before)."""
    return (end.astimezone(asset.tz) - timedelta(microseconds=1)).date()


def qualification_problem(asset: Asset, end: datetime, holdings: Holdings) -> Problem | None:
    """`not_qualified` when the booker lacks a grant of a required qualification valid on the booking's end date."""
    missing = holdings.missing_on(last_day(asset, end))
    if not missing:
        return None
    names = ", ".join(
        _("%(name)s (valid only until %(date)s)") % {"name": item["name"], "date": item["valid_until"]}
        if item["valid_until"]
        else item["name"]
        for item in missing
    )
    return Problem(
        "not_qualified",
        _("Booking this asset needs a valid qualification the booker lacks: %(names)s.") % {"names": names},
        "asset",
        missing,
    )


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def _on_grid(moment: datetime, asset: Asset) -> bool:
    local = moment.astimezone(asset.tz)
    return local.second == 0 and local.microsecond == 0 and (local.hour * 60 + local.minute) % asset.slot_minutes == 0


def booking_problems(
    *, asset: Asset, start: datetime, end: datetime, now: datetime, holdings: Holdings = NO_REQUIREMENTS
) -> list[Problem]:
    """Every rule of `asset` that a booking from `start` to `end`, made at `now` by a booker with `holdings`,
    breaks."""
    if not asset.is_active:
        return [Problem("asset_inactive", _("This asset is not available for booking."), "asset")]
    if end <= start:
        return [Problem("end_before_start", _("The end must be after the start."), "end")]
    problems = []
    unqualified = qualification_problem(asset, end, holdings)
    if unqualified:
        problems.append(unqualified)
    if not (_on_grid(start, asset) and _on_grid(end, asset)):
        problems.append(
            Problem(
                "granularity",
                _("Start and end must fall on %(minutes)s-minute slots of the asset's local time.")
                % {"minutes": asset.slot_minutes},
                "start",
            )
        )
    duration = end.astimezone(UTC) - start.astimezone(UTC)  # same-zone subtraction would give wall-clock time
    if duration < asset.min_duration:
        problems.append(
            Problem(
                "too_short",
                _("Bookings of this asset last at least %(minutes)s minutes.")
                % {"minutes": _minutes(asset.min_duration)},
                "end",
            )
        )
    if duration > asset.max_duration:
        problems.append(
            Problem(
                "too_long",
                _("Bookings of this asset last at most %(minutes)s minutes.")
                % {"minutes": _minutes(asset.max_duration)},
                "end",
            )
        )
    if start < now:
        problems.append(Problem("in_the_past", _("The start is in the past."), "start"))
    elif start < now + asset.min_notice:
        problems.append(
            Problem(
                "too_soon",
                _("This asset must be booked at least %(minutes)s minutes ahead.")
                % {"minutes": _minutes(asset.min_notice)},
                "start",
            )
        )
    if start > now + asset.max_horizon:
        problems.append(
            Problem(
                "beyond_horizon",
                _("This asset can be booked at most %(days)s days ahead.") % {"days": asset.max_horizon.days},
                "start",
            )
        )
    if not covers(open_intervals(asset, start, end), (start, end)):
        problems.append(Problem("outside_opening_hours", _("The asset is closed during part of that period."), "start"))
    return problems


def refuse_broken_rules(
    *, asset: Asset, start: datetime, end: datetime, now: datetime, holdings: Holdings = NO_REQUIREMENTS
) -> None:
    """Raise a RuleViolation (400) naming the first rule a booking from `start` to `end` breaks, and listing all.
    `holdings`: the booker's qualifications for the asset, when it requires any."""
    problems = booking_problems(asset=asset, start=start, end=end, now=now, holdings=holdings)
    if problems:
        first = problems[0]
        raise RuleViolation(first.detail, code=first.code, field=first.field, problems=[p.as_dict() for p in problems])


def blocked_period(asset: Asset, start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """The period a booking keeps the asset busy: setup before, cleanup after, in real time (UTC): on a local time
    the buffer would be added on the wall clock, wrong across a daylight-saving change."""
    return start.astimezone(UTC) - asset.setup_buffer, end.astimezone(UTC) + asset.cleanup_buffer


def needs_approval(asset: Asset, member) -> bool:
    """Whether a booking by `member` waits for a manager (auto_approved_members may be prefetched)."""
    return asset.requires_approval and member.id not in {m.id for m in asset.auto_approved_members.all()}
