"""Closing an asset over booked time: the preview, one decision per booking (move or cancel without fee), all or
nothing, the e-mails to the holders, and the database refusing a blackout and a booking that overlap."""

from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime

from accounts.models import Membership, User
from assets.models import Blackout
from audit.models import Change
from billing.models import ChargeKind, ReservationCharge
from bookings import services
from bookings.models import BLOCKING, Reservation, ReservationEvent, Status
from sinergia import triggers
from tests.conftest import as_user, future_day, local
from tests.factories import AssetFactory, AssetGroupFactory, MembershipFactory, PriceRuleFactory, UserFactory
from tests.notifications.helpers import spanish_time

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


@pytest.fixture
def priced(asset):
    """The asset priced at 100 EUR an hour, with a late-cancellation fee that every booking here is inside."""
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000, vat_rate="21.00")
    asset.free_cancellation = timedelta(days=60)
    asset.late_cancellation_fee_percent = 50
    asset.save()
    return asset


@pytest.fixture
def booked(priced, member, booker, member_admin):
    """Ana's approved booking 10:00–12:00 on Monday; Bruno is her company's admin."""
    return services.reservation_create(
        asset=priced, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 12), title="Rodaje"
    )


def closure(day=MONDAY, start=9, end=13, **extra):
    return {"start": local(day, start).isoformat(), "end": local(day, end).isoformat(), "reason": "Rigging", **extra}


def post(api, user, asset, body, path="blackouts/"):
    return as_user(api, user).post(f"/api/v1/assets/{asset.id}/{path}", body, format="json")


def test_blackout_status_list_in_the_triggers_is_the_models():
    assert "(" + ", ".join(f"'{status}'" for status in BLOCKING) + ")" == triggers.BLOCKING_SQL


def test_the_preview_lists_the_overlapped_bookings_with_alternatives_outside_the_closure(api, manager, booked):
    response = post(api, manager, booked.asset, closure(), "blackouts/preview/")
    assert response.status_code == 200, response.json()
    (entry,) = response.json()["bookings"]
    assert (entry["reservation"], entry["title"], entry["member"], entry["booked_by"]) == (
        booked.id, "Rodaje", "Norte Films", "ana",
    )  # fmt: skip
    offers = entry["alternatives"]
    assert offers, entry
    for offer in offers:  # none inside the closure 09:00–13:00
        start, end = parse_datetime(offer["start"]), parse_datetime(offer["end"])
        assert end <= local(MONDAY, 9) or start >= local(MONDAY, 13)
    assert offers[0]["price"] == {"amount": "242.00", "currency": "EUR"}
    assert not Blackout.objects.exists()
    assert Reservation.objects.get().start == local(MONDAY, 10)


def test_the_preview_counts_buffers(api, manager, booker, member, asset):
    asset.cleanup_buffer = timedelta(hours=1)
    asset.save()
    services.reservation_create(
        asset=asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 12), title="x"
    )
    assert len(post(api, manager, asset, closure(start=12, end=13), "blackouts/preview/").json()["bookings"]) == 1
    assert post(api, manager, asset, closure(start=13, end=14), "blackouts/preview/").json()["bookings"] == []


def test_a_closure_without_a_decision_for_each_booking_is_a_409_that_changes_nothing(api, manager, booked):
    response = post(api, manager, booked.asset, closure())
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "decisions_required"
    assert [entry["reservation"] for entry in body["bookings"]] == [booked.id]
    assert body["bookings"][0]["alternatives"]
    assert not Blackout.objects.exists()
    assert Reservation.objects.get().status == Status.APPROVED


def test_moving_a_booking_to_an_alternative_then_closes_and_tells_the_holders(
    api, manager, booked, django_capture_on_commit_callbacks
):
    booked.booked_by.language = "es"  # 24-hour times
    booked.booked_by.save()
    decision = {"reservation": booked.id, "action": "move",
                "start": local(MONDAY, 14).isoformat(), "end": local(MONDAY, 16).isoformat()}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = post(api, manager, booked.asset, closure(decisions=[decision]))
    assert response.status_code == 201, response.json()
    booked.refresh_from_db()
    assert (booked.start, booked.end, booked.status) == (local(MONDAY, 14), local(MONDAY, 16), Status.APPROVED)
    assert booked.quote["total_minor"] == 24200  # the member pays what it agreed to
    blackout = Blackout.objects.get()
    assert (blackout.start, blackout.reason, blackout.created_by) == (local(MONDAY, 9), "Rigging", manager)
    event = booked.events.last()
    assert (event.action, event.by, event.reason) == ("moved_for_maintenance", manager, "Rigging")
    assert {m.to[0] for m in mail.outbox} == {"ana@example.com", "bruno@example.com"}
    message = next(m for m in mail.outbox if m.to == ["ana@example.com"])
    now_on = spanish_time(local(MONDAY, 14), local(MONDAY, 16))
    assert message.subject == f"Movida por mantenimiento: Plató A, ahora el {now_on}"
    assert "cerrará por mantenimiento" in message.body and "Rigging" in message.body
    assert "14:00–16:00" in message.body.replace(" ", "") and "Antes" in message.body and "10:00" in message.body
    english = next(m for m in mail.outbox if m.to == ["bruno@example.com"])
    assert english.subject.startswith("Moved for maintenance: Plató A, now on") and "Before:" in english.body


def test_a_cancellation_for_maintenance_charges_no_fee_and_mails_the_alternatives(
    api, manager, booked, django_capture_on_commit_callbacks
):
    assert ReservationCharge.objects.get(reservation=booked).total_minor == 24200
    with django_capture_on_commit_callbacks(execute=True):
        response = post(api, manager, booked.asset, closure(decisions=[{"reservation": booked.id, "action": "cancel"}]))
    assert response.status_code == 201, response.json()
    booked.refresh_from_db()
    assert booked.status == Status.CANCELLED
    charge = ReservationCharge.objects.get(reservation=booked)
    assert (charge.kind, charge.total_minor) == (ChargeKind.NONE, 0)
    event = booked.events.last()
    assert (event.action, event.from_status) == ("cancelled_for_maintenance", Status.APPROVED)
    assert event.changes["alternatives"]
    message = next(m for m in mail.outbox if m.to == ["ana@example.com"])
    assert message.subject.startswith("Cancelled for maintenance: Plató A on")
    assert "You will not be charged" in message.body
    assert "Free slots you could book instead" in message.body and "- Plató A: " in message.body


def test_an_ordinary_late_cancellation_by_the_manager_still_costs_the_fee(manager, booked):
    """The control for the test above: only the closure's cancellation is free."""
    services.reservation_cancel(reservation=booked, by=manager, reason="No")
    assert ReservationCharge.objects.get(reservation=booked).kind == ChargeKind.CANCELLATION_FEE


def test_the_holders_read_the_closure_in_their_language(api, manager, booked, django_capture_on_commit_callbacks):
    booked.booked_by.language = "es"
    booked.booked_by.save()
    with django_capture_on_commit_callbacks(execute=True):
        post(api, manager, booked.asset, closure(decisions=[{"reservation": booked.id, "action": "cancel"}]))
    message = next(m for m in mail.outbox if m.to == ["ana@example.com"])
    assert message.subject.startswith("Cancelada por mantenimiento: Plató A")
    assert "No se le cobrará" in message.body


def test_a_taken_alternative_is_a_409_naming_it_and_nothing_is_done(api, manager, booked, other_booker, other_member):
    later = services.reservation_create(asset=booked.asset, member=other_member, by=other_booker,
                                        start=local(MONDAY, 18), end=local(MONDAY, 20), title="x")  # fmt: skip
    second = services.reservation_create(asset=booked.asset, member=other_member, by=other_booker,
                                         start=local(MONDAY, 12), end=local(MONDAY, 13), title="Cata")  # fmt: skip
    decisions = [
        {"reservation": second.id, "action": "cancel"},
        {"reservation": booked.id, "action": "move",
         "start": local(MONDAY, 17).isoformat(), "end": local(MONDAY, 19).isoformat()},
    ]  # fmt: skip
    response = post(api, manager, booked.asset, closure(decisions=decisions))
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["reservation"]) == ("alternative_taken", booked.id)
    assert "Rodaje" in body["detail"]
    assert not Blackout.objects.exists()
    assert {(r.id, r.status, r.start) for r in Reservation.objects.all()} == {
        (booked.id, Status.APPROVED, local(MONDAY, 10)), (second.id, Status.APPROVED, local(MONDAY, 12)),
        (later.id, Status.APPROVED, local(MONDAY, 18)),
    }  # fmt: skip
    assert not ReservationEvent.objects.filter(action__endswith="_for_maintenance").exists()


def test_a_move_into_the_closure_itself_is_refused(api, manager, booked):
    decision = {"reservation": booked.id, "action": "move",
                "start": local(MONDAY, 12).isoformat(), "end": local(MONDAY, 14).isoformat()}  # fmt: skip
    response = post(api, manager, booked.asset, closure(decisions=[decision]))
    assert response.status_code == 409 and response.json()["code"] == "alternative_taken"
    assert not Blackout.objects.exists()


def test_a_move_must_keep_the_rules_of_the_asset(api, manager, booked):
    decision = {"reservation": booked.id, "action": "move",
                "start": local(MONDAY, 21).isoformat(), "end": local(MONDAY, 23).isoformat()}  # fmt: skip
    response = post(api, manager, booked.asset, closure(decisions=[decision]))
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["reservation"]) == ("outside_opening_hours", booked.id)
    assert not Blackout.objects.exists()


@pytest.mark.parametrize(
    "decision,code",
    [
        ({"action": "move"}, "invalid"),
        ({"action": "dance"}, "invalid"),
        ({"reservation": 999999, "action": "cancel"}, "not_overlapped"),
    ],
)
def test_bad_decisions_are_a_400_that_changes_nothing(api, manager, booked, decision, code):
    body = closure(decisions=[{"reservation": booked.id, **decision}])
    response = post(api, manager, booked.asset, body)
    assert response.status_code == 400, response.json()
    if code != "invalid":
        assert response.json()["code"] == code
    assert not Blackout.objects.exists()
    assert Reservation.objects.get().status == Status.APPROVED


def test_a_decision_twice_for_one_booking_is_a_400(api, manager, booked):
    decisions = [{"reservation": booked.id, "action": "cancel"}] * 2
    response = post(api, manager, booked.asset, closure(decisions=decisions))
    assert (response.status_code, response.json()["code"]) == (400, "duplicate_decision")


def test_a_booking_moves_to_another_asset_of_its_group_the_manager_runs(api, manager, booked, member, booker):
    group = AssetGroupFactory()
    stage_b = AssetFactory(name="Plató B", group=group)
    booked.asset.group = group
    booked.asset.save()
    stranger = AssetFactory(name="Bodega")
    move = {"reservation": booked.id, "action": "move",
            "start": local(MONDAY, 10).isoformat(), "end": local(MONDAY, 12).isoformat()}  # fmt: skip
    assert post(api, manager, booked.asset, closure(decisions=[{**move, "asset": stranger.id}])).status_code == 400
    assert post(api, manager, booked.asset, closure(decisions=[{**move, "asset": stage_b.id}])).status_code == 403
    preview = post(api, manager, booked.asset, closure(), "blackouts/preview/").json()
    assert stage_b.id not in {offer["asset"] for offer in preview["bookings"][0]["alternatives"]}
    stage_b.managers.add(manager)
    manager = User.objects.get(id=manager.id)  # a fresh request's user: what it manages is cached on the user
    preview = post(api, manager, booked.asset, closure(), "blackouts/preview/").json()
    assert preview["bookings"][0]["alternatives"][0]["asset"] == stage_b.id  # same time, other stage: nearest
    response = post(api, manager, booked.asset, closure(decisions=[{**move, "asset": stage_b.id}]))
    assert response.status_code == 201, response.json()
    booked.refresh_from_db()
    assert (booked.asset, booked.start) == (stage_b, local(MONDAY, 10))
    assert booked.events.last().changes["asset"] == ["Plató A", "Plató B"]


@pytest.mark.parametrize("who", ["booker", "member_admin", "other_manager"])
def test_only_the_assets_managers_preview_and_close(api, booked, booker, member_admin, who):
    other_manager = UserFactory()
    AssetFactory().managers.add(other_manager)
    user = {"booker": booker, "member_admin": member_admin, "other_manager": other_manager}[who]
    assert post(api, user, booked.asset, closure(), "blackouts/preview/").status_code == 403
    cancel = closure(decisions=[{"reservation": booked.id, "action": "cancel"}])
    assert post(api, user, booked.asset, cancel).status_code == 403
    assert Reservation.objects.get().status == Status.APPROVED and not Blackout.objects.exists()


def test_a_period_ending_before_it_starts_is_a_400(api, manager, asset):
    assert post(api, manager, asset, closure(start=13, end=9), "blackouts/preview/").status_code == 400
    assert post(api, manager, asset, closure(start=13, end=9)).status_code == 400


def test_a_manager_moving_a_booking_keeps_it_approved_and_tells_its_holders(
    api, manager, booked, approval_asset, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(api, manager).patch(
            f"/api/v1/reservations/{booked.id}/",
            {"start": local(MONDAY, 15).isoformat(), "end": local(MONDAY, 17).isoformat()}, format="json",
        )  # fmt: skip
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == Status.APPROVED
    assert {m.to[0] for m in mail.outbox} == {"ana@example.com", "bruno@example.com"}
    assert all(m.subject.startswith("Moved: Plató A, now on") for m in mail.outbox)
    assert "Before:" in mail.outbox[0].body and "15:00–17:00 (Europe/Madrid)" in mail.outbox[0].body


def test_a_booker_moving_its_own_booking_mails_nobody(api, booked, booker, django_capture_on_commit_callbacks):
    booked.asset.free_cancellation = timedelta(0)
    booked.asset.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(api, booker).patch(
            f"/api/v1/reservations/{booked.id}/",
            {"start": local(MONDAY, 15).isoformat(), "end": local(MONDAY, 17).isoformat()}, format="json",
        )  # fmt: skip
    assert response.status_code == 200
    assert mail.outbox == []


# --- The database's own guarantee -------------------------------------------------------------------------------


def test_the_database_refuses_a_blackout_over_a_booking_written_past_the_services(booked):
    with pytest.raises(IntegrityError, match=triggers.OVERLAP_ERROR), transaction.atomic():
        Blackout.objects.create(asset=booked.asset, start=local(MONDAY, 11), end=local(MONDAY, 13))
    blackout = Blackout.objects.create(asset=booked.asset, start=local(MONDAY, 12), end=local(MONDAY, 13))
    with pytest.raises(IntegrityError, match=triggers.OVERLAP_ERROR), transaction.atomic():
        Blackout.objects.filter(id=blackout.id).update(start=local(MONDAY, 11))


def test_the_database_refuses_a_booking_over_a_blackout_written_past_the_services(booked):
    Blackout.objects.create(asset=booked.asset, start=local(MONDAY, 13), end=local(MONDAY, 15))
    with pytest.raises(IntegrityError, match=triggers.OVERLAP_ERROR), transaction.atomic():
        Reservation.objects.filter(id=booked.id).update(blocked_end=local(MONDAY, 14))
    booked.status = Status.CANCELLED
    booked.save()
    Reservation.objects.filter(id=booked.id).update(start=local(MONDAY, 13), end=local(MONDAY, 14),
                                                    blocked_end=local(MONDAY, 14))  # fmt: skip
    with pytest.raises(IntegrityError, match=triggers.OVERLAP_ERROR), transaction.atomic():
        Reservation.objects.filter(id=booked.id).update(status=Status.APPROVED)  # a cancelled one comes back
    fields = {f: getattr(booked, f) for f in ("asset", "member", "booked_by", "title")}
    with pytest.raises(IntegrityError, match=triggers.OVERLAP_ERROR), transaction.atomic():
        Reservation.objects.create(**fields, start=local(MONDAY, 14), end=local(MONDAY, 16),
                                   blocked_start=local(MONDAY, 14), blocked_end=local(MONDAY, 16),
                                   status=Status.PENDING)  # fmt: skip
    Reservation.objects.create(**fields, start=local(MONDAY, 15), end=local(MONDAY, 16),
                               blocked_start=local(MONDAY, 15), blocked_end=local(MONDAY, 16),
                               status=Status.APPROVED)  # fmt: skip


def test_the_holders_are_the_booker_and_its_companys_admins_only(booked):
    from notifications.services import _holders

    MembershipFactory(role=Membership.Role.MEMBER_ADMIN)  # another company's admin
    assert [user.username for user in _holders(booked)] == ["ana", "bruno"]


def test_every_closure_and_what_it_decided_is_in_the_assets_history(api, manager, booked, other_booker, other_member):
    second = services.reservation_create(asset=booked.asset, member=other_member, by=other_booker,
                                         start=local(MONDAY, 12), end=local(MONDAY, 13), title="Cata")  # fmt: skip
    decisions = [
        {"reservation": second.id, "action": "cancel"},
        {"reservation": booked.id, "action": "move",
         "start": local(MONDAY, 14).isoformat(), "end": local(MONDAY, 16).isoformat()},
    ]  # fmt: skip
    blackout_id = post(api, manager, booked.asset, closure(decisions=decisions)).json()["id"]
    assert as_user(api, manager).delete(f"/api/v1/blackouts/{blackout_id}/").status_code == 204
    history = {c.action: c for c in Change.objects.filter(asset=booked.asset)}
    assert set(history) == {"reservation.cancel_for_closure", "reservation.move_for_closure", "blackout.create",
                            "blackout.delete"}  # fmt: skip
    assert all(change.by == manager for change in history.values())
    moved = history["reservation.move_for_closure"]
    assert (moved.target_id, moved.before["start"], moved.after["start"]) == (
        booked.id, local(MONDAY, 10).astimezone(UTC).isoformat(), local(MONDAY, 14).astimezone(UTC).isoformat(),
    )  # fmt: skip
    assert history["reservation.cancel_for_closure"].after == {"status": "cancelled"}
    assert history["blackout.create"].after["reason"] == "Rigging"
    assert history["blackout.delete"].before["reason"] == "Rigging"
