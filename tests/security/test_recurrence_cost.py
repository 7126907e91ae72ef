"""What one recurring request may cost: CPU, the create throttle and the quotas.

A rule is expanded only up to the asset's horizon (a bounded rule is followed a year further, so its late
occurrences are reported as beyond the horizon), whatever it says; each occurrence a series books counts
against the same per-user create rate as a single booking, and the whole series against the member's quota.
"""

from datetime import timedelta

import pytest
from dateutil import rrule as dateutil_rrule
from django.core.cache import cache
from rest_framework.throttling import ScopedRateThrottle

from bookings.models import Quota, Reservation, Series
from tests.bench.figures.recurrence import WORST_RULES
from tests.conftest import as_user, future_day, local
from tests.factories import AssetGroupFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/series/"
MONDAY = future_day(0)


def series(asset, rrule, *, day=MONDAY, hour=10, **extra):
    start = local(day, hour)
    body = {"asset": asset.id, "start": start.isoformat(), "end": (start + timedelta(hours=1)).isoformat()}
    return {**body, "title": "Rodaje", "rrule": rrule, **extra}


@pytest.fixture
def default_rate(monkeypatch):
    """The shipped default create rate (the test settings raise it so that other suites may book freely)."""
    cache.clear()
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"login": "20/minute", "reservation_create": "60/minute"})
    yield
    cache.clear()


# However sparse a rule, expanding it looks at no more days than this: the scan stops at the horizon, a bounded
# rule a year past it, and an occurrence is looked for in calendar twins of the years in between, never towards
# year 9999. (How fast that is, is benchmark figure 17's; this counts the work, which a loaded machine cannot
# change.)
MOST_DAYS_SCANNED = 40 * 366


@pytest.fixture
def days_scanned(monkeypatch):
    """The days dateutil's rrule iterator looks at, by counting the periods it asks its day sets for."""
    scanned = []
    for name in ("ydayset", "mdayset", "wdayset", "ddayset"):
        original = getattr(dateutil_rrule._iterinfo, name)

        def counting(self, *args, _original=original):
            dayset, first, last = _original(self, *args)
            scanned.append(last - first)
            return dayset, first, last

        monkeypatch.setattr(dateutil_rrule._iterinfo, name, counting)
    return scanned


@pytest.mark.parametrize("rule", WORST_RULES)
def test_the_costliest_rules_scan_a_bounded_number_of_days(api, booker, asset, rule, days_scanned):
    response = as_user(api, booker).post(URL, series(asset, rule, dry_run=True), format="json")
    assert response.status_code in (200, 400, 409), response.content[:300]
    assert 0 < sum(days_scanned) <= MOST_DAYS_SCANNED, f"{rule}: {sum(days_scanned)} days scanned"


def test_a_rule_with_nothing_within_the_horizon_is_a_400_that_says_so(api, booker, asset):
    response = as_user(api, booker).post(
        URL, series(asset, "FREQ=DAILY;BYMONTHDAY=-29;BYMONTH=2;BYDAY=MO;COUNT=366"), format="json"
    )
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("no_occurrences", "rrule")
    assert "horizon" in response.json()["detail"]


def test_a_bounded_rule_that_goes_on_long_past_the_horizon_is_a_400(api, booker, asset):
    response = as_user(api, booker).post(URL, series(asset, "FREQ=MONTHLY;COUNT=30", dry_run=True), format="json")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("beyond_horizon", "rrule")


def test_occurrences_just_past_the_horizon_are_still_reported_one_by_one(api, booker, asset):
    asset.max_horizon = timedelta(days=30)
    asset.save()
    response = as_user(api, booker).post(
        URL, series(asset, "FREQ=WEEKLY;COUNT=8", dry_run=True, on_conflict="skip"), format="json"
    )
    assert response.status_code == 200, response.content
    codes = [[p["code"] for p in row["problems"]] for row in response.json()["occurrences"]]
    assert len(codes) == 8 and codes[0] == [] and codes[-1] == ["beyond_horizon"]


def test_an_open_ended_rule_stops_at_the_horizon_even_when_it_rarely_matches(api, booker, asset):
    response = as_user(api, booker).post(URL, series(asset, "FREQ=DAILY;BYDAY=MO", dry_run=True), format="json")
    assert response.status_code == 200
    last = response.json()["occurrences"][-1]["start"]
    assert last <= (local(MONDAY, 10) + asset.max_horizon).isoformat()


def test_seventy_series_of_one_meet_the_default_create_rate(api, booker, asset, default_rate):
    client = as_user(api, booker)
    statuses = [
        client.post(URL, series(asset, "FREQ=DAILY;COUNT=1", day=MONDAY + timedelta(days=n)), format="json").status_code
        for n in range(70)
    ]
    assert statuses[:60] == [201] * 60 and set(statuses[60:]) == {429}
    assert Series.objects.count() == 60


def test_a_series_costs_one_create_per_occurrence(api, booker, asset, default_rate):
    client = as_user(api, booker)
    created = client.post(URL, series(asset, "FREQ=DAILY;COUNT=100"), format="json")
    assert created.status_code == 201 and Reservation.objects.count() == 100
    single = series(asset, "x", day=MONDAY - timedelta(days=1))
    single.pop("rrule")
    refused = client.post("/api/v1/reservations/", single, format="json")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    refused = client.post(URL, series(asset, "FREQ=DAILY;COUNT=1", day=MONDAY + timedelta(days=200)), format="json")
    assert refused.status_code == 429 and Reservation.objects.count() == 100


def test_a_dry_run_costs_one_request_and_books_nothing(api, booker, asset, default_rate):
    client = as_user(api, booker)
    for _ in range(3):
        assert client.post(URL, series(asset, "FREQ=DAILY;COUNT=100", dry_run=True), format="json").status_code == 200
    assert client.post(URL, series(asset, "FREQ=DAILY;COUNT=50"), format="json").status_code == 201


def test_a_series_counts_against_the_members_quota_as_a_whole(api, booker, member, asset):
    group = AssetGroupFactory()
    asset.group = group
    asset.save()
    Quota.objects.create(member=member, group=group, max_hours_per_month=3)
    client = as_user(api, booker)
    refused = client.post(URL, series(asset, "FREQ=DAILY;COUNT=4", day=future_day(0, weeks_ahead=6)), format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "quota_exceeded"
    assert not Reservation.objects.exists() and not Series.objects.exists()
    allowed = client.post(URL, series(asset, "FREQ=WEEKLY;COUNT=2", day=future_day(0, weeks_ahead=6)), format="json")
    assert allowed.status_code == 201
