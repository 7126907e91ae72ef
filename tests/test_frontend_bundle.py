"""The built frontend: split by route (Chart.js only on Insights), a small calendar route, served compressed."""

import gzip
import re
from pathlib import Path

import pytest

DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"
ASSETS = DIST / "assets"
# What a browser downloads (gzipped) before the calendar shows: the entry, the calendar chunk and their imports.
CALENDAR_ROUTE_BUDGET = 80_000

pytestmark = pytest.mark.skipif(not (DIST / "index.html").exists(), reason="the frontend is not built (make builds it)")


def entry() -> str:
    return re.search(r'src="/static/assets/([^"]+\.js)"', (DIST / "index.html").read_text()).group(1)


def static_imports(name: str) -> set[str]:
    """The chunks a chunk imports before it runs (`import ... from "./x.js"`, `import "./x.js"`)."""
    code = (ASSETS / name).read_text()
    return set(re.findall(r'(?:from|import)\s*"\./([^"]+\.js)"', code))


def loaded_with(name: str) -> set[str]:
    seen, todo = set(), [name]
    while todo:
        chunk = todo.pop()
        if chunk not in seen:
            seen.add(chunk)
            todo.extend(static_imports(chunk))
    return seen


def route_chunk(page: str) -> str:
    """The chunk the entry imports when `page` is shown (`import("./calendar-<hash>.js")`)."""
    return re.search(rf'import\("\./({page}-[^"]+\.js)"\)', (ASSETS / entry()).read_text()).group(1)


def calendar_route() -> set[str]:
    return loaded_with(entry()) | loaded_with(route_chunk("calendar"))


def gzipped(names: set[str]) -> int:
    return sum(len(gzip.compress((ASSETS / name).read_bytes(), compresslevel=9)) for name in names)


def test_each_page_is_its_own_chunk_and_chart_js_ships_with_insights_only():
    chart_js = [path.name for path in ASSETS.glob("*.js") if "Canvas is already in use" in path.read_text()]
    assert chart_js, "Chart.js is not in the build"
    assert not set(chart_js) & calendar_route()
    assert set(chart_js) <= loaded_with(route_chunk("insights"))
    for page in ("calendar", "book", "reservations", "reservation", "inbox", "consent", "accounting", "insights"):
        assert route_chunk(page)


def test_the_calendar_route_stays_small():
    size = gzipped(calendar_route())
    assert size < CALENDAR_ROUTE_BUDGET, f"calendar route: {size} bytes gzipped"


@pytest.mark.django_db
def test_static_files_are_served_compressed_when_the_browser_accepts_it(client):
    name = route_chunk("calendar")
    plain = client.get(f"/static/assets/{name}")
    squeezed = client.get(f"/static/assets/{name}", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert plain.status_code == squeezed.status_code == 200
    assert plain.get("Content-Encoding") is None
    assert squeezed["Content-Encoding"] == "br"
    assert "Accept-Encoding" in squeezed["Vary"]
    plain_size = len(b"".join(plain.streaming_content))
    assert len(b"".join(squeezed.streaming_content)) < plain_size / 2
    gz = client.get(f"/static/assets/{name}", HTTP_ACCEPT_ENCODING="gzip")
    assert gz["Content-Encoding"] == "gzip"
    assert len(gzip.decompress(b"".join(gz.streaming_content))) == plain_size
