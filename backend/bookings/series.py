"""Recurrence rules (RFC 5545 RRULE) expanded into occurrences in the asset's local time.

The rule is stored with django-scheduler's Rule and Event, and a series shows the rule read
back from them (`scheduler_text`). It is expanded here, once, at creation, with dateutil on
naive local wall-clock times, each then placed in the asset's zone with ZoneInfo.
django-scheduler keeps the wall-clock only when given named-zone bounds, and besides drops
an occurrence that falls exactly on UNTIL (RFC 5545 says UNTIL is inclusive) and narrows
some BY* lists to the start's value; see the README.

Local times that do not exist (the spring-forward gap) or exist twice (the autumn
fold) follow RFC 5545 section 3.3.5, which is what ZoneInfo's fold=0 does: a time in
the gap uses the offset before the gap (02:30 becomes 03:30 summer time), an
ambiguous time is the first of the two.
"""

import calendar
from dataclasses import dataclass
from datetime import MAXYEAR, UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.utils.translation import gettext as _

from sinergia.exceptions import RuleViolation
from sinergia.params import whole_number

MAX_OCCURRENCES = 366
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
PARTS = {"FREQ", "COUNT", "UNTIL", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST"}
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _invalid(detail: str) -> RuleViolation:
    return RuleViolation(detail, code="invalid_rrule", field="rrule")


@dataclass(frozen=True)
class Recurrence:
    """A parsed RRULE: its normalized text and its parts (upper-case names, raw values)."""

    text: str
    parts: dict[str, str]

    @property
    def frequency(self) -> str:
        return self.parts["FREQ"]

    @property
    def is_bounded(self) -> bool:
        return "COUNT" in self.parts or "UNTIL" in self.parts

    @property
    def without_until(self) -> str:
        """The rule for dateutil, which wants UNTIL in DTSTART's (naive local) terms; UNTIL is applied apart."""
        return ";".join(f"{name}={value}" for name, value in self.parts.items() if name != "UNTIL")

    def until(self, tz: ZoneInfo) -> datetime | None:
        """UNTIL as an aware datetime: a UTC value as given, a local or date-only value in `tz`."""
        value = self.parts.get("UNTIL")
        if value is None:
            return None
        is_utc = value.endswith("Z")
        parsed = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S" if "T" in value else "%Y%m%d")
        if "T" not in value:
            parsed = parsed.replace(hour=23, minute=59, second=59)
        return parsed.replace(tzinfo=UTC) if is_utc else parsed.replace(tzinfo=tz)


def _check_month_days(parts: dict[str, str]) -> None:
    """Refuse BYMONTH/BYMONTHDAY pairs that never happen (dateutil would search until year 9999)."""
    if "BYMONTHDAY" not in parts:
        return
    months = [int(m) for m in parts["BYMONTH"].split(",")] if "BYMONTH" in parts else range(1, 13)
    days = [int(d) for d in parts["BYMONTHDAY"].split(",")]
    longest = max(calendar.monthrange(2028, month)[1] for month in months)  # 2028: February has 29 days
    if all(abs(day) > longest or day == 0 for day in days):
        raise _invalid(_("This rule never happens: no such day of the month."))


def _check_byday(parts: dict[str, str]) -> None:
    tokens = parts["BYDAY"].split(",") if "BYDAY" in parts else []
    numbered = [token for token in tokens if token[:-2]]
    if numbered and (len(tokens) > 1 or "BYSETPOS" in parts):
        # django-scheduler's Rule holds one numbered weekday (as byweekday plus bysetpos), no more.
        raise _invalid(_("A numbered weekday such as 1MO must be the only day in BYDAY, without BYSETPOS."))
    for token in tokens:
        nth, day = token[:-2], token[-2:]
        try:
            position = whole_number(nth.lstrip("+-")) if nth else None
        except ValueError:
            position = 0
        if day not in WEEKDAYS or position == 0:
            raise _invalid(_("BYDAY takes weekdays such as TU or 1MO."))
        limit = {"MONTHLY": 5, "YEARLY": 53}.get(parts["FREQ"], 0)
        if position is not None and position > limit:
            raise _invalid(_("This rule never happens: no such weekday in the period."))


def _check_setpos(parts: dict[str, str]) -> None:
    """Refuse a BYSETPOS beyond the candidates of a day or a week (the same search until year 9999)."""
    if "BYSETPOS" not in parts or parts["FREQ"] not in ("DAILY", "WEEKLY"):
        return
    candidates = 1 if parts["FREQ"] == "DAILY" else len(parts.get("BYDAY", "MO").split(","))
    if all(abs(int(position)) > candidates or int(position) == 0 for position in parts["BYSETPOS"].split(",")):
        raise _invalid(_("This rule never happens: BYSETPOS is beyond the occurrences of each period."))


def _is_count(value: str) -> bool:
    try:
        return bool(whole_number(value, high=MAX_OCCURRENCES))
    except ValueError:
        return False


def parse_rrule(text: str) -> Recurrence:
    """Parse and check an RRULE such as FREQ=WEEKLY;BYDAY=TU;COUNT=10. Raises a 400 on the rrule field."""
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :]
    parts: dict[str, str] = {}
    for item in filter(None, body.upper().split(";")):
        name, sep, value = item.partition("=")
        if not sep or not value or name in parts:
            raise _invalid(_("Write the rule as NAME=value pairs separated by semicolons."))
        if name not in PARTS:
            raise _invalid(_("%(part)s is not supported in a booking rule.") % {"part": name})
        parts[name] = value
    if parts.get("FREQ") not in FREQUENCIES:
        raise _invalid(_("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY."))
    if "COUNT" in parts and "UNTIL" in parts:
        raise _invalid(_("Give COUNT or UNTIL, not both."))
    if "COUNT" in parts and not _is_count(parts["COUNT"]):
        raise _invalid(_("COUNT must be between 1 and %(max)s.") % {"max": MAX_OCCURRENCES})
    normalized = ";".join(f"{name}={value}" for name, value in parts.items())
    try:
        recurrence = Recurrence(normalized, parts)
        rrulestr(recurrence.without_until, dtstart=datetime(2000, 1, 1))
        recurrence.until(UTC)
        _check_month_days(parts)
        _check_setpos(parts)
    except (ValueError, TypeError, KeyError):
        raise _invalid(_("This is not a valid RFC 5545 recurrence rule.")) from None
    _check_byday(parts)
    return recurrence


def localize(naive: datetime, tz: ZoneInfo) -> datetime:
    """A local wall-clock time in `tz`, normalized through UTC so a time in the DST gap gets its real offset."""
    return naive.replace(tzinfo=tz, fold=0).astimezone(UTC).astimezone(tz)


# A bounded rule (COUNT or UNTIL) is followed this far past the asset's horizon, so that its occurrences there
# are reported one by one as beyond the horizon; a rule that goes on even further is refused.
FOLLOWED_PAST_HORIZON = timedelta(days=366)


def _same_calendar(year: int, twin: int) -> bool:
    return calendar.isleap(year) == calendar.isleap(twin) and date(year, 1, 1).weekday() == date(twin, 1, 1).weekday()


def _twin_offset(first: int, last: int) -> int:
    """Years to add to `first`..`last` so that they fall just before datetime.MAXYEAR on an identical calendar.

    dateutil checks UNTIL only on dates that match the rule, so a rule that stops matching makes it walk the
    calendar day by day until year 9999: seconds of CPU. Expanded on twin years (same weekdays, same leap
    years, hence the same occurrences) close to year 9999, it runs out of calendar a few years after the last
    date we want, whatever the rule.
    """
    for offset in range(MAXYEAR - last - 1, 0, -1):
        if all(_same_calendar(year, year + offset) for year in range(first - 1, last + 2)):
            return offset
    return 0


def expand(recurrence: Recurrence, *, start: datetime, end: datetime, tz: ZoneInfo, horizon: datetime):
    """The (start, end) pairs of the series, aware in `tz`, keeping the first occurrence's wall-clock times.

    Candidates are scanned from `start` to `horizon` (the asset's: now + max_horizon), and a bounded rule up to a
    year past it (those occurrences are then reported as beyond the horizon). A 400 on rrule when the rule yields
    nothing in that span, when a bounded one goes on after it, or when it yields more than MAX_OCCURRENCES.
    """
    if start > horizon:
        raise RuleViolation(
            _("The first occurrence is beyond the asset's booking horizon."), code="beyond_horizon", field="start"
        )
    until = recurrence.until(tz)
    scan_end = horizon + FOLLOWED_PAST_HORIZON if recurrence.is_bounded else horizon
    if until is not None:
        scan_end = min(scan_end, until)
    local_start = start.astimezone(tz).replace(tzinfo=None)
    local_duration = end.astimezone(tz).replace(tzinfo=None) - local_start
    local_end = scan_end.astimezone(tz).replace(tzinfo=None) + timedelta(days=1)  # exact bound checked below
    offset = _twin_offset(local_start.year, max(local_start.year, local_end.year))
    rule = rrulestr(recurrence.without_until, dtstart=_moved(local_start, offset))
    if "COUNT" not in recurrence.parts:  # dateutil deprecates COUNT with UNTIL; the twin years bound it anyway
        rule = rule.replace(until=_moved(local_end, offset))
    occurrences = []
    for twin in rule:
        naive = _moved(twin, -offset)
        occurrence_start = localize(naive, tz)
        if occurrence_start > scan_end:
            break
        if len(occurrences) == MAX_OCCURRENCES:
            raise RuleViolation(
                _("A series has at most %(max)s occurrences; shorten it with COUNT or UNTIL.")
                % {"max": MAX_OCCURRENCES},
                code="too_many_occurrences",
                field="rrule",
            )
        occurrences.append((occurrence_start, localize(naive + local_duration, tz)))
    if not occurrences:
        raise RuleViolation(
            _("This rule yields no occurrence before the asset's booking horizon (%(horizon)s).")
            % {"horizon": horizon.astimezone(tz).date().isoformat()},
            code="no_occurrences",
            field="rrule",
        )
    if _goes_on(recurrence, len(occurrences), until, scan_end):
        raise RuleViolation(
            _("This rule goes on more than a year past the asset's booking horizon (%(horizon)s); end it earlier "
              "with COUNT or UNTIL.") % {"horizon": horizon.astimezone(tz).date().isoformat()},
            code="beyond_horizon",
            field="rrule",
        )  # fmt: skip
    return occurrences


def _moved(moment: datetime, years: int) -> datetime:
    return moment.replace(year=moment.year + years)


def _goes_on(recurrence: Recurrence, found: int, until: datetime | None, scan_end: datetime) -> bool:
    """Whether a bounded rule still has occurrences to give after the span that was scanned."""
    if "COUNT" in recurrence.parts:
        return found < int(recurrence.parts["COUNT"])
    return until is not None and until > scan_end


def scheduler_rule(recurrence: Recurrence) -> tuple[str, str]:
    """django-scheduler's Rule (frequency, params) for the recurrence; UNTIL goes to Event.end_recurring_period.

    A single nth weekday (1MO, -1FR) becomes byweekday plus bysetpos, which is what Rule can hold.
    """
    params = []
    parts = dict(recurrence.parts)
    days = parts.pop("BYDAY", "").split(",") if "BYDAY" in parts else []
    if len(days) == 1 and days[0][:-2] and "BYSETPOS" not in parts:
        params += [f"byweekday:{days[0][-2:]}", f"bysetpos:{int(days[0][:-2])}"]
    elif days:
        params.append("byweekday:" + ",".join(day[-2:] for day in days))
    for name, value in parts.items():
        if name not in ("FREQ", "UNTIL"):
            params.append(f"{name.lower()}:{value}")
    return recurrence.frequency, ";".join(params)


def scheduler_text(frequency: str, params: str, until: datetime | None) -> str:
    """The RRULE that django-scheduler's Rule (frequency, params) and Event (end_recurring_period) hold.

    The inverse of scheduler_rule, up to equal rules: BYDAY=1MO reads back as BYDAY=MO;BYSETPOS=1, and UNTIL
    as a UTC time (RFC 5545 asks that of a start with a time zone).
    """
    parts = [f"FREQ={frequency}"]
    for item in filter(None, params.split(";")):
        name, _sep, value = item.partition(":")
        parts.append(f"{'BYDAY' if name == 'byweekday' else name.upper()}={value}")
    if until is not None:
        parts.append(f"UNTIL={until.astimezone(UTC):%Y%m%dT%H%M%SZ}")
    return ";".join(parts)


def shown_text(recurrence: Recurrence, tz: ZoneInfo) -> str:
    """The rule as its series will show it once stored (for a dry run's answer)."""
    return scheduler_text(*scheduler_rule(recurrence), recurrence.until(tz))


def occurrence_row(asset, start, end, *, problems=(), reservation=None) -> dict:
    """One line of a series report, times in the asset's local offset."""
    return {
        "start": start.astimezone(asset.tz).isoformat(),
        "end": end.astimezone(asset.tz).isoformat(),
        "ok": not problems,
        "problems": list(problems),
        "alternatives": [],
        "reservation": reservation.id if reservation else None,
        "status": reservation.status if reservation else None,
    }
