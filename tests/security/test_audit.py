"""The audit trail is append-only: no update or delete through the API, the admin or the ORM."""

import pytest
from django.test import Client
from django.utils import timezone

from bookings import services
from bookings.models import AppendOnlyError, ReservationEvent
from tests.conftest import as_user, future_day, local
from tests.factories import UserFactory

MONDAY = future_day(0)


@pytest.fixture
def reservation(asset, booker, member):
    reservation = services.reservation_create(
        asset=asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 12), title="Rodaje"
    )
    services.reservation_update(reservation=reservation, by=booker, title="Rodaje 2")
    return reservation


def trail(reservation):
    return list(ReservationEvent.objects.filter(reservation=reservation).values_list("id", "action", "by", "changes"))


@pytest.mark.django_db
def test_an_event_cannot_be_changed_or_deleted_through_the_orm(reservation):
    before = trail(reservation)
    event = reservation.events.first()
    event.action = "forged"
    for attempt in (event.save, event.delete, lambda: reservation.events.update(action="x"), reservation.events.delete):
        with pytest.raises(AppendOnlyError):
            attempt()
    assert trail(reservation) == before


@pytest.mark.django_db
def test_the_api_has_no_way_to_rewrite_or_delete_the_trail(api, reservation, booker):
    before = trail(reservation)
    url = f"/api/v1/reservations/{reservation.id}/"
    client = as_user(api, booker)
    assert client.delete(url).status_code == 405
    forged = [{"action": "approved", "by": None, "changes": {}}]
    assert client.patch(url, {"events": forged, "notes": "n"}).status_code == 200
    assert client.put(url, {"events": forged}).status_code == 405
    events = client.get(url).json()["events"]
    assert [e["action"] for e in events] == ["created", "updated", "updated"]
    assert trail(reservation)[:2] == before and len(trail(reservation)) == 3


@pytest.mark.django_db
def test_the_admin_shows_the_trail_read_only_even_to_a_superuser(reservation):
    before = trail(reservation)
    admin = Client()
    admin.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = admin.get(f"/admin/bookings/reservation/{reservation.id}/change/")
    assert page.status_code == 200 and b"Rodaje 2" in page.content
    assert b'name="events-0-action"' not in page.content and b"events-0-DELETE" not in page.content
    assert admin.get("/admin/bookings/reservationevent/").status_code == 404  # no admin of its own
    assert admin.post(f"/admin/bookings/reservation/{reservation.id}/change/", {"title": "x"}).status_code == 403
    assert admin.post(f"/admin/bookings/reservation/{reservation.id}/delete/", {"post": "yes"}).status_code == 403
    assert trail(reservation) == before


@pytest.mark.django_db
def test_stripe_webhook_records_cannot_be_deleted_in_the_admin():
    from billing.models import WebhookEvent

    event = WebhookEvent.objects.create(stripe_id="evt_1", type="invoice.paid", payload={}, created=timezone.now())
    admin = Client()
    admin.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert admin.post(f"/admin/billing/webhookevent/{event.id}/delete/", {"post": "yes"}).status_code == 403
    assert admin.get("/admin/billing/webhookevent/add/").status_code == 403
    assert WebhookEvent.objects.filter(id=event.id).exists()
