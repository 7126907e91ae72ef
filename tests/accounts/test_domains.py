"""E-mail domain rules and join requests: a company's member admins register its domains (one company per domain,
held by the database), and approve with a role or refuse the people who asked to join from them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from accounts.domains import join_request_open
from accounts.join_notify import notify_join_refused
from accounts.models import EmailDomain, JoinRequest, Membership
from audit.models import Change
from bookings.models import Reservation
from notifications.models import Delivery
from tests.conftest import as_user, future_day, local
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def add(user, member, domain):
    return as_user(APIClient(), user).post(f"/api/v1/members/{member.id}/email-domains/", {"domain": domain},
                                           format="json")  # fmt: skip


def test_a_member_admin_registers_a_domain_in_lower_case_and_it_is_audited(member, member_admin):
    response = add(member_admin, member, "@Norte-Films.Example")
    assert response.status_code == 201, response.json()
    assert response.json()["domain"] == "norte-films.example"
    listed = as_user(APIClient(), member_admin).get(f"/api/v1/members/{member.id}/email-domains/").json()
    assert [row["domain"] for row in listed] == ["norte-films.example"]
    assert Change.objects.filter(action="email_domain.add", member_id=member.id, by=member_admin).exists()


def test_a_domain_belongs_to_one_company_only(member, member_admin, other_member):
    admin = UserFactory(is_staff=True)
    assert add(member_admin, member, "norte.example").status_code == 201
    response = add(admin, other_member, "NORTE.example")
    assert response.status_code == 409
    assert response.json()["code"] == "domain_taken"
    assert EmailDomain.objects.count() == 1


def test_the_database_refuses_a_second_company_for_a_domain(member, other_member):
    EmailDomain.objects.create(member=member, domain="norte.example")
    with pytest.raises(IntegrityError), transaction.atomic():
        EmailDomain.objects.create(member=other_member, domain="norte.example")


@pytest.mark.parametrize(
    ("domain", "code"),
    [("not a domain", "invalid_domain"), ("localhost", "invalid_domain"), ("gmail.com", "public_domain")],
)
def test_odd_or_public_domains_are_refused(member, member_admin, domain, code):
    response = add(member_admin, member, domain)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert not EmailDomain.objects.exists()


def test_only_the_companys_admins_change_its_domains(member, booker, member_admin, other_booker):
    assert add(booker, member, "norte.example").status_code == 403
    assert add(other_booker, member, "norte.example").status_code == 404
    domain = EmailDomain.objects.create(member=member, domain="norte.example")
    assert as_user(APIClient(), other_booker).delete(f"/api/v1/email-domains/{domain.id}/").status_code == 404
    assert as_user(APIClient(), booker).delete(f"/api/v1/email-domains/{domain.id}/").status_code == 403
    assert as_user(APIClient(), member_admin).delete(f"/api/v1/email-domains/{domain.id}/").status_code == 204
    assert not EmailDomain.objects.exists()
    assert Change.objects.filter(action="email_domain.remove", member_id=member.id).exists()


@pytest.fixture
def waiting(member):
    person = UserFactory(username="nora", email="nora@norte.example", first_name="Nora", language="es")
    return join_request_open(user=person, member=member, email=person.email)


def test_the_member_admin_approves_with_a_role_and_the_person_is_told_in_their_language(
    waiting, member, member_admin, django_capture_on_commit_callbacks
):
    client = as_user(APIClient(), member_admin)
    listed = client.get(f"/api/v1/members/{member.id}/join-requests/").json()
    assert [(row["email"], row["name"], row["status"]) for row in listed] == [("nora@norte.example", "Nora", "pending")]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/join-requests/{waiting.id}/approve/", {"role": "booker"}, format="json")
    assert response.status_code == 200, response.json()
    assert Membership.objects.get(user=waiting.user, member=member).role == "booker"
    [message] = mail.outbox
    assert message.to == ["nora@norte.example"]
    assert message.subject == "Ya formas parte de Norte Films en Sinergia"
    assert client.get(f"/api/v1/members/{member.id}/join-requests/").json() == []
    assert Change.objects.filter(action="join_request.approve", member_id=member.id, by=member_admin).exists()
    again = client.post(f"/api/v1/join-requests/{waiting.id}/approve/", {"role": "booker"}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "join_request_closed"


def test_a_refused_person_gets_no_membership_and_is_told_once_in_their_language(
    waiting, member, member_admin, django_capture_on_commit_callbacks
):
    client = as_user(APIClient(), member_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/join-requests/{waiting.id}/refuse/")
    assert response.status_code == 200
    assert response.json()["status"] == "refused"
    assert not Membership.objects.filter(user=waiting.user).exists()
    [message] = mail.outbox
    assert message.to == ["nora@norte.example"]
    assert message.subject == "Tu solicitud para unirte a Norte Films en Sinergia no ha sido aceptada"
    assert "Hola, Nora:" in message.body
    assert "no ha sido aceptada" in message.body
    [(html, mime)] = message.alternatives
    assert mime == "text/html"
    assert "Norte Films" in html
    assert "no ha sido aceptada" in html
    assert Delivery.objects.filter(key=f"join_refused:{waiting.id}", kind="join_refused").count() == 1
    assert not notify_join_refused(join_request_id=waiting.id, key=f"join_refused:{waiting.id}")  # a retry
    assert len(mail.outbox) == 1
    assert Change.objects.filter(action="join_request.refuse", member_id=member.id, by=member_admin).exists()
    assert (
        client.post(f"/api/v1/join-requests/{waiting.id}/approve/", {"role": "booker"}, format="json").status_code
        == 409
    )


def test_bookers_and_strangers_cannot_decide(waiting, booker, other_booker):
    body = {"role": "member_admin"}
    assert (
        as_user(APIClient(), booker)
        .post(f"/api/v1/join-requests/{waiting.id}/approve/", body, format="json")
        .status_code
        == 403
    )
    assert (
        as_user(APIClient(), other_booker)
        .post(f"/api/v1/join-requests/{waiting.id}/approve/", body, format="json")
        .status_code
        == 404
    )
    assert as_user(APIClient(), other_booker).post(f"/api/v1/join-requests/{waiting.id}/refuse/").status_code == 404
    assert JoinRequest.objects.get().status == "pending"  # fmt: skip


def test_a_bad_role_changes_nothing(waiting, member_admin):
    response = as_user(APIClient(), member_admin).post(
        f"/api/v1/join-requests/{waiting.id}/approve/", {"role": "cluster_admin"}, format="json"
    )
    assert response.status_code == 400
    assert JoinRequest.objects.get().status == "pending"


def test_a_waiting_person_reads_their_own_requests_and_books_nothing(waiting, member, asset):
    client = as_user(APIClient(), waiting.user)
    mine = client.get("/api/v1/me/join-requests/").json()
    assert [(row["member_name"], row["status"]) for row in mine] == [("Norte Films", "pending")]
    assert client.get("/api/v1/me/").json()["memberships"] == []
    start = local(future_day(), 10)
    body = {"asset": asset.id, "member": member.id, "title": "Cata", "start": start.isoformat(),
            "end": (start + timedelta(hours=1)).isoformat()}  # fmt: skip
    response = client.post("/api/v1/reservations/", body, format="json")
    assert response.json()["code"] == "not_a_booker"
    assert not Reservation.objects.exists()
    assert client.get(f"/api/v1/members/{member.id}/join-requests/").status_code == 404
