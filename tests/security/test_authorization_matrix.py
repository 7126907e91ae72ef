"""Every object-addressed operation × every role → the expected status.

The operations are read from the OpenAPI schema and the URL configuration, so an endpoint added without a row
here fails `test_every_object_addressed_operation_has_a_row`. Another member's ids answer 404, never 403, so
an id does not even confirm that the object exists.
"""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from bookings.models import Reservation

from .world import ROLES, build_world

pytestmark = pytest.mark.django_db


def row(anonymous, owner, other_booker, other_admin, other_manager, accountant, cluster_admin, *, owner_admin=None):
    """Expected statuses; the owner's member_admin gets the owner's unless told otherwise."""
    statuses = (anonymous, owner, owner_admin or owner, other_booker, other_admin, other_manager, accountant)
    return dict(zip(ROLES, (*statuses, cluster_admin)))


# (method, path template) → (how to fill the path and body from the world, expected status per role).
MATRIX = {
    ("GET", "/api/v1/reservations/{id}/"): (
        lambda w: (f"/api/v1/reservations/{w.reservation.id}/", None),
        row(401, 200, 404, 404, 404, 200, 200),
    ),
    ("PATCH", "/api/v1/reservations/{id}/"): (
        lambda w: (f"/api/v1/reservations/{w.reservation.id}/", {"title": "Renamed"}),
        row(401, 200, 404, 404, 404, 403, 200),
    ),
    ("POST", "/api/v1/reservations/{id}/approve/"): (
        lambda w: (f"/api/v1/reservations/{w.reservation.id}/approve/", None),
        row(401, 403, 404, 404, 404, 403, 200),
    ),
    ("POST", "/api/v1/reservations/{id}/reject/"): (
        lambda w: (f"/api/v1/reservations/{w.reservation.id}/reject/", {"reason": "No"}),
        row(401, 403, 404, 404, 404, 403, 200),
    ),
    ("POST", "/api/v1/reservations/{id}/cancel/"): (
        lambda w: (f"/api/v1/reservations/{w.reservation.id}/cancel/", {"reason": "Plans changed"}),
        row(401, 200, 404, 404, 404, 403, 200),
    ),
    ("POST", "/api/v1/reservations/{id}/no-show/"): (
        lambda w: (f"/api/v1/reservations/{w.reservation.id}/no-show/", None),
        row(401, 403, 404, 404, 404, 403, 409),
    ),
    ("GET", "/api/v1/reservations/{id}/cancellation-fee/"): (
        lambda w: (f"/api/v1/reservations/{w.reservation.id}/cancellation-fee/", None),
        row(401, 200, 404, 404, 404, 200, 200),
    ),
    ("GET", "/api/v1/reservations/{id}/charge/"): (
        lambda w: (f"/api/v1/reservations/{w.reservation.id}/charge/", None),
        row(401, 200, 404, 404, 404, 200, 200),
    ),
    ("GET", "/api/v1/reservations/{id}/shares/"): (
        lambda w: (f"/api/v1/reservations/{w.reservation.id}/shares/", None),
        row(401, 200, 404, 404, 404, 200, 200),
    ),
    ("PUT", "/api/v1/reservations/{id}/shares/"): (
        lambda w: (f"/api/v1/reservations/{w.reservation.id}/shares/", [{"member": w.member.id, "weight": "1"}]),
        row(401, 200, 404, 404, 404, 403, 200),
    ),
    ("GET", "/api/v1/series/{id}/"): (
        lambda w: (f"/api/v1/series/{w.series.id}/", None),
        row(401, 200, 404, 404, 404, 200, 200),
    ),
    ("POST", "/api/v1/series/{id}/approve/"): (
        lambda w: (f"/api/v1/series/{w.series.id}/approve/", None),
        row(401, 403, 404, 404, 404, 403, 200),
    ),
    ("POST", "/api/v1/series/{id}/reject/"): (
        lambda w: (f"/api/v1/series/{w.series.id}/reject/", {"reason": "No"}),
        row(401, 403, 404, 404, 404, 403, 200),
    ),
    ("POST", "/api/v1/series/{id}/cancel/"): (
        lambda w: (f"/api/v1/series/{w.series.id}/cancel/", {"from": w.series_start, "reason": ""}),
        row(401, 200, 404, 404, 404, 403, 200),
    ),
    ("GET", "/api/v1/cost-shares/{id}/"): (
        lambda w: (f"/api/v1/cost-shares/{w.share.id}/", None),
        row(401, 404, 404, 404, 404, 200, 200, owner_admin=200),
    ),
    ("POST", "/api/v1/cost-shares/{id}/accept/"): (
        lambda w: (f"/api/v1/cost-shares/{w.share.id}/accept/", None),
        row(401, 404, 404, 404, 404, 403, 403, owner_admin=200),
    ),
    ("POST", "/api/v1/cost-shares/{id}/decline/"): (
        lambda w: (f"/api/v1/cost-shares/{w.share.id}/decline/", None),
        row(401, 404, 404, 404, 404, 403, 403, owner_admin=200),
    ),
    ("POST", "/api/v1/billing-periods/{id}/close/"): (
        lambda w: (f"/api/v1/billing-periods/{w.period.id}/close/", None),
        row(401, 403, 403, 403, 403, 200, 200),
    ),
    ("GET", "/api/v1/statements/{id}/"): (
        lambda w: (f"/api/v1/statements/{w.statement.id}/", None),
        row(401, 404, 404, 404, 404, 200, 200, owner_admin=200),
    ),
    ("GET", "/api/v1/asset-groups/{id}/"): (
        lambda w: (f"/api/v1/asset-groups/{w.group.id}/", None),
        row(401, 200, 200, 200, 200, 200, 200),
    ),
    ("GET", "/api/v1/assets/{id}/"): (
        lambda w: (f"/api/v1/assets/{w.asset.id}/", None),
        row(401, 200, 200, 200, 200, 200, 200),
    ),
    ("PATCH", "/api/v1/assets/{id}/"): (
        lambda w: (f"/api/v1/assets/{w.asset.id}/", {"location": "Nave 2"}),
        row(401, 403, 403, 403, 403, 403, 200),
    ),
    ("PUT", "/api/v1/assets/{id}/"): (
        lambda w: (f"/api/v1/assets/{w.asset.id}/", w.asset_body),
        row(401, 403, 403, 403, 403, 403, 200),
    ),
    ("PUT", "/api/v1/assets/{id}/opening-hours/"): (
        lambda w: (
            f"/api/v1/assets/{w.asset.id}/opening-hours/",
            [{"weekday": 0, "opens": "08:00", "closes": "20:00"}],
        ),
        row(401, 403, 403, 403, 403, 403, 200),
    ),
    ("GET", "/api/v1/assets/{id}/blackouts/"): (
        lambda w: (f"/api/v1/assets/{w.asset.id}/blackouts/", None),
        row(401, 200, 200, 200, 200, 200, 200),
    ),
    ("POST", "/api/v1/assets/{id}/blackouts/"): (
        lambda w: (f"/api/v1/assets/{w.asset.id}/blackouts/", w.blackout_body),
        row(401, 403, 403, 403, 403, 403, 201),
    ),
    ("GET", "/api/v1/assets/{id}/availability/"): (
        lambda w: (f"/api/v1/assets/{w.asset.id}/availability/?start={w.window[0]}&end={w.window[1]}", None),
        row(401, 200, 200, 200, 200, 200, 200),
    ),
    ("GET", "/api/v1/blackouts/{id}/"): (
        lambda w: (f"/api/v1/blackouts/{w.blackout.id}/", None),
        row(401, 200, 200, 200, 200, 200, 200),
    ),
    ("DELETE", "/api/v1/blackouts/{id}/"): (
        lambda w: (f"/api/v1/blackouts/{w.blackout.id}/", None),
        row(401, 403, 403, 403, 403, 403, 204),
    ),
    ("GET", "/ical/assets/{id}.ics"): (
        lambda w: (f"/ical/assets/{w.asset.id}.ics", None),
        row(404, 200, 200, 200, 200, 200, 200),
    ),
    ("GET", "/ical/members/{id}.ics"): (
        lambda w: (f"/ical/members/{w.member.id}.ics", None),
        row(404, 200, 404, 404, 404, 200, 200),
    ),
    # Query-addressed: another member's id in ?member= is refused like a path id.
    ("GET", "/api/v1/exports/cost-shares/?member={id}"): (
        lambda w: (f"/api/v1/exports/cost-shares/?from=2025-03-01&to=2025-03-31&member={w.member.id}", None),
        row(401, 403, 403, 403, 403, 200, 200, owner_admin=200),
    ),
}


def _schema_operations() -> set[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if "{" in path and method in ("get", "post", "put", "patch", "delete")
    }


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _feed_operations() -> set[tuple[str, str]]:
    """Views outside the API schema that take an id in the path (the calendar feeds)."""
    routes = [route for route in _walk(get_resolver().url_patterns) if route.startswith("ical/") and "<" in route]
    return {
        ("GET", "/" + route.replace("<int:asset_id>", "{id}").replace("<int:member_id>", "{id}")) for route in routes
    }


def test_every_object_addressed_operation_has_a_row():
    operations = _schema_operations() | _feed_operations()
    assert operations, "no operations found: the generator is broken"
    missing = sorted(operations - set(MATRIX))
    assert not missing, f"object-addressed operations without a row in the authorization matrix: {missing}"


def _prepared_world():
    world = build_world()
    world.series_start = Reservation.objects.filter(series=world.series).order_by("start").first().start.isoformat()
    asset = APIClient()
    asset.force_authenticate(world.user("cluster_admin"))
    body = asset.get(f"/api/v1/assets/{world.asset.id}/").json()
    world.asset_body = {key: value for key, value in body.items() if key not in ("opening_hours", "peak_windows")}
    start = world.reservation.start
    world.blackout_body = {"start": (start.replace(hour=5)).isoformat(), "end": start.replace(hour=6).isoformat()}
    world.window = [
        start.replace(hour=0).isoformat().replace("+", "%2B"),
        start.replace(hour=23).isoformat().replace("+", "%2B"),
    ]
    return world


def _status(world, operation, role) -> tuple[int, str]:
    address, _expected = MATRIX[operation]
    url, body = address(world)
    client = APIClient()
    if world.user(role) is not None:
        if url.startswith("/ical/"):
            url += f"?token={world.user(role).calendar_token}"
        else:
            client.force_authenticate(world.user(role))
    send = getattr(client, operation[0].lower())
    response = send(url, body, format="json") if body is not None else send(url)
    if response.status_code in (401, 403, 404) and url.startswith("/api/"):
        assert response["Content-Type"] == "application/json" and response.json()["code"]
    return response.status_code, getattr(response, "content", b"")[:200]


@pytest.mark.parametrize("operation", list(MATRIX), ids=[f"{m} {p}" for m, p in MATRIX])
def test_every_role_gets_the_expected_status(operation):
    """One world per operation; each role's request runs in a savepoint rolled back afterwards, so a
    permitted write by one role does not change what the next role meets."""
    world = _prepared_world()
    wrong = []
    for role in ROLES:
        with transaction.atomic():
            status, content = _status(world, operation, role)
            transaction.set_rollback(True)
        if status != MATRIX[operation][1][role]:
            wrong.append((role, MATRIX[operation][1][role], status, content))
    assert not wrong, f"(role, expected, got, body) for {operation}: {wrong}"
