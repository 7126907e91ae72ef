"""Kiosk PINs: when check-in opens on an asset with `kiosk_pin`, the booker gets a six-digit PIN by e-mail (in
their language, once even with two beats); at the kiosk, where nobody is signed in, the PIN checks in to that
booking; five wrong PINs lock it, and every refusal is a clear JSON answer that changes nothing else."""

import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from rest_framework.test import APIClient

from bookings import tasks
from bookings.kiosk_pins import MAX_FAILURES, hash_pin, kiosk_pins_send_due
from bookings.models import KioskPin, Reservation
from tests.conftest import book_day, future_day, local

from .test_concurrency import race

DAY = future_day(3)


def at(hour, minute=0):
    return local(DAY, hour, minute)


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def kiosk_asset(asset):
    asset.kiosk_pin = True
    asset.save(update_fields=["kiosk_pin"])
    return asset


def send_pins(when, capture) -> int:
    with time_machine.travel(when, tick=False), capture(execute=True):
        return kiosk_pins_send_due()


def pin_from(message) -> str:
    return re.search(r"^\s+(\d{6})\s*$", message.body, re.MULTILINE).group(1)


def kiosk(asset, pin, when):
    with time_machine.travel(when, tick=False):
        return APIClient().post(f"/api/v1/kiosk/assets/{asset.id}/check-in/", {"pin": pin}, format="json")


@pytest.mark.django_db
def test_the_booker_gets_a_pin_in_their_language_when_check_in_opens_and_only_once(
    kiosk_asset, member, booker, django_capture_on_commit_callbacks
):
    booker.language = "es"
    booker.save(update_fields=["language"])
    reservation = book_day(kiosk_asset, member, booker, DAY, 10, 12)
    mail.outbox.clear()
    assert send_pins(at(9, 44), django_capture_on_commit_callbacks) == 0  # the window opens at 09:45
    assert send_pins(at(9, 45), django_capture_on_commit_callbacks) == 1
    assert send_pins(at(9, 46), django_capture_on_commit_callbacks) == 0
    [message] = mail.outbox
    assert message.to == [booker.email] and message.subject.startswith("Tu PIN para registrar la llegada")
    pin = pin_from(message)
    assert f">{pin}<" in message.alternatives[0][0] and f"#/kiosk/assets/{kiosk_asset.id}" in message.body
    stored = KioskPin.objects.get(reservation=reservation)
    assert pin not in stored.pin_hash and stored.pin_hash == hash_pin(reservation.id, pin)


@pytest.mark.django_db
def test_no_pin_for_an_asset_without_kiosk_pins(asset, member, booker, django_capture_on_commit_callbacks):
    book_day(asset, member, booker, DAY, 10, 12)
    assert send_pins(at(10), django_capture_on_commit_callbacks) == 0
    assert not KioskPin.objects.exists()


@pytest.mark.django_db
def test_the_pin_checks_in_at_the_kiosk_from_the_window_to_the_end(
    kiosk_asset, member, booker, django_capture_on_commit_callbacks
):
    reservation = book_day(kiosk_asset, member, booker, DAY, 10, 12)
    mail.outbox.clear()
    send_pins(at(9, 45), django_capture_on_commit_callbacks)
    pin = pin_from(mail.outbox[-1])

    shown = APIClient().get(f"/api/v1/kiosk/assets/{kiosk_asset.id}/")
    assert shown.status_code == 200  # now (weeks before DAY): nothing open
    assert shown.json()["bookings"] == [] and shown.json()["name"] == "Plató A"
    with time_machine.travel(at(9, 50), tick=False):
        open_now = APIClient().get(f"/api/v1/kiosk/assets/{kiosk_asset.id}/").json()["bookings"]
    assert [(b["id"], b["pin"], b["checked_in_at"]) for b in open_now] == [(reservation.id, True, None)]
    assert "title" not in open_now[0] and "member" not in open_now[0]

    done = kiosk(kiosk_asset, f" {pin} ", at(9, 50))
    assert done.status_code == 200, done.content
    assert done.json()["id"] == reservation.id
    reservation.refresh_from_db()
    assert reservation.checked_in_at == at(9, 50)
    event = reservation.events.get(action="checked_in")
    assert event.by is None and event.changes["via"] == "kiosk_pin"
    again = kiosk(kiosk_asset, pin, at(9, 55))
    assert (again.status_code, again.json()["code"]) == (409, "already_checked_in")


@pytest.mark.django_db
def test_five_wrong_pins_lock_it_even_for_the_right_one(
    kiosk_asset, member, booker, django_capture_on_commit_callbacks, settings
):
    reservation = book_day(kiosk_asset, member, booker, DAY, 10, 12)
    mail.outbox.clear()
    send_pins(at(9, 45), django_capture_on_commit_callbacks)
    pin = pin_from(mail.outbox[-1])
    wrong = f"{(int(pin) + 1) % 10**6:06d}"
    answers = [kiosk(kiosk_asset, wrong, at(10)) for _ in range(MAX_FAILURES)]
    assert [a.status_code for a in answers] == [400] * 4 + [403]
    assert [a.json().get("tries_left") for a in answers[:4]] == [4, 3, 2, 1]
    assert answers[0].json()["code"] == "wrong_pin" and answers[-1].json()["code"] == "pin_locked"
    locked = kiosk(kiosk_asset, pin, at(10, 1))
    assert (locked.status_code, locked.json()["code"]) == (403, "pin_locked")
    reservation.refresh_from_db()
    assert reservation.checked_in_at is None
    assert KioskPin.objects.get().failures == MAX_FAILURES


@pytest.mark.django_db
def test_outside_the_window_or_without_a_booking_the_kiosk_says_so(
    kiosk_asset, member, booker, django_capture_on_commit_callbacks
):
    book_day(kiosk_asset, member, booker, DAY, 10, 12)
    mail.outbox.clear()
    send_pins(at(9, 45), django_capture_on_commit_callbacks)
    pin = pin_from(mail.outbox[-1])
    for when in (at(9, 40), at(12)):
        answer = kiosk(kiosk_asset, pin, when)
        assert (answer.status_code, answer.json()["code"]) == (404, "no_booking")
    assert Reservation.objects.get().checked_in_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body", [{}, {"pin": ""}, {"pin": "12345"}, {"pin": "1234567"}, {"pin": "abcdef"}, {"pin": ["123456"]}]
)
def test_a_pin_not_shaped_like_one_is_a_400_and_counts_nothing(kiosk_asset, body):
    answer = APIClient().post(f"/api/v1/kiosk/assets/{kiosk_asset.id}/check-in/", body, format="json")
    assert answer.status_code == 400 and "pin" in answer.json()


@pytest.mark.django_db
def test_an_unknown_or_inactive_asset_is_a_404(kiosk_asset):
    kiosk_asset.is_active = False
    kiosk_asset.save(update_fields=["is_active"])
    for asset_id in (kiosk_asset.id, 999999):
        assert APIClient().get(f"/api/v1/kiosk/assets/{asset_id}/").status_code == 404
        assert APIClient().post(f"/api/v1/kiosk/assets/{asset_id}/check-in/", {"pin": "123456"}).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_beats_make_one_pin_and_send_one_e_mail(kiosk_asset, member, booker):
    book_day(kiosk_asset, member, booker, DAY, 10, 12)
    mail.outbox.clear()
    with time_machine.travel(at(9, 50), tick=False):
        counts = race(2, lambda i: tasks.send_kiosk_pins())
    assert all(isinstance(count, int) for count in counts) and sum(counts) == 1, counts
    assert KioskPin.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_are_all_counted(kiosk_asset, member, booker):
    book_day(kiosk_asset, member, booker, DAY, 10, 12)
    with time_machine.travel(at(9, 50), tick=False):
        tasks.send_kiosk_pins()
    pin = pin_from(mail.outbox[-1])
    wrong = f"{(int(pin) + 1) % 10**6:06d}"
    with time_machine.travel(at(10), tick=False):
        answers = race(
            8, lambda i: APIClient().post(f"/api/v1/kiosk/assets/{kiosk_asset.id}/check-in/", {"pin": wrong})
        )
    codes = sorted(a.json()["code"] for a in answers)
    assert codes == ["pin_locked"] * 4 + ["wrong_pin"] * 4, codes
    assert KioskPin.objects.get().failures == MAX_FAILURES


@pytest.mark.django_db
def test_the_command_runs_the_sweep_as_of_a_moment(kiosk_asset, member, booker):
    from io import StringIO

    from django.core.management import CommandError, call_command

    book_day(kiosk_asset, member, booker, DAY, 10, 12)
    out = StringIO()
    call_command("send_kiosk_pins", "--at", at(9, 30).isoformat(), stdout=out)
    call_command("send_kiosk_pins", "--at", at(9, 50).isoformat(), stdout=out)
    assert out.getvalue().split() == ["sent", "0", "sent", "1"]
    with pytest.raises(CommandError):
        call_command("send_kiosk_pins", "--at", "tomorrow")
    with pytest.raises(CommandError):
        call_command("release_unused_bookings", "--at", "2027-03-01T10:20:00")  # no offset
