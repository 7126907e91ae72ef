"""Invitations: who invites whom, the e-mailed single-use link in the invitee's language, accepting as a new or a
known person, resending, revoking, and links that no longer work saying why."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Invitation, Membership, User
from audit.models import Change
from tests.conftest import as_user
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

STRONG = "Gr3en-tractor-lamp"


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """POST an invitation as `user` and run the e-mail task the commit enqueues; → (response, link token)."""

    def invite(user, **body):
        with django_capture_on_commit_callbacks(execute=True):
            response = as_user(APIClient(), user).post("/api/v1/invitations/", body, format="json")
        token = None
        if response.status_code == 201 and mail.outbox:
            token = re.search(r"#/invitations/([0-9a-f]{64})", mail.outbox[-1].body).group(1)
        return response, token

    return invite


def test_a_member_admin_invites_a_booker_and_the_link_goes_out_in_the_chosen_language(send, member, member_admin):
    response, token = send(member_admin, email="Nora@Example.org", role="booker", member=member.id, language="es")
    assert response.status_code == 201
    body = response.json()
    assert (body["email"], body["role"], body["state"], body["member"]) == (
        "nora@example.org",
        "booker",
        "pending",
        member.id,
    )
    [message] = mail.outbox
    assert message.to == ["nora@example.org"]
    assert message.subject == "Tu invitación a Norte Films en Sinergia"
    assert token and f"/#/invitations/{token}" in message.alternatives[0][0]
    assert "te invita" in message.body
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash
    assert invitation.expires_at - invitation.sent_at == timedelta(days=7)
    assert Change.objects.filter(action="invitation.create", member_id=member.id, by=member_admin).exists()


def test_who_may_invite_whom(send, member, other_member, booker, member_admin):
    assert send(member_admin, email="x@example.org", role="booker", member=other_member.id)[0].status_code == 403
    assert send(member_admin, email="x@example.org", role="accountant")[0].status_code == 403
    assert send(booker, email="x@example.org", role="booker", member=member.id)[0].status_code == 403
    missing = send(member_admin, email="x@example.org", role="booker")[0]
    assert missing.status_code == 400 and "member" in missing.json()
    admin = UserFactory(is_staff=True)
    assert send(admin, email="acc@example.org", role="accountant")[0].status_code == 201
    assert send(admin, email="boss@example.org", role="member_admin", member=other_member.id)[0].status_code == 201
    assert send(admin, email="acc@example.org", role="accountant")[0].json()["code"] == "already_invited"
    booker.email = "ana@example.org"
    booker.save()
    assert (
        send(member_admin, email="ANA@example.org", role="booker", member=member.id)[0].json()["code"]
        == "already_member"
    )
    assert len(mail.outbox) == 2


def test_a_new_person_accepts_with_name_and_a_password_that_passes_the_rules_and_is_signed_in(
    send, member, member_admin
):
    _response, token = send(member_admin, email="nora@example.org", role="booker", member=member.id, language="es")
    visitor = APIClient()
    link = visitor.post("/api/v1/invitations/link/", {"token": token}, format="json").json()
    assert link["existing_account"] is False and link["member_name"] == "Norte Films" and link["role"] == "booker"
    weak = visitor.post("/api/v1/invitations/accept/", {"token": token, "first_name": "Nora", "password": "123"})
    assert weak.status_code == 400 and weak.json()["code"] == "invalid_password"
    nameless = visitor.post("/api/v1/invitations/accept/", {"token": token, "password": STRONG}, format="json")
    assert nameless.status_code == 400 and nameless.json()["code"] == "name_required"
    accepted = visitor.post(
        "/api/v1/invitations/accept/",
        {"token": token, "first_name": "Nora", "last_name": "Vidal", "password": STRONG},
        format="json",
    )
    assert accepted.status_code == 200
    me = visitor.get("/api/v1/me/")
    assert me.status_code == 200, me.content
    me = me.json()
    assert (me["email"], me["first_name"], me["language"]) == ("nora@example.org", "Nora", "es")
    assert me["memberships"] == [{"member": {"id": member.id, "name": "Norte Films"}, "role": "booker"}]
    again = APIClient().post("/api/v1/invitations/accept/", {"token": token, "first_name": "X", "password": STRONG})
    assert again.status_code == 410 and again.json()["code"] == "invitation_used"
    assert User.objects.filter(email="nora@example.org").count() == 1
    assert Change.objects.filter(action="invitation.accept", member_id=member.id).exists()


def test_a_known_person_is_added_to_the_new_company_with_its_own_password(send, other_member, booker):
    booker.email = "ana@example.org"
    booker.save()
    admin = MembershipFactory(member=other_member, role=Membership.Role.MEMBER_ADMIN).user
    _response, token = send(admin, email="ana@example.org", role="member_admin", member=other_member.id)
    visitor = APIClient()
    assert visitor.post("/api/v1/invitations/link/", {"token": token}).json()["existing_account"] is True
    wrong = visitor.post("/api/v1/invitations/accept/", {"token": token, "password": "nope", "first_name": "Evil"})
    assert wrong.status_code == 400 and wrong.json()["code"] == "wrong_password"
    ok = visitor.post("/api/v1/invitations/accept/", {"token": token, "password": "pw-secret-123"}, format="json")
    assert ok.status_code == 200 and ok.json()["id"] == booker.id
    assert User.objects.filter(email__iexact="ana@example.org").count() == 1
    assert Membership.objects.get(user=booker, member=other_member).role == "member_admin"
    booker.refresh_from_db()
    assert booker.first_name != "Evil"


def test_a_known_person_signed_in_accepts_without_the_password_again(send, other_member, booker):
    booker.email = "ana@example.org"
    booker.save()
    _response, token = send(UserFactory(is_staff=True), email="ana@example.org", role="booker", member=other_member.id)
    signed_in = as_user(APIClient(), booker)
    assert signed_in.post("/api/v1/invitations/accept/", {"token": token, "password": ""}).status_code == 200
    assert Membership.objects.filter(user=booker, member=other_member).exists()


def test_an_accountant_invitation_makes_an_accountant(send):
    _response, token = send(UserFactory(is_staff=True), email="acc@example.org", role="accountant")
    visitor = APIClient()
    body = {"token": token, "first_name": "Olga", "password": STRONG}
    assert visitor.post("/api/v1/invitations/accept/", body).json()["cluster_roles"] == ["accountant"]


def test_expired_revoked_replaced_and_unknown_links_say_why(
    send, member, member_admin, django_capture_on_commit_callbacks
):
    _response, token = send(member_admin, email="nora@example.org", role="booker", member=member.id)
    invitation = Invitation.objects.get()
    visitor = APIClient()

    def link_code(value):
        response = visitor.post("/api/v1/invitations/link/", {"token": value})
        return response.status_code, response.json().get("code")

    Invitation.objects.filter(id=invitation.id).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert link_code(token) == (410, "invitation_expired")
    assert link_code("0" * 64) == (404, "invitation_not_found")
    assert link_code("not-a-token")[0] == 400

    admin = as_user(APIClient(), member_admin)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        resent = admin.post(f"/api/v1/invitations/{invitation.id}/resend/")
    assert resent.status_code == 200 and resent.json()["state"] == "pending"
    assert link_code(token) == (404, "invitation_not_found")  # the old link is dead
    new_token = re.search(r"#/invitations/([0-9a-f]{64})", mail.outbox[-1].body).group(1)
    assert link_code(new_token)[0] == 200

    assert admin.post(f"/api/v1/invitations/{invitation.id}/revoke/").json()["state"] == "revoked"
    assert link_code(new_token) == (410, "invitation_revoked")
    refused = visitor.post("/api/v1/invitations/accept/", {"token": new_token, "first_name": "N", "password": STRONG})
    assert refused.status_code == 410
    actions = set(Change.objects.filter(target_type="accounts.invitation").values_list("action", flat=True))
    assert actions == {"invitation.create", "invitation.resend", "invitation.revoke"}


def test_a_member_admin_lists_and_manages_only_its_companys_invitations(send, member, other_member, member_admin):
    send(member_admin, email="nora@example.org", role="booker", member=member.id)
    send(UserFactory(is_staff=True), email="sur@example.org", role="booker", member=other_member.id)
    admin = as_user(APIClient(), member_admin)
    listed = admin.get("/api/v1/invitations/").json()["results"]
    assert [i["email"] for i in listed] == ["nora@example.org"]
    assert admin.get(f"/api/v1/invitations/?member={other_member.id}").json()["results"] == []
    theirs = Invitation.objects.get(email="sur@example.org")
    assert admin.post(f"/api/v1/invitations/{theirs.id}/revoke/").status_code == 404
    assert admin.post(f"/api/v1/invitations/{theirs.id}/resend/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_ten_parallel_accepts_of_one_link_make_one_account(member, member_admin):
    """The invitation row is locked while accepted: one 200, the others 410 invitation_used, one account."""
    from accounts.invitations import invitation_create
    from tests.bookings.test_concurrency import race

    _invitation, token = invitation_create(by=member_admin, email="nora@example.org", role="booker", member=member)
    body = {"token": token, "first_name": "Nora", "password": STRONG}

    def accept(i):
        return APIClient().post("/api/v1/invitations/accept/", body, format="json").status_code

    assert sorted(race(10, accept)) == [200] + [410] * 9
    assert User.objects.filter(email="nora@example.org").count() == 1
    assert Membership.objects.filter(member=member, user__email="nora@example.org").count() == 1
