"""Helpers for the browser tests: future dates, filling the booking form, booking through the API."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


def future(weekday: int, weeks_ahead: int = 3) -> str:
    """ISO date of `weekday` (0 = Monday) at least `weeks_ahead` weeks from today, clear of demo bookings and notice."""
    today = date.today()
    return (today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)).isoformat()


def pick_slot(page, asset: str, day: str, start: str, end: str, title: str):
    page.get_by_test_id("book-asset").select_option(label=asset)
    page.get_by_test_id("book-date").fill(day)
    page.get_by_test_id("book-date").dispatch_event("change")
    page.get_by_test_id("book-start").select_option(start)
    page.get_by_test_id("book-end").select_option(end)
    page.get_by_test_id("book-title").fill(title)


def book_via_api(app, asset_name: str, day: str, start: str, end: str, title: str):
    assets = app.api("GET", "/assets/?q=" + asset_name).json()
    asset = next(a for a in (assets["results"] if isinstance(assets, dict) else assets) if a["name"] == asset_name)
    zone = ZoneInfo(asset["timezone"])
    at = lambda hhmm: datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=zone).isoformat()  # noqa: E731
    response = app.api(
        "POST", "/reservations/", {"asset": asset["id"], "start": at(start), "end": at(end), "title": title}
    )
    assert response.status == 201, response.text()
    return response.json()
