"""The authorization policy: one module decides who may do what, and this is what it decides for each role."""

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import permissions
from bookings.models import Reservation
from tests.security.world import ROLES, build_world

BACKEND = Path(__file__).resolve().parents[2] / "backend"
PERMISSIONS = BACKEND / "accounts" / "permissions.py"

# Names that make a function an authorization rule, and the user attributes only a rule may read.
RULE_PREFIXES = ("can_", "may_", "manages_", "sees_", "is_cluster_admin", "is_accountant", "is_member_admin")
RULE_NAMES = {"is_asset_manager", "managed_asset_ids", "cluster_roles", "money_member_ids"}
ROLE_ATTRIBUTES = {"is_staff", "is_superuser", "is_accountant", "managed_assets", "managed_asset_groups"}


def _backend_modules():
    for path in sorted(BACKEND.rglob("*.py")):
        if "migrations" not in path.parts and path != PERMISSIONS:
            yield path, ast.parse(path.read_text(), filename=str(path))


def test_every_authorization_rule_lives_in_the_permissions_module():
    """A rule written anywhere else (a `can_…` in a service, a role read in a view) is a second home to forget."""
    stray = []
    for path, tree in _backend_modules():
        where = path.relative_to(BACKEND)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and (
                node.name.lstrip("_").startswith(RULE_PREFIXES) or node.name.lstrip("_") in RULE_NAMES
            ):
                stray.append(f"{where}:{node.lineno} defines {node.name}()")
            if isinstance(node, ast.Attribute) and node.attr in ROLE_ATTRIBUTES:
                stray.append(f"{where}:{node.lineno} reads .{node.attr}")
    assert stray == []


# role → expected answer, in ROLES order: anonymous, owner (booker of Norte), owner_admin (member admin of Norte),
# other_booker and other_admin (of Sur), other_manager (manages asset B, not A), accountant, cluster_admin.
def expect(*answers):
    return dict(zip(ROLES, answers, strict=True))


POLICY = {
    "can_change the reservation": (
        lambda w, u: permissions.can_change(u, w.reservation),
        expect(False, True, True, False, False, False, False, True),
    ),
    "can_decide the reservation": (
        lambda w, u: permissions.can_decide(u, w.reservation),
        expect(False, False, False, False, False, False, False, True),
    ),
    "can_decide the series": (
        lambda w, u: permissions.can_decide(u, w.series),
        expect(False, False, False, False, False, False, False, True),
    ),
    "manages asset B": (
        lambda w, u: permissions.manages_asset(u, w.other_asset),
        expect(False, False, False, False, False, True, False, True),
    ),
    "manages the group": (
        lambda w, u: permissions.manages_group(u, w.group),
        expect(False, False, False, False, False, False, False, True),
    ),
    "can_book_for Norte": (
        lambda w, u: permissions.can_book_for(u, w.member),
        expect(False, True, True, False, False, False, False, True),
    ),
    "can_ask_price_for Norte": (
        lambda w, u: permissions.can_ask_price_for(u, w.member),
        expect(False, True, True, False, False, False, True, True),
    ),
    "sees Norte's details": (
        lambda w, u: permissions.sees_member_details(u, w.member),
        expect(False, True, True, False, False, False, True, True),
    ),
    "sees asset A's bookings in full": (
        lambda w, u: permissions.sees_asset_bookings_in_full(u, w.asset),
        expect(False, False, False, False, False, False, True, True),
    ),
    "sees the reservation in full": (
        lambda w, u: _sees_in_full(u, w.reservation),
        expect(False, True, True, False, False, False, True, True),
    ),
    "can_set_shares of the reservation": (
        lambda w, u: permissions.can_set_shares(u, w.reservation),
        expect(False, True, True, False, False, False, False, True),
    ),
    "can_decide_share Norte pays": (
        lambda w, u: permissions.can_decide_share(u, w.share),
        expect(False, False, True, False, False, False, False, False),
    ),
    "reads every member's money": (
        lambda w, u: permissions.money_member_ids(u) is None,
        expect(False, False, False, False, False, False, True, True),
    ),
    "reads Norte's money": (
        lambda w, u: (ids := permissions.money_member_ids(u)) is None or w.member.id in ids,
        expect(False, False, True, False, False, False, True, True),
    ),
    "may_see_insights": (
        lambda w, u: permissions.may_see_insights(u),
        expect(False, False, True, False, True, False, True, True),
    ),
    "manages_company Norte (people, details, cost centres)": (
        lambda w, u: permissions.manages_company(u, w.member.id),
        expect(False, False, True, False, False, False, False, True),
    ),
    "may_know_company Norte (403 rather than 404)": (
        lambda w, u: permissions.may_know_company(u, w.member.id),
        expect(False, True, True, False, False, False, True, True),
    ),
    "company_fields_editable of Norte": (
        lambda w, u: sorted(permissions.company_fields_editable(u, w.member.id)),
        expect(
            [],
            [],
            ["billing_email", "tax_id"],
            [],
            [],
            [],
            [],
            ["billing_email", "cost_centre", "name", "tax_id", "tier"],
        ),  # fmt: skip
    ),
    "may_revoke_token of the owner's API token": (
        lambda w, u: permissions.may_revoke_token(u, SimpleNamespace(user_id=w.user("owner").id)),
        expect(False, True, True, False, False, False, False, True),
    ),
    "is_accountant_or_admin": (
        lambda w, u: permissions.is_accountant_or_admin(u),
        expect(False, False, False, False, False, False, True, True),
    ),
}


def _sees_in_full(user, reservation) -> bool:
    condition = permissions.booking_seen_in_full(user)
    return condition is None or Reservation.objects.filter(condition, id=reservation.id).exists()


@pytest.mark.django_db
def test_the_policy_answers_each_role_as_documented():
    world = build_world()
    answers = {
        rule: {role: check(world, world.user(role) or AnonymousUser()) for role in ROLES}
        for rule, (check, _expected) in POLICY.items()
    }
    assert answers == {rule: expected for rule, (_check, expected) in POLICY.items()}
