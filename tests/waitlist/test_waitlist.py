"""The waitlist: joining a taken period (never a free one), freed slots offered in join order with an e-mail and a
hold that refuses other members' bookings, accepting (a normal booking), lapsed holds passing to the next, expiry at
the start, withdrawal, who sees and acts on which entry, and the transitions table."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from waitlist import offers, services
from waitlist.models import TRANSITIONS, EntryState, WaitlistEntry

from accounts.models import Membership, User
from assets.models import Blackout
from bookings import series_services
from bookings import services as booking_services
from bookings.models import Reservation, Status
from tests.conftest import as_user, future_day, local
from tests.factories import MemberFactory, MembershipFactory, PriceRuleFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)
START, END = local(MONDAY, 10), local(MONDAY, 12)


@pytest.fixture
def taken(asset, other_member, other_booker):
    """Carla's (Sur Producciones) approved booking 10:00–12:00 on Monday."""
    return booking_services.reservation_create(
        asset=asset, member=other_member, by=other_booker, start=START, end=END, title="Rodaje"
    )


@pytest.fixture
def third_booker():
    return MembershipFactory(member=MemberFactory(name="Este Audio"), user=UserFactory(username="dora")).user


def join(api, user, asset, start=START, end=END, **extra):
    body = {"asset": asset.id, "start": start.isoformat(), "end": end.isoformat(), **extra}
    return as_user(api, user).post("/api/v1/waitlist/", body, format="json")


def free_it(reservation, by, capture):
    with capture(execute=True):
        booking_services.reservation_cancel(reservation=reservation, by=by)


def test_a_member_joins_the_waitlist_for_a_taken_period(api, booker, asset, taken):
    response = join(api, booker, asset, title="Casting")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["state"], body["asset_name"], body["member_name"], body["title"]) == (
        "waiting", "Plató A", "Norte Films", "Casting",
    )  # fmt: skip
    assert body["hold_until"] is None and body["reservation"] is None


def test_joining_a_free_period_is_a_400_telling_them_to_book_it(api, booker, asset):
    response = join(api, booker, asset)
    assert response.status_code == 400
    assert response.json()["code"] == "slot_free"
    assert not WaitlistEntry.objects.exists()


def test_joining_twice_is_a_409_and_a_past_or_broken_period_a_400(api, booker, asset, taken):
    assert join(api, booker, asset).status_code == 201
    again = join(api, booker, asset)
    assert (again.status_code, again.json()["code"]) == (409, "already_waiting")
    past = join(api, booker, asset, start=timezone.now() - timedelta(hours=3), end=timezone.now() - timedelta(hours=1))
    assert past.status_code == 400
    assert join(api, booker, asset, start=END, end=START).status_code == 400
    assert WaitlistEntry.objects.count() == 1


def test_someone_who_cannot_book_for_the_company_cannot_join(api, asset, taken, member):
    nobody = UserFactory(username="nobody")
    response = join(api, nobody, asset, member=member.id)
    assert response.status_code == 400 and response.json()["code"] == "not_a_booker"


def test_a_freed_slot_is_offered_in_join_order_with_a_hold_and_an_email(
    api, booker, third_booker, asset, taken, other_booker, django_capture_on_commit_callbacks
):
    booker.language = "es"
    booker.save()
    first = join(api, booker, asset).json()["id"]
    second = join(api, third_booker, asset).json()["id"]
    before = timezone.now()
    free_it(taken, other_booker, django_capture_on_commit_callbacks)
    first, second = WaitlistEntry.objects.get(id=first), WaitlistEntry.objects.get(id=second)
    assert (first.state, second.state) == (EntryState.OFFERED, EntryState.WAITING)
    assert before + timedelta(minutes=30) <= first.hold_until <= timezone.now() + timedelta(minutes=30)
    [message] = mail.outbox
    assert message.to == ["ana@example.com"]
    assert message.subject.startswith("Libre para ti: Plató A")
    html = message.alternatives[0][0]
    assert "/#/waitlist" in message.body and "/#/waitlist" in html


def test_while_held_other_members_are_refused_and_the_offered_member_books_it(
    api, booker, third_booker, asset, taken, other_booker, django_capture_on_commit_callbacks
):
    PriceRuleFactory(asset=asset)
    entry = join(api, booker, asset, title="Casting").json()["id"]
    free_it(taken, other_booker, django_capture_on_commit_callbacks)
    body = {"asset": asset.id, "start": local(MONDAY, 11).isoformat(), "end": local(MONDAY, 13).isoformat(),
            "title": "Mine"}  # fmt: skip
    refused = as_user(api, third_booker).post("/api/v1/reservations/", body, format="json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "held_for_waitlist"
    assert refused.json()["conflicts"][0]["kind"] == "waitlist_hold" and "held_until" in refused.json()
    accepted = as_user(api, booker).post(f"/api/v1/waitlist/{entry}/accept/", {}, format="json")
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["state"] == "booked"
    reservation = Reservation.objects.get(id=accepted.json()["reservation"])
    assert (reservation.member.name, reservation.title, reservation.status) == ("Norte Films", "Casting", "approved")
    assert reservation.quote["total_minor"] == 24200  # priced as a normal booking: 2 h at 100 € + 21 % VAT


def test_a_series_skips_the_occurrence_another_member_s_hold_keeps(
    api, booker, third_booker, asset, taken, other_booker, django_capture_on_commit_callbacks
):
    join(api, booker, asset)
    free_it(taken, other_booker, django_capture_on_commit_callbacks)
    third = third_booker.memberships.get().member
    _series, rows = series_services.series_create(
        asset=asset, member=third, by=third_booker, start=START, end=END, title="Weekly",
        rrule="FREQ=WEEKLY;COUNT=2", on_conflict="skip",
    )  # fmt: skip
    assert [row["ok"] for row in rows] == [False, True]
    assert rows[0]["problems"][0]["code"] == "held_for_waitlist"


def test_accepting_checks_every_rule_and_keeps_the_offer_when_refused(
    api, booker, asset, taken, other_booker, django_capture_on_commit_callbacks
):
    entry = join(api, booker, asset).json()["id"]
    free_it(taken, other_booker, django_capture_on_commit_callbacks)
    Blackout.objects.create(asset=asset, start=START, end=END, reason="Pintura")  # a manager closed it meanwhile
    refused = as_user(api, booker).post(f"/api/v1/waitlist/{entry}/accept/", {}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "conflict"
    assert WaitlistEntry.objects.get(id=entry).state == EntryState.OFFERED
    assert not Reservation.objects.filter(member__name="Norte Films").exists()


def test_a_lapsed_hold_refuses_the_accept_and_passes_to_the_next_once(
    api, booker, third_booker, asset, taken, other_booker, django_capture_on_commit_callbacks
):
    first = join(api, booker, asset).json()["id"]
    second = join(api, third_booker, asset).json()["id"]
    free_it(taken, other_booker, django_capture_on_commit_callbacks)
    later = WaitlistEntry.objects.get(id=first).hold_until + timedelta(seconds=1)
    with pytest.raises(Exception) as refused:
        services.waitlist_accept(entry=WaitlistEntry.objects.get(id=first), by=booker, now=later)
    assert refused.value.code == "hold_lapsed"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert offers.sweep(now=later) == {"expired": 0, "passed": 1}
        assert offers.sweep(now=later) == {"expired": 0, "passed": 0}  # a second beat changes nothing
    states = dict(WaitlistEntry.objects.values_list("id", "state"))
    assert (states[first], states[second]) == (EntryState.PASSED, EntryState.OFFERED)
    assert [m.to for m in mail.outbox] == [["dora@example.com"]]
    response = as_user(api, booker).post(f"/api/v1/waitlist/{first}/accept/", {}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "invalid_transition")


def test_the_hold_never_outlasts_the_start_and_entries_expire_at_their_start(booker, member, asset, taken,
                                                                            other_booker):  # fmt: skip
    entry = services.waitlist_join(asset=asset, member=member, by=booker, start=START, end=END)
    booking_services.reservation_cancel(reservation=taken, by=other_booker)  # its on-commit offer does not run here
    assert offers.offer_freed(asset_id=asset.id, start=START, end=END, now=START - timedelta(minutes=10)) == 1
    assert WaitlistEntry.objects.get(id=entry.id).hold_until == START  # not 30 minutes after the offer
    assert offers.sweep(now=START - timedelta(minutes=1)) == {"expired": 0, "passed": 0}
    assert offers.sweep(now=START) == {"expired": 1, "passed": 0}
    assert WaitlistEntry.objects.get(id=entry.id).state == EntryState.EXPIRED


def test_a_withdrawn_offer_passes_to_the_next_at_once(
    api, booker, third_booker, asset, taken, other_booker, django_capture_on_commit_callbacks
):
    first = join(api, booker, asset).json()["id"]
    second = join(api, third_booker, asset).json()["id"]
    free_it(taken, other_booker, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(api, booker).post(f"/api/v1/waitlist/{first}/withdraw/", {}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "withdrawn"
    assert WaitlistEntry.objects.get(id=second).state == EntryState.OFFERED
    again = as_user(api, booker).post(f"/api/v1/waitlist/{first}/withdraw/", {}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")


def test_only_entries_whose_whole_period_is_free_are_offered(
    api, booker, third_booker, asset, taken, other_booker, other_member, django_capture_on_commit_callbacks
):
    later = booking_services.reservation_create(
        asset=asset, member=other_member, by=other_booker, start=local(MONDAY, 13), end=local(MONDAY, 15), title="y"
    )
    long = join(api, booker, asset, end=local(MONDAY, 14)).json()["id"]  # 10–14: still half taken
    short = join(api, third_booker, asset).json()["id"]  # 10–12
    free_it(taken, other_booker, django_capture_on_commit_callbacks)
    states = dict(WaitlistEntry.objects.values_list("id", "state"))
    assert (states[long], states[short]) == (EntryState.WAITING, EntryState.OFFERED)
    assert later.status == Status.APPROVED


def test_a_released_booking_is_offered_too(
    booker, asset, member, other_member, other_booker, django_capture_on_commit_callbacks
):
    asset.release_after_minutes = 15
    asset.save()
    start = local(MONDAY, 10)  # within the asset's hours whatever the hour the test runs
    held = booking_services.reservation_create(
        asset=asset, member=other_member, by=other_booker, start=start, end=start + timedelta(hours=2), title="x",
        now=start - timedelta(days=1),
    )  # fmt: skip
    entry = services.waitlist_join(asset=asset, member=member, by=booker, start=start + timedelta(hours=1),
                                   end=start + timedelta(hours=2), now=start - timedelta(hours=1))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert booking_services.reservation_release(reservation=held, now=start + timedelta(minutes=20))
    assert WaitlistEntry.objects.get(id=entry.id).state == EntryState.OFFERED


def test_members_see_their_company_s_entries_and_managers_their_asset_s(
    api, booker, member_admin, third_booker, manager, asset, taken
):
    mine = join(api, booker, asset).json()["id"]
    theirs = join(api, third_booker, asset).json()["id"]
    assert [e["id"] for e in as_user(api, member_admin).get("/api/v1/waitlist/").json()["results"]] == [mine]
    assert as_user(api, booker).get(f"/api/v1/waitlist/{theirs}/").status_code == 404
    assert as_user(api, booker).post(f"/api/v1/waitlist/{theirs}/withdraw/").status_code == 404
    seen = as_user(api, manager).get(f"/api/v1/waitlist/?asset={asset.id}").json()["results"]
    assert [e["id"] for e in seen] == [mine, theirs]
    assert as_user(api, manager).post(f"/api/v1/waitlist/{mine}/withdraw/").status_code == 403
    # The company's admin may act for its booker.
    response = as_user(api, member_admin).post(f"/api/v1/waitlist/{mine}/withdraw/")
    assert response.status_code == 200


def test_a_booker_who_left_the_company_can_no_longer_act(api, booker, member, asset, taken):
    entry = join(api, booker, asset).json()["id"]
    Membership.objects.filter(user=booker, member=member).delete()
    booker = User.objects.get(id=booker.id)  # memberships are cached on the user object for a request
    assert as_user(api, booker).post(f"/api/v1/waitlist/{entry}/withdraw/").status_code == 404


@pytest.mark.parametrize("query", ["state=lost", "asset=abc", "asset=-1"])
def test_odd_list_filters_are_400s(api, booker, query):
    assert as_user(api, booker).get(f"/api/v1/waitlist/?{query}").status_code == 400


def test_the_transitions_table():
    """waiting → offered → booked | passed | expired, or withdrawn; the last four are final."""
    assert {
        "waiting": {"offered", "expired", "withdrawn"},
        "offered": {"booked", "passed", "expired", "withdrawn"},
        "booked": set(), "passed": set(), "expired": set(), "withdrawn": set(),
    } == TRANSITIONS  # fmt: skip
    final = [state for state in EntryState.values if not TRANSITIONS[state]]
    assert final == ["booked", "passed", "expired", "withdrawn"]
