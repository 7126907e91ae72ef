"""Who is mailed about what, in which language, with which link; and never twice."""

from datetime import datetime

import pytest
from django.core import mail
from django.db import transaction

from accounts.models import User
from bookings import services as bookings
from notifications import services
from notifications.models import Delivery
from tests.conftest import as_user, future_day, local
from tests.factories import AssetGroupFactory, UserFactory

from .helpers import spanish_time, subject_time

pytestmark = pytest.mark.django_db

DAY = future_day(1)


@pytest.fixture
def approval_asset(asset, manager):
    asset.requires_approval = True
    asset.location = "Nave 3, Bilbao"
    asset.save()
    return asset


def request(asset, member, user, start_hour=10, end_hour=12, **kwargs):
    return bookings.reservation_create(
        asset=asset, member=member, by=user, start=local(DAY, start_hour), end=local(DAY, end_hour), title="Rodaje",
        **kwargs,
    )  # fmt: skip


def sent(callbacks_fixture, action):
    """Run `action` and the on-commit callbacks it queues (eager Celery sends right away)."""
    with callbacks_fixture(execute=True):
        return action()


def test_a_pending_request_mails_the_asset_and_group_managers_but_not_the_booker(
    approval_asset, member, booker, manager, django_capture_on_commit_callbacks
):
    group_manager = UserFactory(username="gema")
    approval_asset.group = AssetGroupFactory()
    approval_asset.save()
    approval_asset.group.managers.add(group_manager)
    reservation = sent(django_capture_on_commit_callbacks, lambda: request(approval_asset, member, booker))
    assert sorted(m.to[0] for m in mail.outbox) == sorted([manager.email, group_manager.email])
    message = mail.outbox[0]
    assert message.subject == f"New request for Plató A on {subject_time(reservation.start, reservation.end)}"
    assert f"http://127.0.0.1:8000/#/reservations/{reservation.id}" in message.body
    assert "Nave 3, Bilbao" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="http://127.0.0.1:8000/#/reservations/{reservation.id}"' in html


def test_a_booking_approved_at_once_mails_nobody(asset, member, booker, manager, django_capture_on_commit_callbacks):
    sent(django_capture_on_commit_callbacks, lambda: request(asset, member, booker))
    assert mail.outbox == []


def test_approval_mails_the_booker_in_their_language_and_the_asset_time_zone(
    approval_asset, member, booker, manager, django_capture_on_commit_callbacks
):
    booker.language = "es"
    booker.save()
    reservation = request(approval_asset, member, booker)
    sent(django_capture_on_commit_callbacks, lambda: bookings.reservation_approve(reservation=reservation, by=manager))
    (message,) = mail.outbox
    assert message.to == [booker.email]
    when = spanish_time(reservation.start, reservation.end)
    assert "10:00–12:00 (Europe/Madrid)" in when  # 10:00 Madrid, named, in Spanish
    assert f"Cuándo: {when}" in message.body
    assert message.subject == f"Aprobada: Plató A el {when}"
    assert '<html lang="es">' in message.alternatives[0][0]


def test_rejection_mails_the_booker_with_the_reason(
    approval_asset, member, booker, manager, django_capture_on_commit_callbacks
):
    reservation = request(approval_asset, member, booker)
    sent(
        django_capture_on_commit_callbacks,
        lambda: bookings.reservation_reject(reservation=reservation, by=manager, reason="Mantenimiento del suelo"),
    )
    (message,) = mail.outbox
    assert message.to == [booker.email]
    assert message.subject == f"Rejected: Plató A on {subject_time(reservation.start, reservation.end)}"
    assert "Reason: Mantenimiento del suelo" in message.body


def test_approving_one_request_tells_the_rival_booker_it_was_auto_rejected(
    approval_asset, member, booker, other_member, other_booker, manager, django_capture_on_commit_callbacks
):
    chosen = request(approval_asset, member, booker)
    rival = request(approval_asset, other_member, other_booker, 11, 13, compete=True)
    sent(django_capture_on_commit_callbacks, lambda: bookings.reservation_approve(reservation=chosen, by=manager))
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {booker.email, other_booker.email}
    when = subject_time(rival.start, rival.end)
    assert by_recipient[other_booker.email].subject == f"Not approved: Plató A on {when}"
    assert "Reason: Another request for the same period was approved." in by_recipient[other_booker.email].body
    assert f"#{chosen.id}" not in by_recipient[other_booker.email].body
    assert f"/#/reservations/{rival.id}" in by_recipient[other_booker.email].body


def test_cancellation_mails_the_booker_and_managers_but_not_whoever_cancelled(
    asset, member, booker, member_admin, manager, django_capture_on_commit_callbacks
):
    reservation = request(asset, member, booker)
    sent(
        django_capture_on_commit_callbacks,
        lambda: bookings.reservation_cancel(reservation=reservation, by=member_admin, reason="Cambio de guion"),
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([booker.email, manager.email])
    assert all("Cancelled by bruno." in m.body for m in mail.outbox)


def test_a_change_that_rolls_back_mails_nobody(
    approval_asset, member, booker, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        request(approval_asset, member, booker)
        raise RuntimeError("something later in the same transaction failed")
    assert mail.outbox == []
    assert not Delivery.objects.exists()


def test_the_same_event_is_mailed_once_however_often_its_task_runs(approval_asset, member, booker, manager):
    reservation = request(approval_asset, member, booker)
    event = reservation.events.get()
    assert services.notify_reservation_event(event_id=event.id) == 1
    assert services.notify_reservation_event(event_id=event.id) == 0
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().key == f"event:{event.id}:{manager.id}"


def test_people_without_an_e_mail_address_or_inactive_are_skipped(approval_asset, member, booker, manager):
    manager.email = ""
    manager.save()
    reservation = request(approval_asset, member, booker)
    assert services.notify_reservation_event(event_id=reservation.events.get().id) == 0
    assert mail.outbox == []


SAMPLE = {
    "reservation_id": 7, "title": "Rodaje <final> & co", "asset": "Plató A", "location": "Nave 3",
    "timezone": "Europe/Madrid", "member": "Norte Films", "booked_by": "Ana", "by": "Mara", "reason": "Obras",
    "start": datetime(2030, 3, 4, 9, 0).astimezone(), "end": datetime(2030, 3, 4, 11, 0).astimezone(),
    "deadline": datetime(2030, 3, 3, 9, 0).astimezone(), "payer": "Sur Producciones", "amount_minor": 12345,
    "currency": "EUR", "proposed_by": "Ana", "decided_by": "Carla", "period": "2030-02", "totals": {"EUR": 98010},
    "id": 3, "link": "http://127.0.0.1:8000/#/x", "occurrences": 4,
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("kind", sorted(services.KINDS))
def test_every_kind_renders_a_plain_text_and_an_html_part(kind, language):
    user = User(username="u", email="u@example.com", language=language)
    message = services.compose(kind=kind, user=user, context=SAMPLE)
    html = message.alternatives[0][0]
    assert message.subject and "%(" not in message.subject and "\n" not in message.subject
    assert "http://127.0.0.1:8000/#/x" in message.body and 'href="http://127.0.0.1:8000/#/x"' in html
    assert "{{" not in message.body + html and "{%" not in message.body + html
    assert "&amp;" not in message.body  # plain text is not HTML-escaped
    if "title" in message.body:
        assert "Rodaje <final> & co" in message.body
        assert "Rodaje &lt;final&gt; &amp; co" in html


def test_billing_notifications_mail_the_given_people_once_after_commit(
    member_admin, other_booker, django_capture_on_commit_callbacks
):
    share = {
        "id": 41, "reservation_id": 9, "title": "Rodaje", "asset": "Plató A", "timezone": "Europe/Madrid",
        "start": local(DAY, 10), "payer": "Norte Films", "amount_minor": 25000, "currency": "EUR",
        "proposed_by": "carla",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.cost_share_proposed(recipients=[member_admin], share=share, proposal_id=7)
        services.cost_share_proposed(recipients=[member_admin], share=share, proposal_id=7)  # the same occasion again
        services.cost_share_decided(recipients=[other_booker], share={**share, "decided_by": "bruno"}, accepted=False)
        services.statement_issued(
            recipients=[member_admin],
            statement={"id": 5, "member": "Norte Films", "period": "2030-02", "totals": {"EUR": 98010}},
        )
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        (member_admin.email, f"Please confirm your share of Plató A on {subject_time(share['start'])}"),
        (other_booker.email, f"Share declined: Plató A on {subject_time(share['start'])}"),
        (member_admin.email, "Statement for Norte Films, February 2030"),
    ]
    assert "proposes that Norte Films pays €250.00" in mail.outbox[0].body
    assert "/#/reservations/9" in mail.outbox[0].body
    assert "/#/statements/5" in mail.outbox[2].body


def test_queueing_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown notification kind"):
        services.queue_notification(kind="spam", users=[], context={}, key="x")


class BrokenMailServer:
    """An e-mail backend whose server refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


@pytest.mark.django_db(transaction=True)
def test_without_redis_a_mail_failure_never_fails_the_committed_change(api, approval_asset, member, booker, settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_services.BrokenMailServer"
    response = as_user(api, booker).post(
        "/api/v1/reservations/",
        {"asset": approval_asset.id, "start": local(DAY, 10).isoformat(), "end": local(DAY, 12).isoformat(),
         "title": "Rodaje"},
    )  # fmt: skip
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert not Delivery.objects.exists()  # rolled back with the failed send, so a later run would retry
