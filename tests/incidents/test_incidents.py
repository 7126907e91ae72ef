"""Breakdowns: reporting (anyone who can book the asset), who sees what, out of service closing the asset over
booked time (stranded bookings listed for the manager, holders told with alternatives, moved by the holder), the
expected end, resolution, and the database refusing bookings inside an out-of-service period."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import User
from assets.models import Blackout
from audit.models import Change
from bookings import services as booking_services
from bookings.models import Reservation, Status
from incidents import services
from incidents.models import Incident, IncidentStatus
from sinergia import triggers
from tests.conftest import as_user, future_day, local
from tests.factories import AssetFactory, AssetGroupFactory, UserFactory
from tests.notifications.helpers import subject_time

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


@pytest.fixture
def booked(asset, member, booker, member_admin):
    """Ana's approved booking 10:00–12:00 on Monday; Bruno is her company's admin."""
    return booking_services.reservation_create(
        asset=asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 12), title="Rodaje"
    )


def report(api, user, asset, severity="out_of_service", description="The lights are dead", **extra):
    body = {"asset": asset.id, "severity": severity, "description": description, **extra}
    return as_user(api, user).post("/api/v1/incidents/", body, format="json")


def test_a_member_reports_a_minor_problem_and_nothing_is_closed(api, booker, asset):
    response = report(api, booker, asset, severity="minor", description="  A squeaky door  ")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["severity"], body["status"], body["description"]) == ("minor", "open", "A squeaky door")
    assert body["reported_by"]["username"] == "ana"
    assert body["down_until"] is None and body["expected_end"] is None
    assert body["stranded"] is None  # Ana does not manage the asset
    assert not Blackout.objects.exists()
    assert Change.objects.filter(action="incident.report", asset_id=asset.id).exists()


def test_someone_who_cannot_book_cannot_report(api, asset):
    nobody = UserFactory(username="nobody")
    assert report(api, nobody, asset).status_code == 403
    assert not Incident.objects.exists()


def test_an_inactive_asset_takes_reports_only_from_its_managers(api, booker, manager, asset):
    asset.is_active = False
    asset.save()
    assert report(api, booker, asset, severity="minor").status_code == 403
    assert report(api, manager, asset, severity="minor").status_code == 201


@pytest.mark.parametrize(
    "extra, status, code",
    [
        ({"severity": "broken"}, 400, None),
        ({"description": "   "}, 400, None),  # blank once trimmed
        ({"description": "x" * 4001}, 400, None),
        ({"asset": 10**12}, 400, None),
        ({"expected_end": "2030-01-01T10:00:00"}, 400, None),  # no offset
    ],
)
def test_bad_reports_are_400s_that_change_nothing(api, booker, asset, extra, status, code):
    body = {"asset": asset.id, "severity": "minor", "description": "x", **extra}
    response = as_user(api, booker).post("/api/v1/incidents/", body, format="json")
    assert response.status_code == status, response.json()
    if code:
        assert response.json()["code"] == code
    assert not Incident.objects.exists() and not Blackout.objects.exists()


def test_only_managers_give_an_expected_end_and_only_for_out_of_service(api, booker, manager, asset):
    later = (timezone.now() + timedelta(days=2)).isoformat()
    assert report(api, booker, asset, expected_end=later).status_code == 403
    response = report(api, manager, asset, severity="major", expected_end=later)
    assert (response.status_code, response.json()["code"]) == (400, "expected_end_unexpected")
    past = (timezone.now() - timedelta(hours=1)).isoformat()
    assert report(api, manager, asset, expected_end=past).json()["code"] == "expected_end_past"
    assert not Incident.objects.exists() and not Blackout.objects.exists()


def test_a_members_out_of_service_report_closes_the_asset_for_a_day(api, booker, asset):
    before = timezone.now()
    response = report(api, booker, asset)
    assert response.status_code == 201, response.json()
    incident = Incident.objects.get()
    blackout = incident.blackout
    assert blackout.kind == Blackout.Kind.OUT_OF_SERVICE and blackout.asset == asset
    assert before <= blackout.start <= timezone.now()
    assert blackout.end == incident.expected_end == blackout.start + services.DEFAULT_OUT_OF_SERVICE
    assert parse_datetime(response.json()["down_until"]) == blackout.end


def test_out_of_service_strands_bookings_lists_them_for_the_manager_and_tells_holders_with_alternatives(
    api, manager, booked, django_capture_on_commit_callbacks
):
    until = local(MONDAY, 13)
    with django_capture_on_commit_callbacks(execute=True):
        response = report(api, manager, booked.asset, expected_end=until.isoformat())
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [(s["id"], s["title"], s["member"]) for s in body["stranded"]] == [(booked.id, "Rodaje", "Norte Films")]
    booked.refresh_from_db()
    assert booked.status == Status.APPROVED  # stranded, not cancelled: the holder decides
    event = booked.events.last()
    assert (event.action, event.by, event.changes["incident"]) == ("stranded", manager, body["id"])
    offers = event.changes["alternatives"]
    assert offers and all(parse_datetime(o["start"]) >= until for o in offers)  # none inside the breakdown
    assert {m.to[0] for m in mail.outbox} == {"ana@example.com", "bruno@example.com"}
    message = next(m for m in mail.outbox if m.to == ["ana@example.com"])
    assert message.subject == (
        f"Out of service: Plató A, your booking on {subject_time(local(MONDAY, 10), local(MONDAY, 12))} "
        "needs a new slot"
    )
    assert "Free slots you could move it to" in message.body and "13:00" in message.body
    assert f"/#/reservations/{booked.id}" in message.body
    html = message.alternatives[0][0]
    assert "Plató A" in html and "Europe/Madrid" in html


def test_the_stranded_holder_is_told_in_spanish(api, manager, booked, django_capture_on_commit_callbacks):
    User.objects.filter(username="ana").update(language="es")
    with django_capture_on_commit_callbacks(execute=True):
        report(api, manager, booked.asset, expected_end=local(MONDAY, 13).isoformat())
    message = next(m for m in mail.outbox if m.to == ["ana@example.com"])
    assert message.subject.startswith("Fuera de servicio: Plató A")
    assert "Huecos libres" in message.body


def test_nothing_new_can_be_booked_inside_the_breakdown(api, manager, booker, member, asset):
    report(api, manager, asset, expected_end=local(MONDAY, 13).isoformat())
    body = {"asset": asset.id, "member": member.id, "title": "x",
            "start": local(MONDAY, 11).isoformat(), "end": local(MONDAY, 12).isoformat()}  # fmt: skip
    response = as_user(api, booker).post("/api/v1/reservations/", body, format="json")
    assert response.status_code == 409
    assert response.json()["conflicts"][0]["kind"] == "blackout"


def test_the_holder_moves_a_stranded_booking_to_an_alternative_and_it_is_no_longer_stranded(
    api, manager, booker, booked
):
    incident_id = report(api, manager, booked.asset, expected_end=local(MONDAY, 13).isoformat()).json()["id"]
    offer = booked.events.last().changes["alternatives"][0]
    assert offer["asset"] == booked.asset_id
    response = as_user(api, booker).patch(
        f"/api/v1/reservations/{booked.id}/", {"start": offer["start"], "end": offer["end"]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert as_user(api, manager).get(f"/api/v1/incidents/{incident_id}/").json()["stranded"] == []
    # Moving back into the breakdown is refused.
    back = {"start": local(MONDAY, 10).isoformat(), "end": local(MONDAY, 12).isoformat()}
    assert as_user(api, booker).patch(f"/api/v1/reservations/{booked.id}/", back, format="json").status_code == 409


def test_a_sibling_alternative_is_offered_for_the_same_time(api, member, booker, member_admin):
    group = AssetGroupFactory(name="Platós")
    stage, other = AssetFactory(name="Plató 1", group=group), AssetFactory(name="Plató 2", group=group)
    chief = UserFactory(username="chief")
    stage.managers.add(chief)
    booked = booking_services.reservation_create(
        asset=stage, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 12), title="Rodaje"
    )
    report(api, chief, stage, expected_end=local(MONDAY, 13).isoformat())
    offers = booked.events.last().changes["alternatives"]
    sibling = next(o for o in offers if o["asset"] == other.id)
    assert (parse_datetime(sibling["start"]), parse_datetime(sibling["end"])) == (local(MONDAY, 10), local(MONDAY, 12))


def test_extending_the_expected_end_tells_only_the_newly_stranded(
    api, manager, booker, member, booked, django_capture_on_commit_callbacks
):
    later = booking_services.reservation_create(
        asset=booked.asset, member=member, by=booker, start=local(MONDAY, 15), end=local(MONDAY, 16), title="Later"
    )
    incident_id = report(api, manager, booked.asset, expected_end=local(MONDAY, 13).isoformat()).json()["id"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(api, manager).post(
            f"/api/v1/incidents/{incident_id}/expected-end/", {"expected_end": local(MONDAY, 17).isoformat()},
            format="json",
        )  # fmt: skip
    assert response.status_code == 200, response.json()
    assert [s["id"] for s in response.json()["stranded"]] == [booked.id, later.id]
    assert Incident.objects.get().blackout.end == local(MONDAY, 17)
    assert mail.outbox and all(subject_time(later.start, later.end) in m.subject for m in mail.outbox)
    assert later.events.filter(action="stranded").count() == 1
    assert booked.events.filter(action="stranded").count() == 1


def test_the_expected_end_is_the_managers_and_in_the_future(api, manager, booker, asset):
    incident_id = report(api, booker, asset).json()["id"]
    url = f"/api/v1/incidents/{incident_id}/expected-end/"
    later = {"expected_end": (timezone.now() + timedelta(days=3)).isoformat()}
    assert as_user(api, booker).post(url, later, format="json").status_code == 403
    past = {"expected_end": (timezone.now() - timedelta(days=1)).isoformat()}
    assert as_user(api, manager).post(url, past, format="json").json()["code"] == "expected_end_past"
    minor = report(api, booker, asset, severity="minor").json()["id"]
    response = as_user(api, manager).post(f"/api/v1/incidents/{minor}/expected-end/", later, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "not_out_of_service")


def test_resolving_ends_the_blackout_now_and_keeps_the_downtime(api, manager, booker, asset):
    incident_id = report(api, booker, asset).json()["id"]
    url = f"/api/v1/incidents/{incident_id}/resolve/"
    assert as_user(api, booker).post(url, {"notes": "fixed"}, format="json").status_code == 403
    assert as_user(api, manager).post(url, {"notes": "  "}, format="json").status_code == 400
    assert as_user(api, manager).post(url, {}, format="json").status_code == 400
    before = timezone.now()
    response = as_user(api, manager).post(url, {"notes": "New fuse"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["resolution_notes"], body["resolved_by"]["username"]) == (
        "resolved", "New fuse", "manager",
    )  # fmt: skip
    blackout = Incident.objects.get().blackout
    assert before <= blackout.end <= timezone.now()
    assert parse_datetime(body["down_until"]) == blackout.end
    again = as_user(api, manager).post(url, {"notes": "again"}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")
    assert Change.objects.filter(action="incident.resolve", asset_id=asset.id).count() == 1


def test_resolving_before_the_breakdown_began_removes_its_blackout(manager, booker, asset):
    now = timezone.now()
    incident = services.incident_report(asset=asset, by=booker, severity="out_of_service", description="x", now=now)
    services.incident_resolve(incident=incident, by=manager, notes="false alarm", now=now - timedelta(seconds=1))
    incident.refresh_from_db()
    assert incident.blackout is None and not Blackout.objects.exists()
    assert incident.status == IncidentStatus.RESOLVED


def test_the_closures_page_cannot_edit_or_delete_an_incidents_blackout(api, manager, booker, asset):
    report(api, booker, asset)
    blackout = Blackout.objects.get()
    response = as_user(api, manager).delete(f"/api/v1/blackouts/{blackout.id}/")
    assert (response.status_code, response.json()["code"]) == (409, "incident_blackout")
    assert Blackout.objects.filter(id=blackout.id).exists()


def test_who_sees_which_incident(api, booker, other_booker, manager, asset):
    mine = report(api, booker, asset, severity="minor").json()["id"]
    hidden_asset = AssetFactory(name="Retired", is_active=False)
    elsewhere_manager = UserFactory(username="elsewhere")
    hidden_asset.managers.add(elsewhere_manager)
    hidden = report(api, elsewhere_manager, hidden_asset, severity="major").json()["id"]
    # Another company's booker sees the incident on a bookable asset, but not who reported it.
    seen = as_user(api, other_booker).get("/api/v1/incidents/").json()["results"]
    assert [i["id"] for i in seen] == [mine]
    assert seen[0]["reported_by"] is None
    assert as_user(api, other_booker).get(f"/api/v1/incidents/{hidden}/").status_code == 404
    # The asset's manager sees its own asset's incidents with the reporter; not another manager's asset's.
    managed = as_user(api, manager).get("/api/v1/incidents/").json()["results"]
    assert [i["id"] for i in managed] == [mine] and managed[0]["reported_by"]["username"] == "ana"
    assert [i["id"] for i in as_user(api, elsewhere_manager).get("/api/v1/incidents/").json()["results"]] == [hidden]
    # Accountants read everything.
    accountant = UserFactory(username="acc", is_accountant=True)
    assert {i["id"] for i in as_user(api, accountant).get("/api/v1/incidents/").json()["results"]} == {mine, hidden}


def test_an_assets_history_filters_by_asset_and_status(api, booker, manager, asset):
    first = report(api, booker, asset, severity="minor").json()["id"]
    other = AssetFactory(name="Plató B")
    report(api, booker, other, severity="minor")
    as_user(api, manager).post(f"/api/v1/incidents/{first}/resolve/", {"notes": "ok"}, format="json")
    listed = as_user(api, booker).get(f"/api/v1/incidents/?asset={asset.id}").json()["results"]
    assert [i["id"] for i in listed] == [first]
    assert as_user(api, booker).get(f"/api/v1/incidents/?asset={asset.id}&status=open").json()["results"] == []
    assert as_user(api, booker).get("/api/v1/incidents/?status=nope").status_code == 400
    assert as_user(api, booker).get("/api/v1/incidents/?asset=abc").status_code == 400


def test_the_database_lets_an_out_of_service_blackout_strand_bookings_but_refuses_closures_and_new_bookings(booked):
    asset = booked.asset
    with pytest.raises(IntegrityError, match=triggers.OVERLAP_ERROR), transaction.atomic():
        Blackout.objects.create(asset=asset, start=local(MONDAY, 9), end=local(MONDAY, 13))
    down = Blackout.objects.create(
        asset=asset, kind=Blackout.Kind.OUT_OF_SERVICE, start=local(MONDAY, 9), end=local(MONDAY, 13)
    )
    with pytest.raises(IntegrityError, match=triggers.OVERLAP_ERROR), transaction.atomic():
        Reservation.objects.create(
            asset=asset, member=booked.member, booked_by=booked.booked_by, start=local(MONDAY, 12),
            end=local(MONDAY, 13), blocked_start=local(MONDAY, 12), blocked_end=local(MONDAY, 13),
            status=Status.APPROVED, title="sneaky",
        )  # fmt: skip
    # Turning it into a closure would put a closure over a booking: refused too.
    with pytest.raises(IntegrityError, match=triggers.OVERLAP_ERROR), transaction.atomic():
        Blackout.objects.filter(id=down.id).update(kind=Blackout.Kind.CLOSURE)
    # The stranded booking itself may still change status (cancelled, or approved from pending).
    booking_services.reservation_cancel(reservation=booked, by=booked.booked_by)


def test_a_member_admin_of_the_holder_also_sees_the_stranded_booking_alert_data(api, manager, booked, member_admin):
    report(api, manager, booked.asset, expected_end=local(MONDAY, 13).isoformat())
    detail = as_user(api, member_admin).get(f"/api/v1/reservations/{booked.id}/").json()
    assert detail["events"][-1]["action"] == "stranded"
    assert detail["events"][-1]["changes"]["alternatives"]


def test_downtime_is_not_open_time_in_utilisation(manager, asset):
    """Utilisation counts open hours minus blackouts: the hours an asset is out of service are not open hours,
    and resolving early gives back what is left."""
    from insights.selectors import utilisation

    accountant = UserFactory(username="acc", is_accountant=True)

    def open_hours():
        return utilisation(user=accountant, first=MONDAY, last=MONDAY)["assets"][0]["open_hours"]

    assert open_hours() == 14.0  # the factory's 08:00–22:00
    incident = services.incident_report(asset=asset, by=manager, severity="out_of_service", description="x",
                                        expected_end=local(MONDAY, 12), now=local(MONDAY, 9))  # fmt: skip
    assert open_hours() == 11.0
    services.incident_resolve(incident=incident, by=manager, notes="fixed", now=local(MONDAY, 10))
    assert open_hours() == 13.0


def test_the_assets_managers_are_told_of_a_report_in_their_language(
    api, booker, manager, asset, django_capture_on_commit_callbacks
):
    User.objects.filter(id=manager.id).update(language="es")
    with django_capture_on_commit_callbacks(execute=True):
        report(api, booker, asset, description="<b>Se ha roto</b> el foco")
    (message,) = mail.outbox  # the manager; not the reporter
    assert message.to == [manager.email]
    assert message.subject.startswith("Problema notificado: Plató A")
    assert "fuera de servicio" in message.body and "Europe/Madrid" in message.body
    assert "<b>Se ha roto</b> el foco" in message.body  # quoted as the reporter's, never in the subject
    assert "&lt;b&gt;" in message.alternatives[0][0]
    assert f"/#/incidents?asset={asset.id}" in message.body
