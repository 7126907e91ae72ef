"""Every object-addressed operation × every role → the expected status.

The operations are read from the OpenAPI schema and the URL configuration, so an endpoint added without a row
here fails `test_every_object_addressed_operation_has_a_row`. Another member's ids answer 404, never 403, so
an id does not even confirm that the object exists.
"""

import csv
import functools
import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from ratings.models import Rating
from rest_framework.filters import OrderingFilter
from rest_framework.test import APIClient

from accounts.domains import join_request_open
from accounts.invitations import invitation_create
from accounts.models import ApiToken, CostCentre, EmailDomain, Member, Membership, User
from accounts.services import api_token_create
from assets.models import Qualification, QualificationGrant
from audit import services as audit
from billing import services as billing
from billing.models import Statement
from bookings import bundles
from bookings import services as bookings
from bookings.models import Quota, Reservation
from consumables.models import Item
from tests.billing.helpers import past_reservation, utc
from tests.conftest import local

from .world import ROLES, build_world

pytestmark = pytest.mark.django_db


def row(anonymous, owner, other_booker, other_admin, other_manager, accountant, cluster_admin, *, owner_admin=None):
    """Expected statuses; the owner's member_admin gets the owner's unless told otherwise."""
    statuses = (anonymous, owner, owner_admin or owner, other_booker, other_admin, other_manager, accountant)
    return dict(zip(ROLES, (*statuses, cluster_admin)))


def _owner_membership(world) -> Membership:
    return Membership.objects.get(user=world.user("owner"), member=world.member)


def _cost_centre(world) -> CostCentre:
    """Made inside each role's rolled-back savepoint, like any other write of the matrix."""
    return CostCentre.objects.get_or_create(member=world.member, code="MAT-1")[0]


def _bundle(world):
    """The owner's bundle of assets A (pending: A needs approval) and B, made inside each role's rolled-back
    savepoint; B's manager is `other_manager`."""
    start = world.reservation.start.replace(hour=13)
    parts = [{"asset": asset, "start": start, "end": start + timedelta(hours=1)}
             for asset in (world.asset, world.other_asset)]  # fmt: skip
    return bundles.bundle_create(by=world.user("owner"), member=world.member, title="Both", parts=parts)


def _shared_bundle(world):
    """A third member's bundle on asset B the owner's member is asked to share (as the shared series)."""
    third, third_admin = world.shared_series.member, world.shared_series.booked_by
    start = world.reservation.start.replace(hour=20)
    parts = [{"asset": world.other_asset, "start": start + timedelta(hours=h), "end": start + timedelta(hours=h + 1)}
             for h in (0, 1)]  # fmt: skip
    payers = [(third, Decimal(1)), (world.member, Decimal(1))]
    return bundles.bundle_create(by=third_admin, member=third, title="Shared", parts=parts, payers=payers)


def _bundle_part(world, suffix: str, body=None):
    bundle = _bundle(world)
    pending = bundle.parts.get(asset=world.asset)
    return f"/api/v1/bundles/{bundle.id}/parts/{pending.id}/{suffix}/", body


def _item(world) -> Item:
    """An active item of asset A (its managers: the cluster admin), made inside each role's rolled-back savepoint."""
    return Item.objects.get_or_create(asset=world.asset, name="Gel", defaults={"unit_price_minor": 500})[0]


def _owner_token(world) -> ApiToken:
    """The owner's token, made inside the role's rolled-back savepoint."""
    return (
        ApiToken.objects.filter(user=world.user("owner")).first()
        or api_token_create(user=world.user("owner"), name="Matrix")[0]
    )


def _invitation(world):
    """A pending invitation to the owner's company, made inside the role's rolled-back savepoint."""
    return invitation_create(by=world.user("cluster_admin"), email="new@norte.example", role="booker",
                             member=world.member)[0]  # fmt: skip


def _quota(world):
    """The owner's member's quota on the group, made inside the role's rolled-back savepoint."""
    return Quota.objects.get_or_create(member=world.member, group=world.group, defaults={"max_pending": 1})[0]


def _qualification(world):
    """A qualification asset A requires (its manager may grant it; other_manager runs asset B only), made inside the
    role's rolled-back savepoint."""
    qualification = Qualification.objects.get_or_create(name="Trained operator")[0]
    world.asset.required_qualifications.add(qualification)
    return qualification


def _grant(world):
    """The owner's grant of that qualification."""
    qualification = _qualification(world)
    return QualificationGrant.objects.get_or_create(
        qualification=qualification,
        user=world.user("owner"),
        revoked_at=None,
        defaults={"granted_on": date.today(), "expires_on": date.today() + timedelta(days=365)},
    )[0]


def _email_domain(world):
    """A domain of the owner's company, made inside the role's rolled-back savepoint."""
    return EmailDomain.objects.get_or_create(member=world.member, domain="norte.example")[0]


def _join_request(world):
    """A person waiting to join the owner's company, made inside the role's rolled-back savepoint."""
    person = User.objects.get_or_create(username="newcomer", defaults={"email": "newcomer@norte.example"})[0]
    return join_request_open(user=person, member=world.member, email=person.email)


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
    # The world's booking is days away: who may check in (or lengthen a booking in use) gets the 409 of the
    # window or state, everyone else 403 or 404 first.
    ("POST", "/api/v1/reservations/{id}/check-in/"): (
        lambda w: (f"/api/v1/reservations/{w.reservation.id}/check-in/", None),
        row(401, 409, 404, 404, 404, 403, 409),
    ),
    ("POST", "/api/v1/reservations/{id}/check-out/"): (
        lambda w: (f"/api/v1/reservations/{w.reservation.id}/check-out/", None),
        row(401, 409, 404, 404, 404, 403, 409),
    ),
    ("POST", "/api/v1/reservations/{id}/extend/"): (
        lambda w: (
            f"/api/v1/reservations/{w.reservation.id}/extend/",
            {"end": (w.reservation.end + timedelta(hours=1)).isoformat()},
        ),
        row(401, 409, 404, 404, 404, 403, 409),
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
    ("POST", "/api/v1/series/{id}/shares/accept/"): (
        lambda w: (f"/api/v1/series/{w.shared_series.id}/shares/accept/", {}),
        row(401, 404, 404, 404, 404, 404, 404, owner_admin=200),
    ),
    ("POST", "/api/v1/series/{id}/shares/decline/"): (
        lambda w: (f"/api/v1/series/{w.shared_series.id}/shares/decline/", {}),
        row(401, 404, 404, 404, 404, 404, 404, owner_admin=200),
    ),
    ("GET", "/api/v1/bundles/{id}/"): (
        lambda w: (f"/api/v1/bundles/{_bundle(w).id}/", None),
        row(401, 200, 404, 404, 200, 200, 200),
    ),
    ("PATCH", "/api/v1/bundles/{id}/"): (
        lambda w: (f"/api/v1/bundles/{_bundle(w).id}/", {"shift_minutes": -30}),
        row(401, 200, 404, 404, 403, 403, 200),
    ),
    ("POST", "/api/v1/bundles/{id}/cancel/"): (
        lambda w: (f"/api/v1/bundles/{_bundle(w).id}/cancel/", {}),
        row(401, 200, 404, 404, 403, 403, 200),
    ),
    ("POST", "/api/v1/bundles/{id}/parts/{rid}/approve/"): (
        lambda w: _bundle_part(w, "approve"),
        row(401, 403, 404, 404, 403, 403, 200),
    ),
    ("POST", "/api/v1/bundles/{id}/parts/{rid}/reject/"): (
        lambda w: _bundle_part(w, "reject", {"reason": "No"}),
        row(401, 403, 404, 404, 403, 403, 200),
    ),
    ("POST", "/api/v1/bundles/{id}/shares/accept/"): (
        lambda w: (f"/api/v1/bundles/{_shared_bundle(w).id}/shares/accept/", {}),
        row(401, 404, 404, 404, 404, 404, 404, owner_admin=200),
    ),
    ("POST", "/api/v1/bundles/{id}/shares/decline/"): (
        lambda w: (f"/api/v1/bundles/{_shared_bundle(w).id}/shares/decline/", {}),
        row(401, 404, 404, 404, 404, 404, 404, owner_admin=200),
    ),
    # Items of asset A: every signed-in user reads the active ones; only its managers (here the cluster admin)
    # define, change or delete them. The owner's booking's quantities: like changing the booking.
    ("GET", "/api/v1/assets/{id}/items/"): (
        lambda w: (f"/api/v1/assets/{w.asset.id}/items/", None),
        row(401, 200, 200, 200, 200, 200, 200),
    ),
    ("POST", "/api/v1/assets/{id}/items/"): (
        lambda w: (f"/api/v1/assets/{w.asset.id}/items/", {"name": "Tape", "unit": "roll", "unit_price_minor": 300}),
        row(401, 403, 403, 403, 403, 403, 201),
    ),
    ("GET", "/api/v1/items/{id}/"): (
        lambda w: (f"/api/v1/items/{_item(w).id}/", None),
        row(401, 200, 200, 200, 200, 200, 200),
    ),
    ("PATCH", "/api/v1/items/{id}/"): (
        lambda w: (f"/api/v1/items/{_item(w).id}/", {"stock": 5}),
        row(401, 403, 403, 403, 403, 403, 200),
    ),
    ("DELETE", "/api/v1/items/{id}/"): (
        lambda w: (f"/api/v1/items/{_item(w).id}/", None),
        row(401, 403, 403, 403, 403, 403, 204),
    ),
    ("POST", "/api/v1/reservations/{id}/items/"): (
        lambda w: (
            f"/api/v1/reservations/{w.reservation.id}/items/",
            {"items": [{"item": _item(w).id, "quantity": 2}]},
        ),
        row(401, 200, 404, 404, 404, 403, 200),
    ),
    ("POST", "/api/v1/billing-periods/{id}/close/"): (
        lambda w: (f"/api/v1/billing-periods/{w.period.id}/close/", None),
        row(401, 403, 403, 403, 403, 202, 202),
    ),
    ("GET", "/api/v1/statements/{id}/"): (
        lambda w: (f"/api/v1/statements/{w.statement.id}/", None),
        row(401, 404, 404, 404, 404, 200, 200, owner_admin=200),
    ),
    ("GET", "/api/v1/statements/{id}/pdf/"): (
        lambda w: (f"/api/v1/statements/{w.statement.id}/pdf/", None),
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
    ("POST", "/api/v1/assets/{id}/rules-preview/"): (
        lambda w: (f"/api/v1/assets/{w.asset.id}/rules-preview/", {"cleanup_buffer": 15}),
        row(401, 403, 403, 403, 403, 403, 200),
    ),
    ("GET", "/api/v1/assets/{id}/kiosk-sign/"): (
        lambda w: (f"/api/v1/assets/{w.asset.id}/kiosk-sign/", None),
        row(401, 200, 200, 200, 200, 200, 200),
    ),
    ("GET", "/api/v1/assets/{id}/blackouts/"): (
        lambda w: (f"/api/v1/assets/{w.asset.id}/blackouts/", None),
        row(401, 200, 200, 200, 200, 200, 200),
    ),
    ("POST", "/api/v1/assets/{id}/blackouts/"): (
        lambda w: (f"/api/v1/assets/{w.asset.id}/blackouts/", w.blackout_body),
        row(401, 403, 403, 403, 403, 403, 201),
    ),
    ("POST", "/api/v1/assets/{id}/blackouts/preview/"): (
        lambda w: (f"/api/v1/assets/{w.asset.id}/blackouts/preview/", w.blackout_body),
        row(401, 403, 403, 403, 403, 403, 200),
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
    # An incident the owner reported: everyone of a member company reads it (the asset is bookable); only the
    # asset's managers (here the cluster admin) resolve it or move its expected end.
    # The kiosk where nobody signs in: the same answer for everyone (no session or token is even read). The world's
    # booking is days away, so no booking is open for a PIN (404 no_booking).
    ("GET", "/api/v1/kiosk/assets/{id}/"): (
        lambda w: (f"/api/v1/kiosk/assets/{w.asset.id}/", None),
        row(200, 200, 200, 200, 200, 200, 200),
    ),
    ("POST", "/api/v1/kiosk/assets/{id}/check-in/"): (
        lambda w: (f"/api/v1/kiosk/assets/{w.asset.id}/check-in/", {"pin": "123456"}),
        row(404, 404, 404, 404, 404, 404, 404),
    ),
    ("GET", "/api/v1/incidents/{id}/"): (
        lambda w: (f"/api/v1/incidents/{w.incident.id}/", None),
        row(401, 200, 200, 200, 404, 200, 200),
    ),
    ("POST", "/api/v1/incidents/{id}/resolve/"): (
        lambda w: (f"/api/v1/incidents/{w.incident.id}/resolve/", {"notes": "Fixed"}),
        row(401, 403, 403, 403, 404, 403, 200),
    ),
    ("POST", "/api/v1/incidents/{id}/expected-end/"): (
        lambda w: (
            f"/api/v1/incidents/{w.incident.id}/expected-end/",
            {"expected_end": (w.reservation.start - timedelta(days=1)).isoformat()},
        ),
        row(401, 403, 403, 403, 404, 403, 200),
    ),
    # The owner's rating of its completed booking: the owner changes it; its company's admin reads it; the asset's
    # managers (here the cluster admin) read and answer it; nobody else knows it exists.
    ("GET", "/api/v1/ratings/{id}/"): (
        lambda w: (f"/api/v1/ratings/{w.rating.id}/", None),
        row(401, 200, 404, 404, 404, 404, 200),
    ),
    ("PATCH", "/api/v1/ratings/{id}/"): (
        lambda w: (f"/api/v1/ratings/{w.rating.id}/", {"asset_score": 5}),
        row(401, 200, 404, 404, 404, 404, 403, owner_admin=403),
    ),
    ("POST", "/api/v1/ratings/{id}/answer/"): (
        lambda w: (f"/api/v1/ratings/{w.rating.id}/answer/", {"answer": "Thanks"}),
        row(401, 403, 404, 404, 404, 404, 200),
    ),
    # The owner's company's waitlist entry (waiting, so an accept is a 409): its users read and withdraw it; a
    # cluster admin reads every queue but acts for nobody; everyone else is told it does not exist.
    ("GET", "/api/v1/waitlist/{id}/"): (
        lambda w: (f"/api/v1/waitlist/{w.waitlist_entry.id}/", None),
        row(401, 200, 404, 404, 404, 404, 200),
    ),
    ("POST", "/api/v1/waitlist/{id}/accept/"): (
        lambda w: (f"/api/v1/waitlist/{w.waitlist_entry.id}/accept/", {}),
        row(401, 409, 404, 404, 404, 404, 403),
    ),
    ("POST", "/api/v1/waitlist/{id}/withdraw/"): (
        lambda w: (f"/api/v1/waitlist/{w.waitlist_entry.id}/withdraw/", None),
        row(401, 200, 404, 404, 404, 404, 403),
    ),
    ("GET", "/ical/assets/{id}.ics"): (
        lambda w: (f"/ical/assets/{w.asset.id}.ics", None),
        row(404, 200, 200, 200, 200, 200, 200),
    ),
    ("GET", "/ical/members/{id}.ics"): (
        lambda w: (f"/ical/members/{w.member.id}.ics", None),
        row(404, 200, 404, 404, 404, 200, 200),
    ),
    # My company: a member admin runs its own company; its bookers and accountants are refused (403), everyone
    # else does not know the ids (404). Cluster admins run every company.
    ("PATCH", "/api/v1/members/{id}/"): (
        lambda w: (f"/api/v1/members/{w.member.id}/", {"tax_id": "B-1"}),
        row(401, 403, 404, 404, 404, 403, 200, owner_admin=200),
    ),
    ("GET", "/api/v1/members/{id}/overview/"): (
        lambda w: (f"/api/v1/members/{w.member.id}/overview/", None),
        row(401, 403, 404, 404, 404, 403, 200, owner_admin=200),
    ),
    ("GET", "/api/v1/members/{id}/people/"): (
        lambda w: (f"/api/v1/members/{w.member.id}/people/", None),
        row(401, 403, 404, 404, 404, 403, 200, owner_admin=200),
    ),
    ("GET", "/api/v1/members/{id}/tokens/"): (
        lambda w: (f"/api/v1/members/{w.member.id}/tokens/", None),
        row(401, 403, 404, 404, 404, 403, 200, owner_admin=200),
    ),
    # An invitation to the owner's company: its member admins and cluster admins resend and revoke it.
    ("POST", "/api/v1/invitations/{id}/resend/"): (
        lambda w: (f"/api/v1/invitations/{_invitation(w).id}/resend/", None),
        row(401, 404, 404, 404, 404, 404, 200, owner_admin=200),
    ),
    ("POST", "/api/v1/invitations/{id}/revoke/"): (
        lambda w: (f"/api/v1/invitations/{_invitation(w).id}/revoke/", None),
        row(401, 404, 404, 404, 404, 404, 200, owner_admin=200),
    ),
    # The owner's API token: the owner, its member admin and cluster admins revoke it; to anyone else it is absent.
    ("DELETE", "/api/v1/tokens/{id}/"): (
        lambda w: (f"/api/v1/tokens/{_owner_token(w).id}/", None),
        row(401, 204, 404, 404, 404, 404, 204, owner_admin=204),
    ),
    ("GET", "/api/v1/members/{id}/cost-centres/"): (
        lambda w: (f"/api/v1/members/{w.member.id}/cost-centres/", None),
        row(401, 200, 404, 404, 404, 200, 200),
    ),
    ("POST", "/api/v1/members/{id}/cost-centres/"): (
        lambda w: (f"/api/v1/members/{w.member.id}/cost-centres/", {"code": "NEW"}),
        row(401, 403, 404, 404, 404, 403, 201, owner_admin=201),
    ),
    ("PATCH", "/api/v1/cost-centres/{id}/"): (
        lambda w: (f"/api/v1/cost-centres/{_cost_centre(w).id}/", {"active": False}),
        row(401, 403, 404, 404, 404, 403, 200, owner_admin=200),
    ),
    ("PATCH", "/api/v1/memberships/{id}/"): (
        lambda w: (f"/api/v1/memberships/{_owner_membership(w).id}/", {"role": "member_admin"}),
        row(401, 403, 404, 404, 404, 403, 200, owner_admin=200),
    ),
    ("DELETE", "/api/v1/memberships/{id}/"): (
        lambda w: (f"/api/v1/memberships/{_owner_membership(w).id}/", None),
        row(401, 403, 404, 404, 404, 403, 200, owner_admin=200),
    ),
    ("GET", "/api/v1/memberships/{id}/removal/"): (
        lambda w: (f"/api/v1/memberships/{_owner_membership(w).id}/removal/", None),
        row(401, 403, 404, 404, 404, 403, 200, owner_admin=200),
    ),
    # E-mail domains and join requests of the owner's company: its member admins and cluster admins.
    ("GET", "/api/v1/members/{id}/email-domains/"): (
        lambda w: (f"/api/v1/members/{w.member.id}/email-domains/", None),
        row(401, 403, 404, 404, 404, 403, 200, owner_admin=200),
    ),
    ("POST", "/api/v1/members/{id}/email-domains/"): (
        lambda w: (f"/api/v1/members/{w.member.id}/email-domains/", {"domain": "norte-films.example"}),
        row(401, 403, 404, 404, 404, 403, 201, owner_admin=201),
    ),
    ("DELETE", "/api/v1/email-domains/{id}/"): (
        lambda w: (f"/api/v1/email-domains/{_email_domain(w).id}/", None),
        row(401, 403, 404, 404, 404, 403, 204, owner_admin=204),
    ),
    ("GET", "/api/v1/members/{id}/join-requests/"): (
        lambda w: (f"/api/v1/members/{w.member.id}/join-requests/", None),
        row(401, 403, 404, 404, 404, 403, 200, owner_admin=200),
    ),
    ("POST", "/api/v1/join-requests/{id}/approve/"): (
        lambda w: (f"/api/v1/join-requests/{_join_request(w).id}/approve/", {"role": "booker"}),
        row(401, 403, 404, 404, 404, 403, 200, owner_admin=200),
    ),
    ("POST", "/api/v1/join-requests/{id}/refuse/"): (
        lambda w: (f"/api/v1/join-requests/{_join_request(w).id}/refuse/", None),
        row(401, 403, 404, 404, 404, 403, 200, owner_admin=200),
    ),
    # Running the cluster: cluster admins write; accountants read fair shares; member ids are in the directory.
    ("GET", "/api/v1/members/{id}/deactivate/"): (
        lambda w: (f"/api/v1/members/{w.member.id}/deactivate/", None),
        row(401, 403, 403, 403, 403, 403, 200),
    ),
    ("POST", "/api/v1/members/{id}/deactivate/"): (
        lambda w: (f"/api/v1/members/{w.member.id}/deactivate/", {"cancel_future_bookings": True}),
        row(401, 403, 403, 403, 403, 403, 200),
    ),
    ("POST", "/api/v1/members/{id}/reactivate/"): (
        lambda w: (f"/api/v1/members/{w.member.id}/reactivate/", None),
        row(401, 403, 403, 403, 403, 403, 409),
    ),
    ("GET", "/api/v1/members/{id}/fair-shares/"): (
        lambda w: (f"/api/v1/members/{w.member.id}/fair-shares/", None),
        row(401, 403, 403, 403, 403, 200, 200),
    ),
    ("POST", "/api/v1/members/{id}/fair-shares/"): (
        lambda w: (f"/api/v1/members/{w.member.id}/fair-shares/", {"weight": "2", "valid_from": "2026-01-01"}),
        row(401, 403, 403, 403, 403, 403, 201),
    ),
    ("PATCH", "/api/v1/users/{id}/"): (
        lambda w: (f"/api/v1/users/{w.user('owner').id}/", {"is_accountant": True}),
        row(401, 403, 403, 403, 403, 403, 200),
    ),
    ("PATCH", "/api/v1/asset-groups/{id}/"): (
        lambda w: (f"/api/v1/asset-groups/{w.group.id}/", {"description": "Big ones"}),
        row(401, 403, 403, 403, 403, 403, 200),
    ),
    ("PUT", "/api/v1/asset-groups/{id}/"): (
        lambda w: (f"/api/v1/asset-groups/{w.group.id}/", {"name": "Stages", "description": "Big ones"}),
        row(401, 403, 403, 403, 403, 403, 200),
    ),
    ("GET", "/api/v1/asset-groups/{id}/managers/"): (
        lambda w: (f"/api/v1/asset-groups/{w.group.id}/managers/", None),
        row(401, 403, 403, 403, 403, 403, 200),
    ),
    ("PUT", "/api/v1/asset-groups/{id}/managers/"): (
        lambda w: (f"/api/v1/asset-groups/{w.group.id}/managers/", {"managers": [w.user("other_manager").id]}),
        row(401, 403, 403, 403, 403, 403, 200),
    ),
    ("GET", "/api/v1/assets/{id}/managers/"): (
        lambda w: (f"/api/v1/assets/{w.asset.id}/managers/", None),
        row(401, 403, 403, 403, 403, 403, 200),
    ),
    ("PUT", "/api/v1/assets/{id}/managers/"): (
        lambda w: (f"/api/v1/assets/{w.asset.id}/managers/", {"managers": [w.user("other_manager").id]}),
        row(401, 403, 403, 403, 403, 403, 200),
    ),
    ("PUT", "/api/v1/assets/{id}/standalone-rate/"): (
        lambda w: (f"/api/v1/assets/{w.asset.id}/standalone-rate/", {"hourly_rate_minor": 9000, "currency": "EUR"}),
        row(401, 403, 403, 403, 403, 403, 200),
    ),
    # A quota of the owner's member: its users read it (403 to change), other members' users do not (404).
    ("PATCH", "/api/v1/quotas/{id}/"): (
        lambda w: (f"/api/v1/quotas/{_quota(w).id}/", {"max_pending": 2}),
        row(401, 403, 404, 404, 404, 403, 200),
    ),
    ("DELETE", "/api/v1/quotas/{id}/"): (
        lambda w: (f"/api/v1/quotas/{_quota(w).id}/", None),
        row(401, 403, 404, 404, 404, 403, 204),
    ),
    # The caller's own account: everyone signed in, for themselves only (no id to name another person).
    ("PATCH", "/api/v1/me/"): (
        lambda w: ("/api/v1/me/", {"language": "es"}),
        row(401, 200, 200, 200, 200, 200, 200),
    ),
    ("POST", "/api/v1/me/password/"): (  # the world's users' passwords are not known: the check is reached
        lambda w: ("/api/v1/me/password/", {"current_password": "x", "new_password": "y", "revoke_tokens": False}),
        row(401, 400, 400, 400, 400, 400, 400),
    ),
    # Qualifications: who holds one and granting it are for cluster admins and the managers of an asset requiring it
    # (a manager of another asset, other_manager, is refused: tests/assets/test_qualifications.py has the positive).
    ("GET", "/api/v1/qualifications/{id}/grants/"): (
        lambda w: (f"/api/v1/qualifications/{_qualification(w).id}/grants/", None),
        row(401, 403, 403, 403, 403, 403, 200),
    ),
    ("POST", "/api/v1/qualifications/{id}/grants/"): (
        lambda w: (f"/api/v1/qualifications/{_qualification(w).id}/grants/", {"user": w.user("owner").id}),
        row(401, 403, 403, 403, 403, 403, 201),
    ),
    ("DELETE", "/api/v1/qualifications/{id}/grants/{grant_id}/"): (
        lambda w: (f"/api/v1/qualifications/{_qualification(w).id}/grants/{_grant(w).id}/", None),
        row(401, 403, 403, 403, 403, 403, 204),
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
    return {("GET", "/" + route.replace("<id:asset_id>", "{id}").replace("<id:member_id>", "{id}")) for route in routes}


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


# --- Lists: every list endpoint × every query parameter and value ----------------------------------------------
#
# A caller of member A ("Norte") while member B ("Sur") books the same assets: no answer carries B's full rows,
# and the busy blocks (other members' bookings: where and when, nothing else) come out the same whatever a
# parameter that is neither an asset nor a time says. A list endpoint or a parameter without its rule below fails
# `test_every_list_parameter_has_a_rule`, so a new filter cannot slip in unreviewed.

SCOPE = "scope"  # narrows by asset, group or time: may change which busy blocks come back
FILTER = "filter"  # selects or orders anything else: busy blocks must not change
SHAPE = "shape"  # paging and representation: checked for leaks only
ENUM = "every value of the schema's enum"
ORDERING = "every ordering field of the view, ascending and descending"


def _window(world) -> dict:
    start = world.reservation.start.replace(hour=0)
    return {"start": start.isoformat(), "end": (start + timedelta(days=1)).isoformat()}


def _days(world) -> dict:
    day = world.reservation.start.date()
    return {"from": day.isoformat(), "to": (day + timedelta(days=6)).isoformat()}


LIST_RULES = {
    "/api/v1/reservations/": {
        "base": lambda w: {"include_busy": "true", "page_size": "200"},
        "params": {
            "asset": (SCOPE, lambda w: [w.asset.id, w.other_asset.id]),
            "group": (SCOPE, lambda w: [w.group.id]),
            "start": (SCOPE, lambda w: [_window(w)["start"]]),
            "end": (SCOPE, lambda w: [_window(w)["end"]]),
            "status": (FILTER, lambda w: [ENUM, ["approved", "pending"], ["cancelled", "rejected"]]),
            "member": (FILTER, lambda w: [w.member.id, w.other_member.id, w.third_member.id]),
            "ordering": (FILTER, lambda w: [ORDERING]),
            "include_busy": (SHAPE, lambda w: ["false", "true"]),
            "page": (SHAPE, lambda w: ["1"]),
            "page_size": (SHAPE, lambda w: ["1", "200"]),
        },
    },
    "/api/v1/availability/": {
        "base": lambda w: {**_window(w), "intervals": "true"},
        "params": {
            "group": (SCOPE, lambda w: [w.group.id]),
            "start": (SCOPE, lambda w: [_window(w)["start"]]),
            "end": (SCOPE, lambda w: [_window(w)["end"]]),
            "intervals": (SHAPE, lambda w: ["false", "true"]),
        },
    },
    "/api/v1/assets/": {
        "base": lambda w: {},
        "params": {
            "group": (SCOPE, lambda w: [w.group.id]),
            "kind": (SCOPE, lambda w: ["sound stage"]),
            "q": (SCOPE, lambda w: ["Plató"]),
        },
    },
    "/api/v1/cost-shares/": {
        "base": lambda w: {"page_size": "200"},
        "params": {
            "state": (FILTER, lambda w: [ENUM]),
            "page": (SHAPE, lambda w: ["1"]),
            "page_size": (SHAPE, lambda w: ["1", "200"]),
        },
    },
    "/api/v1/statements/": {
        "base": lambda w: {"page_size": "200"},
        "params": {
            "period": (FILTER, lambda w: [w.statement.period_id, w.rival_statement.period_id]),
            "page": (SHAPE, lambda w: ["1"]),
            "page_size": (SHAPE, lambda w: ["1", "200"]),
        },
    },
    "/api/v1/exports/cost-shares/": {
        "base": lambda w: {"from": "2025-03-01", "to": "2025-04-30", "format": "json"},
        "params": {
            "from": (SCOPE, lambda w: ["2025-03-01"]),
            "to": (SCOPE, lambda w: ["2025-04-30"]),
            "member": (FILTER, lambda w: [w.member.id, w.other_member.id]),
            "format": (SHAPE, lambda w: [ENUM]),
            "dialect": (SHAPE, lambda w: [ENUM]),
            "language": (SHAPE, lambda w: [ENUM]),
        },
    },
    "/api/v1/insights/members/": {
        "base": lambda w: {**_days(w), "group": w.group.id},
        "params": {
            "from": (SCOPE, lambda w: [_days(w)["from"]]),
            "to": (SCOPE, lambda w: [_days(w)["to"]]),
            "group": (SCOPE, lambda w: [w.group.id]),
            "format": (SHAPE, lambda w: [ENUM]),
            "dialect": (SHAPE, lambda w: [ENUM]),
            "language": (SHAPE, lambda w: [ENUM]),
        },
    },
    "/api/v1/insights/utilisation/": {
        "base": lambda w: {**_days(w), "group": w.group.id},
        "params": {
            "from": (SCOPE, lambda w: [_days(w)["from"]]),
            "to": (SCOPE, lambda w: [_days(w)["to"]]),
            "group": (SCOPE, lambda w: [w.group.id]),
            "format": (SHAPE, lambda w: [ENUM]),
            "dialect": (SHAPE, lambda w: [ENUM]),
            "language": (SHAPE, lambda w: [ENUM]),
        },
    },
    "/api/v1/quotas/": {
        "base": lambda w: {},
        "params": {
            "member": (FILTER, lambda w: [w.member.id, w.other_member.id]),
            "group": (SCOPE, lambda w: [w.group.id]),
        },
    },
    "/api/v1/users/": {
        "base": lambda w: {},
        "params": {
            "q": (FILTER, lambda w: ["Sur", "ana"]),
            "page": (SHAPE, lambda w: ["1"]),
            "page_size": (SHAPE, lambda w: ["1", "200"]),
        },
    },
    "/api/v1/changes/": {
        "base": lambda w: {"page_size": "200"},
        "params": {
            "asset": (SCOPE, lambda w: [w.asset.id, w.other_asset.id]),
            "member": (FILTER, lambda w: [w.member.id, w.other_member.id]),
            "by": (FILTER, lambda w: [w.user("cluster_admin").id]),
            "target": (FILTER, lambda w: [w.other_member.id]),
            "target_type": (FILTER, lambda w: ["accounts.member", "assets.asset"]),
            "action": (FILTER, lambda w: ["member.update"]),
            "from": (SCOPE, lambda w: [_days(w)["from"]]),
            "to": (SCOPE, lambda w: [_days(w)["to"]]),
            "page": (SHAPE, lambda w: ["1"]),
            "page_size": (SHAPE, lambda w: ["1", "200"]),
        },
    },
    "/api/v1/invitations/": {
        "base": lambda w: {"page_size": "200"},
        "params": {
            "member": (FILTER, lambda w: [w.member.id, w.other_member.id]),
            "page": (SHAPE, lambda w: ["1"]),
            "page_size": (SHAPE, lambda w: ["1", "200"]),
        },
    },
    "/api/v1/incidents/": {
        "base": lambda w: {"page_size": "200"},
        "params": {
            "asset": (SCOPE, lambda w: [w.asset.id, w.other_asset.id]),
            "status": (FILTER, lambda w: [ENUM]),
            "page": (SHAPE, lambda w: ["1"]),
            "page_size": (SHAPE, lambda w: ["1", "200"]),
        },
    },
    "/api/v1/ratings/": {
        "base": lambda w: {"page_size": "200"},
        "params": {
            "asset": (SCOPE, lambda w: [w.asset.id, w.other_asset.id]),
            "reservation": (FILTER, lambda w: [w.rating.reservation_id, w.rival_rating.reservation_id]),
            "answered": (FILTER, lambda w: ["true", "false"]),
            "page": (SHAPE, lambda w: ["1"]),
            "page_size": (SHAPE, lambda w: ["1", "200"]),
        },
    },
    "/api/v1/waitlist/": {
        "base": lambda w: {"page_size": "200"},
        "params": {
            "asset": (SCOPE, lambda w: [w.asset.id, w.other_asset.id]),
            "state": (FILTER, lambda w: [ENUM]),
            "page": (SHAPE, lambda w: ["1"]),
            "page_size": (SHAPE, lambda w: ["1", "200"]),
        },
    },
    "/api/v1/insights/satisfaction/": {
        "base": lambda w: {"from": "2025-03-01", "to": "2025-04-30"},
        "params": {
            "from": (SCOPE, lambda w: ["2025-03-01"]),
            "to": (SCOPE, lambda w: ["2025-04-30"]),
            "group": (SCOPE, lambda w: [w.group.id]),
        },
    },
    "/api/v1/ratings/to-rate/": {"base": lambda w: {}, "params": {}},
    "/api/v1/bundles/": {
        "base": lambda w: {"page_size": "200"},
        "params": {"page": (SHAPE, lambda w: ["1"]), "page_size": (SHAPE, lambda w: ["1", "200"])},
    },
    # No query parameters: the caller's own things, the catalogue, or 403 for a member.
    "/api/v1/asset-groups/": {"base": lambda w: {}, "params": {}},
    "/api/v1/auth/csrf/": {"base": lambda w: {}, "params": {}},
    "/api/v1/billing-periods/": {"base": lambda w: {}, "params": {}},
    "/api/v1/insights/fair-shares/": {"base": lambda w: {}, "params": {}},
    "/api/v1/insights/standalone-rates/": {"base": lambda w: {}, "params": {}},
    "/api/v1/me/": {"base": lambda w: {}, "params": {}},
    "/api/v1/me/calendar-token/": {"base": lambda w: {}, "params": {}},
    "/api/v1/me/tokens/": {"base": lambda w: {}, "params": {}},
    "/api/v1/me/join-requests/": {"base": lambda w: {}, "params": {}},
    "/api/v1/qualifications/": {"base": lambda w: {}, "params": {}},
    "/api/v1/members/": {
        "base": lambda w: {},
        "params": {"include_inactive": (FILTER, lambda w: ["true", "false"])},
        "directory": True,
    },
}
LIST_CALLERS = ["owner", "owner_admin"]


@functools.cache
def _list_operations() -> dict[str, dict]:
    """Every GET without a path parameter in the schema → {query parameter: its schema}."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        path: {p["name"]: p.get("schema", {}) for p in operations["get"].get("parameters", []) if p["in"] == "query"}
        for path, operations in schema["paths"].items()
        if "{" not in path and "get" in operations
    }


def _ordering_values(path: str) -> list[str]:
    view = resolve(path).func.cls
    if OrderingFilter not in getattr(view, "filter_backends", []):
        return []
    assert view.ordering_fields != "__all__", f"{path}: name the ordering fields"
    return [prefix + field for field in view.ordering_fields for prefix in ("", "-")]


def test_every_list_parameter_has_a_rule():
    operations = _list_operations()
    assert "/api/v1/reservations/" in operations, "no list operations found: the generator is broken"
    missing = sorted(set(operations) - set(LIST_RULES))
    assert not missing, f"list endpoints without a rule in LIST_RULES: {missing}"
    for path, parameters in operations.items():
        unruled = sorted(set(parameters) - set(LIST_RULES[path]["params"]))
        assert not unruled, f"{path}: query parameters without a rule in LIST_RULES: {unruled}"
        if "ordering" in parameters:
            assert _ordering_values(path), f"{path}: ordering without ordering fields"


def _with_rival_bookings(world):
    """Member B books the same assets, its blocks made in an order unlike their times, plus a cancelled booking,
    a billed past booking (so B has a statement) and company details to look for in every answer."""
    rival = world.user("other_booker")
    day = world.reservation.start.date()
    world.rival_secrets = ["Sur secret shoot", "Sur secret notes", rival.username]
    made = []
    for asset, hours, status in (
        (world.other_asset, (20, 21), None),  # made first, starts last
        (world.asset, (8, 9), "pending"),
        (world.other_asset, (8, 9), None),
        (world.other_asset, (12, 13), "cancel"),
    ):
        reservation = bookings.reservation_create(
            asset=asset,
            member=world.other_member,
            by=rival,
            start=local(day, hours[0]),
            end=local(day, hours[1]),
            title="Sur secret shoot",
            notes="Sur secret notes",
        )
        if status == "cancel":
            bookings.reservation_cancel(reservation=reservation, by=rival)
        made.append(reservation)
    world.rival_ids = {r.id for r in made}
    rival_past = past_reservation(
        asset=world.other_asset,
        member=world.other_member,
        booked_by=rival,
        start=utc(2025, 4, 7, 9),
        end=utc(2025, 4, 7, 11),
    )
    world.rival_ids.add(rival_past.id)
    world.rival_rating = Rating.objects.create(reservation=rival_past, asset_score=1, service_score=1,
                                               comment="Sur secret rating", rated_by=rival, rated_at=timezone.now(),
                                               updated_at=timezone.now())  # fmt: skip
    world.rival_secrets.append("Sur secret rating")
    billing.billing_period_close(period=world.period, by=world.user("accountant"))
    world.rival_statement = Statement.objects.get(member=world.other_member, period=world.period)
    sur = world.other_member
    sur.tax_id, sur.billing_email, sur.cost_centre = "SUR-TAX-777", "billing@sur.example", "SUR-CC-9"
    sur.save()
    world.rival_secrets += [sur.tax_id, sur.billing_email, sur.cost_centre, world.rival_statement.number]
    audit.record(by=world.user("cluster_admin"), action="member.update", target=sur, member=sur,
                 before={"tax_id": ""}, after={"tax_id": sur.tax_id})  # fmt: skip
    world.third_member = Member.objects.get(name="Este")
    return world


def _json_or_text(response):
    if response["Content-Type"].startswith("application/json"):
        return response.json()
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8", "replace")


def _walk_json(value):
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from _walk_json(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk_json(item)


def _leaks(world, path: str, answer) -> list:
    """What in an answer is member B's: its secrets, its name as a value, rows of its member or reservations."""
    rival = world.other_member
    text = json.dumps(answer, ensure_ascii=False) if not isinstance(answer, str) else answer
    found = [secret for secret in world.rival_secrets if secret in text]
    if isinstance(answer, str):
        cells = {cell for line in csv.reader(io.StringIO(answer, newline="")) for cell in line}
        return found + ([rival.name] if rival.name in cells else [])
    for node in _walk_json(answer):
        if node == rival.name and not LIST_RULES[path].get("directory"):
            found.append(node)
        if isinstance(node, dict):
            member = node.get("member")
            if member == rival.id or (isinstance(member, dict) and member.get("id") == rival.id):
                found.append(node)
            if {"id", "asset", "start", "end"} <= set(node) and node["id"] in world.rival_ids:
                found.append(node)
    return found


def _busy_blocks(answer) -> list:
    """Other members' bookings as the answer shows them: busy rows, and the busy intervals of availability."""
    if isinstance(answer, str):
        return []
    blocks = []
    for node in _walk_json(answer):
        if isinstance(node, dict) and node.get("busy") is True:
            blocks.append(sorted(node.items()))
        elif isinstance(node, dict) and isinstance(node.get("busy"), list):
            blocks.append(node["busy"])
    return blocks


def _expanded(path: str, name: str, values: list) -> list:
    schema = _list_operations()[path][name]
    out = []
    for value in values:
        if value == ENUM:
            out += schema.get("enum") or schema.get("items", {}).get("enum")
        elif value == ORDERING:
            out += _ordering_values(path)
        else:
            out.append(value)
    return out


@pytest.mark.parametrize("path", sorted(LIST_RULES))
def test_no_list_filter_or_ordering_reveals_another_members_rows(path):
    world = _with_rival_bookings(_prepared_world())
    rules = LIST_RULES[path]
    problems = []
    for role in LIST_CALLERS:
        client = APIClient()
        client.force_authenticate(world.user(role))
        base = rules["base"](world)
        baseline = client.get(path, base)
        assert baseline.status_code in (200, 403), (path, role, baseline.content[:300])
        expected_busy = _busy_blocks(_json_or_text(baseline))
        if path == "/api/v1/reservations/":
            # The rival's three blocking bookings, the third member's booking and its two-week shared series.
            assert len(expected_busy) == 6, "the rival's and the third member's blocks are the busy blocks"
        problems += [(role, "baseline", leak) for leak in _leaks(world, path, _json_or_text(baseline))]
        for name, (kind, values) in rules["params"].items():
            for value in _expanded(path, name, values(world)):
                response = client.get(path, {**base, name: value})
                assert response.status_code < 500, (path, name, value, response.content[:300])
                answer = _json_or_text(response)
                problems += [(role, name, value, str(leak)[:120]) for leak in _leaks(world, path, answer)]
                if kind == FILTER and response.status_code == 200 and _busy_blocks(answer) != expected_busy:
                    problems.append((role, name, value, "busy blocks differ"))
    assert not problems, "\n".join(map(str, problems))
