"""Hostile values in every slot of every operation of the OpenAPI schema: never a 500, always JSON (item 10).

Each operation first gets a baseline request that works (valid ids from the world of world.py, good query
parameters by name, a body from BODIES), sent as a role that may use it. Then, one slot at a time, each query
parameter, path parameter and top-level body field (of each item, for list bodies) takes each value of
HOSTILE while the rest stays valid, and the whole body is once replaced by 1,000 nested lists. Every answer
must be below 500 and, under /api/, JSON (or the export's file). Each request runs in a savepoint rolled back
afterwards, so the world is the same for all. An operation with a body and no row in BODIES fails the test.
"""

import json
import time
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.domains import join_request_open
from accounts.invitations import invitation_create
from accounts.models import CostCentre, EmailDomain, Membership, User
from accounts.services import api_token_create
from assets.models import Qualification, QualificationGrant
from assets.pricing import money
from bookings.models import Quota
from consumables.models import Item
from tests.billing.helpers import past_reservation
from tests.conftest import future_day, local

from .test_authorization_matrix import _bundle, _prepared_world, _shared_bundle

pytestmark = pytest.mark.django_db

NESTED = "[" * 1000 + "]" * 1000
HOSTILE = [
    "²",
    "١٢",
    2**64,
    2**63,
    -1,
    0,
    1.5,
    True,
    None,
    "",
    "NaN",
    "Infinity",
    "1e308",
    "0001-01-01T00:00:00+00:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59+00:00",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31",
    "0001-01-01",
    "localtime",
    "a\x00b",
    "x" * 10_000,
    ["x"],
    {"x": 1},
]
# Files the export, insights and a statement's PDF answer with; everything else under /api/ is JSON.
FILES = ("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/pdf")

# The role each operation is sent as: one that may use it (the default is the cluster admin).
ROLES = {
    ("POST", "/api/v1/cost-shares/{id}/accept/"): "owner_admin",
    ("POST", "/api/v1/cost-shares/{id}/decline/"): "owner_admin",
    ("GET", "/api/v1/cost-shares/"): "owner_admin",
    ("POST", "/api/v1/series/{id}/shares/accept/"): "owner_admin",
    ("POST", "/api/v1/series/{id}/shares/decline/"): "owner_admin",
    ("POST", "/api/v1/bundles/{id}/shares/accept/"): "owner_admin",
    ("POST", "/api/v1/bundles/{id}/shares/decline/"): "owner_admin",
    # Whoever joined acts on an entry (asset A requires a qualification only the owner holds).
    ("POST", "/api/v1/waitlist/"): "owner",
    ("POST", "/api/v1/waitlist/{id}/accept/"): "owner",
    ("POST", "/api/v1/waitlist/{id}/withdraw/"): "owner",
    ("POST", "/api/v1/auth/token/"): "anonymous",
    ("POST", "/api/v1/invitations/link/"): "anonymous",
    ("POST", "/api/v1/invitations/accept/"): "anonymous",
    ("POST", "/api/v1/stripe/webhook/"): "anonymous",
    ("POST", "/api/v1/ratings/"): "owner",
    ("PATCH", "/api/v1/ratings/{id}/"): "owner",
    ("GET", "/api/v1/kiosk/assets/{id}/"): "anonymous",
    ("POST", "/api/v1/kiosk/assets/{id}/check-in/"): "anonymous",
}
# The world attribute behind {id}, by the path's first segment.
PATH_IDS = {
    "reservations": "reservation",
    "series": "series",
    "cost-shares": "share",
    "statements": "statement",
    "billing-periods": "period",
    "asset-groups": "group",
    "assets": "asset",
    "blackouts": "blackout",
    "members": "member",
    "memberships": "owner_membership",
    "cost-centres": "cost_centre",
    "users": "owner_user",
    "quotas": "quota",
    "tokens": "api_token",
    "invitations": "invitation",
    "qualifications": "qualification",
    "incidents": "incident",
    "ratings": "rating",
    "kiosk": "asset",
    "waitlist": "waitlist_entry",
    "email-domains": "email_domain",
    "join-requests": "join_request",
    "bundles": "bundle",
    "items": "item",
}
# Path parameters besides {id}, and the world attribute each takes.
OTHER_PATH_IDS = {"{grant_id}": "grant", "{rid}": "bundle_part"}
# Operations whose {id} is not the one PATH_IDS gives for their first segment.
OPERATION_IDS = {
    ("POST", "/api/v1/series/{id}/shares/accept/"): "shared_series",
    ("POST", "/api/v1/series/{id}/shares/decline/"): "shared_series",
    ("POST", "/api/v1/bundles/{id}/shares/accept/"): "shared_bundle",
    ("POST", "/api/v1/bundles/{id}/shares/decline/"): "shared_bundle",
}
# Operations whose baseline is refused on purpose, and why (every other baseline must answer below 400).
REFUSED_BASELINES = {
    ("POST", "/api/v1/stripe/webhook/"): "no Stripe signature: 400 before any logic",
    ("POST", "/api/v1/reservations/{id}/no-show/"): "the world's reservation has not started: 409",
    ("POST", "/api/v1/members/{id}/reactivate/"): "the world's member is active: 409",
    ("POST", "/api/v1/reservations/{id}/check-in/"): "the world's reservation is days away: 409 too_early",
    ("POST", "/api/v1/reservations/{id}/check-out/"): "the world's reservation was not checked in: 409",
    ("POST", "/api/v1/reservations/{id}/extend/"): "the world's reservation is not in use: 409 not_in_use",
    (
        "POST",
        "/api/v1/kiosk/assets/{id}/check-in/",
    ): "no booking of the world's asset is open for a PIN: 404 no_booking",
    ("POST", "/api/v1/waitlist/{id}/accept/"): "the world's waitlist entry is waiting, not offered: 409",
}


def free_start(world):
    """A free hour on the asset without approval, in the world's future week."""
    return local(future_day(2), 10)


def _times(world, hours=1):
    start = free_start(world)
    return {"start": start.isoformat(), "end": (start + timedelta(hours=hours)).isoformat()}


BODIES = {
    ("POST", "/api/v1/auth/token/"): lambda w: {"username": "ana", "password": "pw-secret-123"},
    ("PATCH", "/api/v1/me/"): lambda w: {"language": "es"},
    ("POST", "/api/v1/me/password/"): lambda w: {
        "current_password": "pw-secret-123",
        "new_password": "a-new-password-42",
        "revoke_tokens": False,
    },
    ("POST", "/api/v1/me/tokens/"): lambda w: {"name": "Sheets", "password": "pw-secret-123"},
    ("POST", "/api/v1/kiosk/assets/{id}/check-in/"): lambda w: {"pin": "123456"},
    ("POST", "/api/v1/invitations/"): lambda w: {
        "email": "nora@norte.example",
        "role": "booker",
        "member": w.member.id,
        "language": "es",
    },
    ("POST", "/api/v1/invitations/link/"): lambda w: {"token": w.invitation_token},
    ("POST", "/api/v1/invitations/accept/"): lambda w: {
        "token": w.invitation_token,
        "first_name": "Nora",
        "last_name": "Vidal",
        "password": "Gr3en-tractor-lamp",
        "language": "es",
    },
    ("POST", "/api/v1/assets/"): lambda w: {**w.asset_body, "name": "New stage"},
    ("PUT", "/api/v1/assets/{id}/"): lambda w: w.asset_body,
    ("PATCH", "/api/v1/assets/{id}/"): lambda w: w.asset_body,
    ("POST", "/api/v1/assets/{id}/blackouts/"): lambda w: w.blackout_body,
    ("POST", "/api/v1/assets/{id}/blackouts/preview/"): lambda w: w.blackout_body,
    ("POST", "/api/v1/assets/{id}/rules-preview/"): lambda w: {"min_notice": 60},
    ("PUT", "/api/v1/assets/{id}/opening-hours/"): lambda w: [{"weekday": 0, "opens": "08:00", "closes": "20:00"}],
    ("POST", "/api/v1/insights/fair-shares/"): lambda w: {
        "member": w.member.id,
        "weight": "2",
        "valid_from": "2025-01-01",
    },
    ("POST", "/api/v1/insights/standalone-rates/"): lambda w: {
        "asset": w.asset.id,
        "hourly_rate_minor": 5000,
        "currency": "EUR",
    },
    ("POST", "/api/v1/incidents/"): lambda w: {
        "asset": w.other_asset.id,
        "severity": "out_of_service",
        "description": "The dimmer is smoking",
        "expected_end": (w.reservation.start - timedelta(days=1)).isoformat(),
    },
    ("POST", "/api/v1/incidents/{id}/resolve/"): lambda w: {"notes": "Replaced the fuse"},
    ("POST", "/api/v1/incidents/{id}/expected-end/"): lambda w: {
        "expected_end": (w.reservation.start - timedelta(days=1)).isoformat()
    },
    ("POST", "/api/v1/ratings/"): lambda w: {
        "reservation": w.to_rate.id,
        "asset_score": 5,
        "service_score": 4,
        "comment": "Clean and on time",
    },
    ("PATCH", "/api/v1/ratings/{id}/"): lambda w: {"asset_score": 5, "service_score": 2, "comment": "Changed"},
    ("POST", "/api/v1/ratings/{id}/answer/"): lambda w: {"answer": "Thank you"},
    ("POST", "/api/v1/waitlist/"): lambda w: {
        "asset": w.asset.id,
        "member": w.member.id,
        "start": (w.reservation.start + timedelta(hours=1)).isoformat(),
        "end": (w.reservation.end + timedelta(hours=1)).isoformat(),
        "title": "Casting",
    },
    ("POST", "/api/v1/waitlist/{id}/accept/"): lambda w: {"title": "Casting"},
    ("POST", "/api/v1/quotes/"): lambda w: {"asset": w.other_asset.id, "member": w.member.id, **_times(w)},
    ("POST", "/api/v1/reservations/"): lambda w: {
        "asset": w.other_asset.id,
        "member": w.member.id,
        **_times(w),
        "title": "Hostile",
        "notes": "",
        "compete": False,
        "cost_centre": w.cost_centre.id,
    },
    ("PATCH", "/api/v1/reservations/{id}/"): lambda w: {
        "title": "Moved",
        "notes": "n",
        "start": w.reservation.start.isoformat(),
        "end": (w.reservation.end + timedelta(hours=1)).isoformat(),
    },
    ("POST", "/api/v1/reservations/{id}/cancel/"): lambda w: {"reason": "Plans changed"},
    ("POST", "/api/v1/reservations/{id}/extend/"): lambda w: {
        "end": (w.reservation.end + timedelta(hours=1)).isoformat()
    },
    ("PATCH", "/api/v1/members/{id}/"): lambda w: {
        "name": "Norte",
        "tax_id": "B-1",
        "billing_email": "a@b.example",
        "cost_centre": "CC",
        "tier": "associate",
    },  # fmt: skip
    ("POST", "/api/v1/members/{id}/cost-centres/"): lambda w: {"code": "NEW-1", "name": "New"},
    ("PATCH", "/api/v1/cost-centres/{id}/"): lambda w: {"code": "MAT-2", "name": "Renamed", "active": False},
    ("PATCH", "/api/v1/memberships/{id}/"): lambda w: {"role": "member_admin"},
    ("POST", "/api/v1/members/{id}/email-domains/"): lambda w: {"domain": "norte-films.example"},
    ("POST", "/api/v1/join-requests/{id}/approve/"): lambda w: {"role": "booker"},
    ("POST", "/api/v1/reservations/{id}/reject/"): lambda w: {"reason": "No"},
    ("PUT", "/api/v1/reservations/{id}/shares/"): lambda w: [
        {"member": w.member.id, "weight": "1"},
        {"member": w.other_member.id, "weight": "1"},
    ],
    ("POST", "/api/v1/series/"): lambda w: {
        "asset": w.other_asset.id,
        "member": w.member.id,
        **_times(w),
        "title": "Weekly",
        "notes": "",
        "rrule": "FREQ=WEEKLY;COUNT=3",
        "on_conflict": "skip",
        "dry_run": False,
    },
    ("POST", "/api/v1/series/{id}/cancel/"): lambda w: {"from": w.series_start, "reason": "Done"},
    ("POST", "/api/v1/series/{id}/reject/"): lambda w: {"reason": "No"},
    ("POST", "/api/v1/cost-shares/{id}/accept/"): lambda w: {
        "expected_amount": money(w.share.amount_minor, w.share.currency)
    },
    ("POST", "/api/v1/series/{id}/shares/accept/"): lambda w: {"member": w.member.id},
    ("POST", "/api/v1/series/{id}/shares/decline/"): lambda w: {"member": w.member.id},
    ("POST", "/api/v1/bundles/"): lambda w: {
        "member": w.member.id,
        "title": "Both",
        "notes": "",
        "parts": [
            {
                "asset": w.other_asset.id,
                "start": (free_start(w) + timedelta(hours=h)).isoformat(),
                "end": (free_start(w) + timedelta(hours=h + 1)).isoformat(),
            }
            for h in (0, 1)
        ],
        "payers": [{"member": w.member.id, "weight": "1"}],
    },  # fmt: skip
    ("PATCH", "/api/v1/bundles/{id}/"): lambda w: {"shift_minutes": -30},
    ("POST", "/api/v1/assets/{id}/items/"): lambda w: {
        "name": "Tape",
        "unit": "roll",
        "unit_price_minor": 300,
        "stock": 10,
    },
    ("PATCH", "/api/v1/items/{id}/"): lambda w: {
        "name": "Gel 2",
        "unit": "sheet",
        "unit_price_minor": 600,
        "stock": 5,
        "active": True,
    },
    ("POST", "/api/v1/reservations/{id}/items/"): lambda w: {"items": [{"item": w.item.id, "quantity": 2}]},
    ("POST", "/api/v1/bundles/{id}/cancel/"): lambda w: {"reason": "Plans changed"},
    ("POST", "/api/v1/bundles/{id}/parts/{rid}/reject/"): lambda w: {"reason": "No"},
    ("POST", "/api/v1/bundles/{id}/shares/accept/"): lambda w: {"member": w.member.id},
    ("POST", "/api/v1/bundles/{id}/shares/decline/"): lambda w: {"member": w.member.id},
    ("POST", "/api/v1/members/"): lambda w: {
        "name": "Oeste",
        "tax_id": "B-1",
        "billing_email": "pay@oeste.example",
        "cost_centre": "",
        "tier": "full",
    },
    ("POST", "/api/v1/members/{id}/deactivate/"): lambda w: {"cancel_future_bookings": True},
    ("POST", "/api/v1/members/{id}/fair-shares/"): lambda w: {"weight": "2", "valid_from": "2025-01-01"},
    ("PATCH", "/api/v1/users/{id}/"): lambda w: {"is_accountant": True, "is_staff": False},
    ("POST", "/api/v1/asset-groups/"): lambda w: {"name": "Cellars", "description": ""},
    ("PUT", "/api/v1/asset-groups/{id}/"): lambda w: {"name": "Stages", "description": "Big"},
    ("PATCH", "/api/v1/asset-groups/{id}/"): lambda w: {"name": "Stages", "description": "Big"},
    ("PUT", "/api/v1/asset-groups/{id}/managers/"): lambda w: {"managers": [w.user("other_manager").id]},
    ("PUT", "/api/v1/assets/{id}/managers/"): lambda w: {"managers": [w.user("other_manager").id]},
    ("PUT", "/api/v1/assets/{id}/standalone-rate/"): lambda w: {"hourly_rate_minor": 5000, "currency": "EUR"},
    ("POST", "/api/v1/quotas/"): lambda w: {
        "member": w.other_member.id,
        "group": w.group.id,
        "max_hours_per_month": 10,
        "max_pending": 2,
    },
    ("PATCH", "/api/v1/quotas/{id}/"): lambda w: {"max_hours_per_month": 5, "max_pending": 1},
    ("POST", "/api/v1/qualifications/"): lambda w: {"name": "Forklift", "description": "", "validity_months": 24},
    ("POST", "/api/v1/qualifications/{id}/grants/"): lambda w: {
        "user": w.user("other_booker").id,
        "expires_on": (date.today() + timedelta(days=100)).isoformat(),
    },
}


def good_query_value(name: str, world, parameter: dict):
    """A value of query parameter `name` that the endpoint accepts."""
    start = world.reservation.start
    known = {
        "start": (start - timedelta(days=1)).isoformat(),
        "end": (start + timedelta(days=6)).isoformat(),
        "from": "2025-03-01",
        "to": "2025-03-31",
        "group": world.group.id,
        "asset": world.asset.id,
        "member": world.member.id,
        "period": world.statement.period_id,
        "format": "json",
        "dialect": "excel-es",
        "language": "es",
        "page": 1,
        "page_size": 10,
        "ordering": "start",
        "status": "approved",
        "state": "proposed",
        "include_busy": "true",
        "intervals": "true",
        "kind": "sound stage",
        "q": "Plat",
        "action": "member.update",
        "by": world.user("cluster_admin").id,
        "target": world.member.id,
        "target_type": "accounts.member",
        "include_inactive": "true",
        "reservation": world.rating.reservation_id,
        "answered": "false",
    }
    if name not in known:
        pytest.fail(f"no good value for query parameter {name!r} ({parameter}): add one to good_query_value")
    schema = parameter.get("schema", {})
    choices = schema.get("enum") or schema.get("items", {}).get("enum")
    if choices and known[name] not in choices:  # a status of something else (incidents are open or resolved)
        return choices[0]
    return known[name]


def _operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in ("get", "post", "put", "patch", "delete"):
                body = operation.get("requestBody", {}).get("content", {}).get("application/json")
                yield method.upper(), path, operation.get("parameters", []), body is not None


def _world():
    from insights import rollups

    world = _prepared_world()
    rollups.rebuild()  # the worker's job (the world is written directly): the insights answers read real figures
    world.asset_body = {k: v for k, v in world.asset_body.items() if k not in ("id", "price_rules")}
    world.owner_membership = Membership.objects.get(user=world.user("owner"), member=world.member)
    world.cost_centre = CostCentre.objects.create(member=world.member, code="MAT-1")
    world.owner_user = world.user("owner")
    world.email_domain = EmailDomain.objects.create(member=world.member, domain="norte.example")
    newcomer = User.objects.create(username="newcomer", email="newcomer@norte.example")
    world.join_request = join_request_open(user=newcomer, member=world.member, email=newcomer.email)
    world.quota = Quota.objects.create(member=world.member, group=world.group, max_pending=100)  # no limit in reach
    world.api_token = api_token_create(user=world.user("owner"), name="Sheets")[0]
    world.invitation, world.invitation_token = invitation_create(
        by=world.user("cluster_admin"), email="new@norte.example", role="booker", member=world.member
    )
    # Asset A requires a qualification the owner holds (so moving the owner's booking still works).
    world.qualification = Qualification.objects.create(name="Trained operator")
    world.asset.required_qualifications.add(world.qualification)
    world.grant = QualificationGrant.objects.create(
        qualification=world.qualification, user=world.owner_user, granted_on=date.today(),
        expires_on=date.today() + timedelta(days=3650),
    )  # fmt: skip
    # The owner's bundle of assets A (pending, needs approval) and B, and a third member's bundle it shares.
    world.bundle, world.shared_bundle = _bundle(world), _shared_bundle(world)
    world.bundle_part = world.bundle.parts.get(asset=world.asset)
    # An item of asset A (for the item endpoints and the owner's booking's quantities).
    world.item = Item.objects.create(asset=world.asset, name="Gel", unit="sheet", unit_price_minor=500, stock=100)
    # A booking the owner completed two days ago and has not rated yet.
    ended = timezone.now().replace(microsecond=0) - timedelta(days=2)
    world.to_rate = past_reservation(asset=world.other_asset, member=world.member, booked_by=world.owner_user,
                                     start=ended - timedelta(hours=1), end=ended)  # fmt: skip
    return world


class Probe:
    """Sends requests in savepoints that are rolled back, and records every answer that breaks the rule."""

    def __init__(self, world):
        self.world = world
        self.clients = {}
        self.sent = 0
        self.broken = []

    def client(self, role):
        if role not in self.clients:
            client = APIClient()
            user = self.world.user(role)
            if user is not None:
                client.force_authenticate(user)
            self.clients[role] = client
        return self.clients[role]

    def send(self, role, method, path, query, body, slot):
        self.sent += 1
        with transaction.atomic():
            client = self.client(role)
            data = body if isinstance(body, str) else (json.dumps(body) if body is not None else None)
            response = client.generic(
                method, path, data=data or "", content_type="application/json", QUERY_STRING=_encode(query)
            )
            transaction.set_rollback(True)
        content_type = response.get("Content-Type", "")
        is_json = content_type.startswith("application/json")
        wrong = response.status_code >= 500 or not (
            is_json or content_type.startswith(FILES) or response.status_code in (204, 304)
        )
        if wrong:
            self.broken.append((method, path, slot, response.status_code, content_type, response.content[:200]))
        return response.status_code


def _encode(query: dict) -> str:
    from urllib.parse import urlencode

    return urlencode({k: v if isinstance(v, str) else json.dumps(v) for k, v in query.items()})


def _as_text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value)


@override_settings(AXES_ENABLED=False)
def test_no_hostile_value_in_any_slot_of_any_operation_gets_a_500_or_html():
    began = time.perf_counter()
    cache.clear()
    world = _world()
    probe = Probe(world)
    baselines, missing = {}, []
    for method, path, parameters, has_body in _operations():
        operation = (method, path)
        if has_body and operation not in BODIES:
            missing.append(operation)
            continue
        role = ROLES.get(operation, "cluster_admin")
        filled = path
        if "{id}" in path:
            owner = OPERATION_IDS.get(operation) or PATH_IDS[path.split("/")[3]]
            filled = path.replace("{id}", str(getattr(world, owner).id))
        for name, attribute in OTHER_PATH_IDS.items():
            filled = filled.replace(name, str(getattr(world, attribute).id))
        query = {p["name"]: good_query_value(p["name"], world, p) for p in parameters if p["in"] == "query"}
        body = BODIES[operation](world) if has_body else None
        baselines[operation] = probe.send(role, method, filled, query, body, "baseline")
        for name in query:
            for value in HOSTILE:
                probe.send(role, method, filled, {**query, name: _as_text(value)}, body, f"query {name}={value!r:.40}")
        if "{id}" in path:
            for value in HOSTILE:
                text = _as_text(value).replace("/", "%2F")
                probe.send(role, method, path.replace("{id}", text), query, body, f"path id={value!r:.40}")
        for name in OTHER_PATH_IDS:
            if name in path:
                for value in HOSTILE:
                    text = _as_text(value).replace("/", "%2F")
                    head, _id, tail = filled.rpartition(f"/{getattr(world, OTHER_PATH_IDS[name]).id}/")
                    hostile = f"{head}/{text}/{tail}"
                    probe.send(role, method, hostile, query, body, f"path {name}={value!r:.40}")
        if body is None:
            continue
        probe.send(role, method, filled, query, NESTED, "body nested 1,000 deep")
        items = body if isinstance(body, list) else [body]
        for index, item in enumerate(items):
            for field in item:
                for value in HOSTILE:
                    changed = [dict(each) for each in items]
                    changed[index][field] = value
                    sent = changed if isinstance(body, list) else changed[0]
                    probe.send(role, method, filled, query, sent, f"body {field}={value!r:.40}")
    assert not missing, f"operations with a body and no baseline in BODIES: {missing}"
    assert not probe.broken, f"{len(probe.broken)} of {probe.sent} answers ≥ 500 or not JSON: {probe.broken[:20]}"
    refused = {op: status for op, status in baselines.items() if status >= 400 and op not in REFUSED_BASELINES}
    assert not refused, f"baselines that do not work, so their slots are not reached: {refused}"
    assert len(baselines) >= 50 and probe.sent > 3000, (len(baselines), probe.sent)
    print(f"{probe.sent} hostile requests over {len(baselines)} operations in {time.perf_counter() - began:.1f} s")
