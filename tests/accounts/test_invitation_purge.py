"""The daily purge of invitations nobody accepted: an expired link says "expired" for INVITATION_RETENTION_DAYS,
then the invitation (the e-mail address of someone who never joined) is deleted, once, with an audit entry, even
when two beats run the sweep at the same moment."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import tasks
from accounts.invitations import hash_link_token, invitation_create
from accounts.models import Invitation
from audit.models import Change
from tests.bookings.test_concurrency import race
from tests.factories import MemberFactory, MembershipFactory


def invitation(member, by, email: str, *, expired_days_ago: int, accepted: bool = False, revoked: bool = False):
    """An invitation whose link expired `expired_days_ago` days ago (negative: still valid), and its link."""
    made, token = invitation_create(by=by, email=email, role="booker", member=member)
    now = timezone.now()
    Invitation.objects.filter(id=made.id).update(
        expires_at=now - timedelta(days=expired_days_ago),
        accepted_at=now if accepted else None,
        revoked_at=now - timedelta(days=expired_days_ago + 1) if revoked else None,
    )
    return made, token


def link(token: str):
    return APIClient().post("/api/v1/invitations/link/", {"token": token}, format="json")


@pytest.fixture
def company():
    admin = MembershipFactory(member=MemberFactory(), role="member_admin")
    return admin.member, admin.user


@pytest.mark.django_db
def test_unused_invitations_past_retention_are_deleted_and_audited_and_the_rest_kept(company, settings):
    settings.INVITATION_RETENTION_DAYS = 30
    member, admin = company
    old, old_link = invitation(member, admin, "old@example.org", expired_days_ago=31)
    old_revoked, _ = invitation(member, admin, "gone@example.org", expired_days_ago=40, revoked=True)
    recent, recent_link = invitation(member, admin, "recent@example.org", expired_days_ago=29)
    used, _ = invitation(member, admin, "used@example.org", expired_days_ago=400, accepted=True)
    pending, _ = invitation(member, admin, "new@example.org", expired_days_ago=-3)

    # Within its retention an expired link still says so plainly.
    said = link(recent_link)
    assert (said.status_code, said.json()["code"]) == (410, "invitation_expired")
    listed = APIClient()
    listed.force_authenticate(admin)
    states = {row["email"]: row["state"] for row in listed.get("/api/v1/invitations/").json()["results"]}
    assert states["recent@example.org"] == "expired" and states["old@example.org"] == "expired"

    assert tasks.purge_expired_invitations() == 2
    assert set(Invitation.objects.values_list("id", flat=True)) == {recent.id, used.id, pending.id}
    purged = Change.objects.filter(action="invitation.purge")
    assert {c.target_id for c in purged} == {old.id, old_revoked.id}
    assert all(c.by is None and c.member_id == member.id and "@example.org" in c.target_label for c in purged)
    assert purged.get(target_id=old.id).before["state"] == "expired"
    assert purged.get(target_id=old_revoked.id).before["state"] == "revoked"
    assert link(old_link).status_code == 404
    assert not Invitation.objects.filter(token_hash=hash_link_token(old_link)).exists()
    assert tasks.purge_expired_invitations() == 0  # a second run finds nothing


def test_the_purge_runs_daily_on_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["purge-expired-invitations"]
    assert entry["task"] == "accounts.tasks.purge_expired_invitations"
    assert entry["schedule"].hour == {4}


@pytest.mark.django_db(transaction=True)
def test_two_beats_sweeping_at_once_delete_and_audit_each_invitation_once(company):
    member, admin = company
    ids = [invitation(member, admin, f"p{i}@example.org", expired_days_ago=100)[0].id for i in range(6)]
    counts = race(2, lambda i: tasks.purge_expired_invitations())
    assert all(isinstance(count, int) for count in counts) and sum(counts) == 6, counts
    assert not Invitation.objects.filter(id__in=ids).exists()
    assert Change.objects.filter(action="invitation.purge").count() == 6
