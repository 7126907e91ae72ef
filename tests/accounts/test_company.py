"""My company: a member admin's people, company details, cost centres and overview (issue #20)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import CostCentre, Membership, User
from audit.models import Change
from billing import services as billing
from bookings.models import Reservation, ReservationEvent, Status
from tests.billing.helpers import past_reservation, utc
from tests.conftest import as_user, book_day, future_day, local
from tests.factories import MemberFactory, MembershipFactory, PriceRuleFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


def membership(user, member) -> Membership:
    return Membership.objects.get(user=user, member=member)


# --- People ------------------------------------------------------------------------------------------------


def test_a_member_admin_lists_its_people_with_roles_and_last_sign_in(api, member, booker, member_admin):
    booker.email, booker.first_name, booker.last_name = "ana@norte.example", "Ana", "Ruiz"
    booker.last_login = timezone.now()
    booker.save()
    MembershipFactory(member=MemberFactory(name="Sur"), user=UserFactory(username="outsider"))
    response = as_user(api, member_admin).get(f"/api/v1/members/{member.id}/people/")
    assert response.status_code == 200
    people = response.json()
    assert [(p["username"], p["role"]) for p in people] == [("bruno", "member_admin"), ("ana", "booker")]
    ana = people[1]
    assert ana["name"] == "Ana Ruiz" and ana["email"] == "ana@norte.example" and ana["last_login"]
    assert ana["id"] == membership(booker, member).id and ana["user"] == booker.id


def test_people_of_another_company_are_404_and_a_booker_gets_403(api, member, other_member, booker, member_admin):
    other_admin = MembershipFactory(member=other_member, role=Membership.Role.MEMBER_ADMIN).user
    assert as_user(api, other_admin).get(f"/api/v1/members/{member.id}/people/").status_code == 404
    assert as_user(api, booker).get(f"/api/v1/members/{member.id}/people/").status_code == 403
    assert as_user(api, member_admin).get("/api/v1/members/999999/people/").status_code == 404


def test_a_member_admin_makes_a_booker_member_admin_and_it_is_audited(api, member, booker, member_admin):
    ana = membership(booker, member)
    response = as_user(api, member_admin).patch(f"/api/v1/memberships/{ana.id}/", {"role": "member_admin"}, "json")
    assert response.status_code == 200, response.json()
    assert response.json()["role"] == "member_admin"
    ana.refresh_from_db()
    assert ana.role == "member_admin"
    change = Change.objects.get(action="membership.update")
    assert (change.member_id, change.by_id, change.before, change.after) == (
        member.id,
        member_admin.id,
        {"role": "booker"},
        {"role": "member_admin"},
    )
    # The booker's next request sees its new role.
    assert as_user(api, booker).get("/api/v1/me/").json()["memberships"][0]["role"] == "member_admin"


def test_a_bad_role_is_a_400_that_changes_nothing(api, member, booker, member_admin):
    ana = membership(booker, member)
    response = as_user(api, member_admin).patch(f"/api/v1/memberships/{ana.id}/", {"role": "owner"}, "json")
    assert response.status_code == 400 and "role" in response.json()
    ana.refresh_from_db()
    assert ana.role == "booker"


def test_the_last_member_admin_cannot_be_demoted_or_removed(api, member, member_admin):
    own = membership(member_admin, member)
    client = as_user(api, member_admin)
    demoted = client.patch(f"/api/v1/memberships/{own.id}/", {"role": "booker"}, "json")
    assert demoted.status_code == 409 and demoted.json()["code"] == "last_member_admin"
    removed = client.delete(f"/api/v1/memberships/{own.id}/")
    assert removed.status_code == 409 and removed.json()["code"] == "last_member_admin"
    assert client.get(f"/api/v1/memberships/{own.id}/removal/").json()["blocked"] == "last_member_admin"
    own.refresh_from_db()
    assert own.role == "member_admin"
    # With a second admin, the first may step down.
    MembershipFactory(member=member, role=Membership.Role.MEMBER_ADMIN)
    assert client.patch(f"/api/v1/memberships/{own.id}/", {"role": "booker"}, "json").status_code == 200


def test_another_companys_membership_is_404_and_the_companys_booker_gets_403(
    api, member, other_member, booker, member_admin, other_booker
):
    carla = membership(other_booker, other_member)
    client = as_user(api, member_admin)
    assert client.patch(f"/api/v1/memberships/{carla.id}/", {"role": "member_admin"}, "json").status_code == 404
    assert client.delete(f"/api/v1/memberships/{carla.id}/").status_code == 404
    assert client.get(f"/api/v1/memberships/{carla.id}/removal/").status_code == 404
    ana = membership(booker, member)
    booker_client = as_user(api, booker)
    assert booker_client.patch(f"/api/v1/memberships/{ana.id}/", {"role": "member_admin"}, "json").status_code == 403
    assert Membership.objects.get(id=carla.id).role == "booker"
    assert Membership.objects.get(id=ana.id).role == "booker"


def test_a_cluster_admin_changes_roles_in_any_company(api, other_member, other_booker):
    admin = UserFactory(username="root", is_staff=True)
    carla = membership(other_booker, other_member)
    response = as_user(api, admin).patch(f"/api/v1/memberships/{carla.id}/", {"role": "member_admin"}, "json")
    assert response.status_code == 200


def test_removal_preview_lists_future_bookings_and_changes_nothing(api, asset, member, booker, member_admin):
    future = book_day(asset, member, booker, MONDAY)
    book_day(asset, member, member_admin, MONDAY, 14, 15)  # someone else's: not listed
    cancelled = book_day(asset, member, booker, MONDAY, 16, 17)
    cancelled.status = Status.CANCELLED
    cancelled.save()
    ana = membership(booker, member)
    response = as_user(api, member_admin).get(f"/api/v1/memberships/{ana.id}/removal/")
    assert response.status_code == 200
    preview = response.json()
    assert [b["id"] for b in preview["bookings"]] == [future.id]
    assert preview["heir"]["id"] == member_admin.id and preview["blocked"] is None
    assert Membership.objects.filter(id=ana.id).exists()
    assert Reservation.objects.get(id=future.id).booked_by_id == booker.id


def test_removing_someone_hands_their_bookings_over_cuts_access_and_tells_them(
    api, asset, member, booker, member_admin, django_capture_on_commit_callbacks
):
    booker.email, booker.language = "ana@norte.example", "es"
    booker.save()
    future = book_day(asset, member, booker, MONDAY)
    ana = membership(booker, member)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(api, member_admin).delete(f"/api/v1/memberships/{ana.id}/")
    assert response.status_code == 200, response.json()
    assert [b["id"] for b in response.json()["bookings"]] == [future.id]
    assert not Membership.objects.filter(id=ana.id).exists()
    future.refresh_from_db()
    assert future.status == Status.APPROVED and future.booked_by_id == member_admin.id
    event = ReservationEvent.objects.get(reservation=future, action="handed_over")
    assert event.changes == {"booked_by": ["ana", "bruno"]}
    assert Change.objects.get(action="membership.delete").before == {"user": booker.id, "role": "booker"}
    # The removed person's next request (a new request loads the user afresh) sees nothing of the company.
    client = as_user(APIClient(), User.objects.get(id=booker.id))
    assert client.get("/api/v1/me/").json()["memberships"] == []
    assert client.get(f"/api/v1/reservations/{future.id}/").status_code == 404
    assert client.get("/api/v1/cost-shares/").json()["results"] == []
    assert client.get(f"/api/v1/members/{member.id}/cost-centres/").status_code == 404
    # Told by e-mail, in Spanish, with the booking.
    [message] = mail.outbox
    assert message.to == ["ana@norte.example"]
    assert "Norte Films" in message.subject and "Ya no" in message.subject
    assert asset.name in message.body and "bruno" in message.body
    assert "Hola, ana:" in message.body and "10:00–12:00 (Europe/Madrid)" in message.body  # local, zone named


def test_a_removed_persons_shares_follow_the_heir(api, asset, member, booker, member_admin):
    """Cost shares carry the booker (a trigger's copy): the hand-over moves it, so the heir sees them."""
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000)
    future = book_day(asset, member, booker, MONDAY)
    as_user(api, member_admin).delete(f"/api/v1/memberships/{membership(booker, member).id}/")
    from billing.models import CostShare

    assert CostShare.objects.get(reservation=future).reservation_booked_by_id == member_admin.id


# --- Company details ---------------------------------------------------------------------------------------


def test_a_member_admin_changes_billing_email_and_tax_id(api, member, member_admin):
    response = as_user(api, member_admin).patch(
        f"/api/v1/members/{member.id}/", {"billing_email": "pay@norte.example", "tax_id": "B-999"}, "json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["billing_email"] == "pay@norte.example"
    member.refresh_from_db()
    assert (member.billing_email, member.tax_id) == ("pay@norte.example", "B-999")
    change = Change.objects.get(action="member.update")
    assert change.after == {"billing_email": "pay@norte.example", "tax_id": "B-999"} and change.member_id == member.id


@pytest.mark.parametrize("field,value", [("tier", "external"), ("name", "Renamed"), ("cost_centre", "X")])
def test_a_member_admin_sending_a_cluster_admin_field_gets_403_and_nothing_changes(
    api, member, member_admin, field, value
):
    tax_id = member.tax_id
    response = as_user(api, member_admin).patch(
        f"/api/v1/members/{member.id}/", {"tax_id": "B-1", field: value}, "json"
    )
    assert response.status_code == 403 and response.json()["fields"] == [field]
    member.refresh_from_db()
    assert member.tax_id == tax_id and member.tier == "full" and member.name == "Norte Films"
    assert not Change.objects.exists()


def test_a_cluster_admin_changes_name_and_tier(api, member):
    admin = UserFactory(is_staff=True)
    response = as_user(api, admin).patch(
        f"/api/v1/members/{member.id}/", {"name": "Norte", "tier": "associate"}, "json"
    )
    assert response.status_code == 200
    member.refresh_from_db()
    assert (member.name, member.tier) == ("Norte", "associate")


def test_bad_company_details_are_field_errors(api, member, other_member, member_admin):
    admin = UserFactory(is_staff=True)
    bad = as_user(api, member_admin).patch(f"/api/v1/members/{member.id}/", {"billing_email": "nope"}, "json")
    assert bad.status_code == 400 and "billing_email" in bad.json()
    taken = as_user(api, admin).patch(f"/api/v1/members/{member.id}/", {"name": other_member.name}, "json")
    assert taken.status_code == 400 and "name" in taken.json()
    tier = as_user(api, admin).patch(f"/api/v1/members/{member.id}/", {"tier": "gold"}, "json")
    assert tier.status_code == 400 and "tier" in tier.json()


def test_company_details_of_another_company_are_404_and_a_booker_gets_403(api, member, booker, other_member):
    other_admin = MembershipFactory(member=other_member, role=Membership.Role.MEMBER_ADMIN).user
    assert as_user(api, other_admin).patch(f"/api/v1/members/{member.id}/", {"tax_id": "X"}, "json").status_code == 404
    assert as_user(api, booker).patch(f"/api/v1/members/{member.id}/", {"tax_id": "X"}, "json").status_code == 403


# --- Cost centres ------------------------------------------------------------------------------------------


def test_a_member_admin_adds_cost_centres_and_its_bookers_read_them(api, member, booker, member_admin):
    client = as_user(api, member_admin)
    created = client.post(f"/api/v1/members/{member.id}/cost-centres/", {"code": "PROD-1", "name": "Drama"}, "json")
    assert created.status_code == 201, created.json()
    assert created.json() | {"id": 0} == {"id": 0, "member": member.id, "code": "PROD-1", "name": "Drama",
                                          "active": True, "used": False}  # fmt: skip
    duplicate = client.post(f"/api/v1/members/{member.id}/cost-centres/", {"code": "prod-1"}, "json")
    assert duplicate.status_code == 400 and duplicate.json()["code"] == "code_taken"
    assert client.post(f"/api/v1/members/{member.id}/cost-centres/", {"code": ""}, "json").status_code == 400
    listed = as_user(api, booker).get(f"/api/v1/members/{member.id}/cost-centres/").json()
    assert [c["code"] for c in listed] == ["PROD-1"]
    assert (
        as_user(api, booker).post(f"/api/v1/members/{member.id}/cost-centres/", {"code": "B"}, "json").status_code
        == 403
    )
    assert Change.objects.filter(action="cost_centre.create", member_id=member.id).count() == 1


def test_another_companys_cost_centres_are_404(api, member, other_member, other_booker, member_admin):
    theirs = CostCentre.objects.create(member=other_member, code="SUR")
    client = as_user(api, member_admin)
    assert client.get(f"/api/v1/members/{other_member.id}/cost-centres/").status_code == 404
    assert client.patch(f"/api/v1/cost-centres/{theirs.id}/", {"active": False}, "json").status_code == 404
    assert client.post(f"/api/v1/members/{other_member.id}/cost-centres/", {"code": "X"}, "json").status_code == 404


def test_a_used_cost_centre_is_deactivated_not_recoded(api, asset, member, booker, member_admin):
    centre = CostCentre.objects.create(member=member, code="PROD-1")
    reservation = book_day(asset, member, booker, MONDAY)
    reservation.cost_centre = centre
    reservation.save()
    client = as_user(api, member_admin)
    recode = client.patch(f"/api/v1/cost-centres/{centre.id}/", {"code": "PROD-2"}, "json")
    assert recode.status_code == 400 and recode.json()["code"] == "cost_centre_used"
    off = client.patch(f"/api/v1/cost-centres/{centre.id}/", {"active": False, "name": "Old"}, "json")
    assert off.status_code == 200 and off.json()["active"] is False and off.json()["used"] is True
    assert Change.objects.get(action="cost_centre.update").after == {"active": False, "name": "Old"}


def test_a_booking_picks_an_active_cost_centre_of_its_member(api, asset, member, other_member, booker):
    mine = CostCentre.objects.create(member=member, code="PROD-1", name="Drama")
    inactive = CostCentre.objects.create(member=member, code="OLD", active=False)
    theirs = CostCentre.objects.create(member=other_member, code="SUR")
    client = as_user(api, booker)

    def book(hour, centre):
        body = {"asset": asset.id, "start": local(MONDAY, hour).isoformat(), "end": local(MONDAY, hour + 1).isoformat(),
                "title": "Shoot", "cost_centre": centre}  # fmt: skip
        return client.post("/api/v1/reservations/", body, format="json")

    created = book(10, mine.id)
    assert created.status_code == 201, created.json()
    assert created.json()["cost_centre"] == {"id": mine.id, "code": "PROD-1", "name": "Drama"}
    for centre in (inactive.id, theirs.id):
        refused = book(12, centre)
        assert refused.status_code == 400 and refused.json()["code"] == "invalid_cost_centre"
    assert book(14, None).json()["cost_centre"] is None
    assert Reservation.objects.count() == 2
    # PATCH changes it, clears it, and refuses another member's.
    rid = created.json()["id"]
    assert client.patch(f"/api/v1/reservations/{rid}/", {"cost_centre": theirs.id}, "json").status_code == 400
    cleared = client.patch(f"/api/v1/reservations/{rid}/", {"cost_centre": None}, "json")
    assert cleared.status_code == 200 and cleared.json()["cost_centre"] is None
    assert cleared.json()["events"][-1]["changes"] == {"cost_centre": ["PROD-1", None]}
    listed = client.get("/api/v1/reservations/").json()["results"]
    assert {r["id"]: r["cost_centre"] for r in listed}[rid] is None


def test_exports_carry_the_reservations_cost_centre_else_the_members_default(api, asset, member, booker):
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000)
    member.cost_centre = "DEFAULT"
    member.save()
    centre = CostCentre.objects.create(member=member, code="PROD-1")
    named = past_reservation(asset=asset, member=member, booked_by=booker, start=utc(2025, 3, 3, 9),
                             end=utc(2025, 3, 3, 11))  # fmt: skip
    Reservation.objects.filter(id=named.id).update(cost_centre=centre)
    plain = past_reservation(asset=asset, member=member, booked_by=booker, start=utc(2025, 3, 4, 9),
                             end=utc(2025, 3, 4, 11))  # fmt: skip
    accountant = UserFactory(is_accountant=True)
    rows = as_user(api, accountant).get("/api/v1/exports/cost-shares/?from=2025-03-01&to=2025-03-31&format=json")
    assert rows.status_code == 200
    centres = {row["reservation"]: row["cost_centre"] for row in rows.json()}
    assert centres == {named.id: "PROD-1", plain.id: "DEFAULT"}


# --- Overview ----------------------------------------------------------------------------------------------


def test_the_overview_counts_this_month_and_last_pending_consents_and_statements(api, asset, member, member_admin):
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000, vat_rate="21.00")
    now = timezone.localtime()
    first = now.replace(day=1, hour=9, minute=0, second=0, microsecond=0)
    last_month = (first - timedelta(days=1)).replace(day=2)
    past_reservation(
        asset=asset, member=member, booked_by=member_admin, start=last_month, end=last_month + timedelta(hours=2)
    )
    past_reservation(asset=asset, member=member, booked_by=member_admin, start=first, end=first + timedelta(hours=3))
    third = MemberFactory(name="Este")
    third_admin = MembershipFactory(member=third, role=Membership.Role.MEMBER_ADMIN).user
    shared = book_day(asset, third, third_admin, MONDAY)
    billing.cost_shares_set(reservation=shared, payers=[(third, Decimal(1)), (member, Decimal(1))], by=third_admin)
    period = billing.billing_period_for(year=2025, month=3)
    past_reservation(
        asset=asset, member=member, booked_by=member_admin, start=utc(2025, 3, 3, 9), end=utc(2025, 3, 3, 10)
    )
    billing.billing_period_close(period=period, by=UserFactory(is_accountant=True))
    response = as_user(api, member_admin).get(f"/api/v1/members/{member.id}/overview/")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["last_month"]["bookings"] == 1 and data["last_month"]["hours"] == 2
    assert data["last_month"]["spend"] == [{"amount": "242.00", "currency": "EUR"}]
    assert (data["this_month"]["bookings"], data["this_month"]["hours"]) == (1, 3)
    assert data["this_month"]["spend"] == [{"amount": "363.00", "currency": "EUR"}]
    assert data["pending_consents"] == 1
    [statement] = data["statements"]
    assert (statement["year"], statement["month"], statement["totals"]) == (
        2025, 3, [{"amount": "121.00", "currency": "EUR"}]
    )  # fmt: skip


def test_the_overview_is_for_the_companys_admins(api, member, booker, other_member):
    other_admin = MembershipFactory(member=other_member, role=Membership.Role.MEMBER_ADMIN).user
    assert as_user(api, booker).get(f"/api/v1/members/{member.id}/overview/").status_code == 403
    assert as_user(api, other_admin).get(f"/api/v1/members/{member.id}/overview/").status_code == 404
