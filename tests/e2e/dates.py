"""Future dates for the browser tests: far enough ahead to clear the demo bookings and the notice periods."""

from datetime import date, timedelta


def future(weekday: int, weeks_ahead: int = 3) -> str:
    """ISO date of `weekday` (0 = Monday) at least `weeks_ahead` weeks from today."""
    today = date.today()
    return (today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)).isoformat()
