"""Helpers for the browser tests: future dates, filling the booking form, booking through the API."""

import email
import email.policy
import os
import subprocess
import sys
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo


def future(weekday: int, weeks_ahead: int = 3) -> str:
    """ISO date of `weekday` (0 = Monday) at least `weeks_ahead` weeks from today, clear of demo bookings and notice."""
    today = date.today()
    return (today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)).isoformat()


def days_after(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


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


def asset_id(app, name: str) -> int:
    assets = app.api("GET", "/assets/?q=" + name).json()
    return next(a["id"] for a in (assets["results"] if isinstance(assets, dict) else assets) if a["name"] == name)


def grid_x(page, day: str, resource: int = 0) -> float:
    """The middle of `day`'s column for its `resource`-th asset in a resource time grid (week or day view)."""
    box = page.locator(f'.ec-header .ec-col-group:has(time[datetime="{day}"])').bounding_box()
    per_day = page.locator(".ec-header .ec-col-head").count() // page.locator(".ec-header .ec-col-group").count()
    return box["x"] + box["width"] * (resource + 0.5) / per_day


def grid_y(page, hhmm: str) -> float:
    """The line of time `hhmm` in a time grid, from the hour labels on the side."""
    labels = page.locator(".ec-body .ec-sidebar time").evaluate_all(
        "els => els.map(e => [e.textContent, e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2])"
    )
    minutes = lambda text: int(text[:2]) * 60 + int(text[3:5])  # noqa: E731
    (t0, y0), (t1, y1) = [(minutes(text), y) for text, y in labels[1:3]]  # the first label may be hidden
    return y0 + (minutes(hhmm) - t0) * (y1 - y0) / (t1 - t0)


def calendar_ready(page):
    """The calendar has drawn its grid and its events: a gesture now is not lost in a redraw."""
    page.locator(".ec-body, .ec-list").first.wait_for()
    page.wait_for_load_state("networkidle")


def drag(page, start: tuple[float, float], end: tuple[float, float]):
    """Press, move in steps (the calendar waits for a few pixels before it drags), release."""
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0], start[1] + 8, steps=4)
    page.mouse.move(*end, steps=12)
    page.mouse.up()


def center(box) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def book_soon(app, asset_name: str, title: str, hours: int = 1) -> dict:
    """Book the first free slot that starts within the next two days (inside the 48 h late-cancellation window)."""
    assets = app.api("GET", "/assets/?q=" + asset_name).json()
    asset = next(a for a in (assets["results"] if isinstance(assets, dict) else assets) if a["name"] == asset_name)
    zone = ZoneInfo(asset["timezone"])
    now = datetime.now(zone)
    start = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=4)
    while start < now + timedelta(hours=44):
        end = start + timedelta(hours=hours)
        body = {"asset": asset["id"], "start": start.isoformat(), "end": end.isoformat(), "title": title}
        response = app.api("POST", "/reservations/", body)
        if response.status == 201:
            return response.json()
        start += timedelta(minutes=30)
    raise AssertionError(f"no free slot on {asset_name} in the next two days")


BACKEND = Path(__file__).resolve().parents[2] / "backend"


def manage(tmp_path_factory, *args: str) -> str:
    """Run `manage.py *args` on the e2e server's database, as the beat runs its tasks, mailing through the server's
    file backend (tasks run eagerly: there is no broker); returns the command's last line of output."""
    (base,) = tmp_path_factory.getbasetemp().glob("e2e[0-9]*")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(DATABASE_URL=f"sqlite:///{base / 'e2e.sqlite3'}", DJANGO_SETTINGS_MODULE="sinergia.settings_test",
               DEBUG="true", SECRET_KEY="e2e-not-secret-" + "x" * 40,
               EMAIL_URL=f"filemail:///{base / 'mail'}")  # fmt: skip
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=BACKEND, env=env, check=True,
                          capture_output=True, text=True)  # fmt: skip
    return done.stdout.strip().splitlines()[-1]


def release_sweep(tmp_path_factory, at: datetime) -> str:
    """The release sweep as of `at`, as the beat runs it: "released N"."""
    return manage(tmp_path_factory, "release_unused_bookings", "--at", at.isoformat())


@contextmanager
def open_round_the_clock(admin, asset: int):
    """Open `asset` all week round the clock while a journey needs a booking within the day whatever the hour (a
    check-in window opens at most 24 h ahead, and at night or before a closed Sunday the stage's next free slot
    is further); then the week's hours come back, keeping the bookings made meanwhile."""
    before = admin.api("GET", f"/assets/{asset}/").json()["opening_hours"]
    always = [{"weekday": weekday, "opens": "00:00", "closes": "00:00"} for weekday in range(7)]
    changed = admin.api("PATCH", f"/assets/{asset}/", {"opening_hours": always})
    assert changed.status == 200, changed.text()
    try:
        yield
    finally:
        restore = {"opening_hours": before}
        restored = admin.api("PATCH", f"/assets/{asset}/", restore)
        if restored.status == 409:
            affected = restored.json()["affected"]
            restore["decisions"] = [{"reservation": item["reservation"], "action": "keep"} for item in affected]
            restored = admin.api("PATCH", f"/assets/{asset}/", restore)
        assert restored.status == 200, restored.text()


AXE_SOURCE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"


def settle(page):
    """Wait until the page has shown its content: no chunk, list or calendar still loading."""
    page.wait_for_function(
        "() => !document.querySelector('.page-slot, .loading, [aria-busy=true], .status__loading')"
        " && (!document.querySelector('[data-testid=calendar]') || document.querySelector('.ec-body, .ec-list'))"
    )


def audit(page) -> list[str]:
    """axe-core's serious and critical violations on the page, and a sideways page scroll, in words."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text() + ";0")  # evaluate, not a <script>: the app's CSP forbids inline scripts
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    found = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    if width[0] > width[1]:
        found.append(f"the page is {width[0]} px wide on a {width[1]} px screen")
    return found


def sent_mail(mail_dir: Path) -> list:
    """The e-mails the e2e server has sent, oldest first, as email.message.EmailMessage objects: its file
    backend (EMAIL_URL=filemail://, tests/e2e/conftest.py) writes each one followed by a line of 79 dashes."""
    files = sorted(mail_dir.glob("*.log"), key=lambda f: f.stat().st_mtime) if mail_dir.exists() else []
    return [
        email.message_from_bytes(chunk.strip(), policy=email.policy.default)
        for file in files
        for chunk in file.read_bytes().split(b"-" * 79)
        if chunk.strip()
    ]


def mail_to(tmp_path_factory, address: str, subject: str) -> str:
    """The plain text of the last e-mail to `address` whose subject starts with `subject`."""
    found = [
        message.get_body(("plain",)).get_content()
        for mail_dir in tmp_path_factory.getbasetemp().glob("e2e[0-9]*/mail")
        for message in sent_mail(mail_dir)
        if message["To"] == address and str(message["Subject"]).strip().startswith(subject)
    ]
    assert found, f"no e-mail '{subject}' to {address}"
    return found[-1]
