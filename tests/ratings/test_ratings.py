"""What members think: the booker of a completed booking rates the asset and the service once, may change it for
a while, the asset's managers answer once, who sees which rating, and what is left to rate."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from ratings import services
from ratings.models import Rating
from rest_framework.test import APIClient

from accounts.models import Membership
from bookings.models import Status
from tests.billing.helpers import past_reservation
from tests.bookings.test_concurrency import race
from tests.conftest import as_user
from tests.factories import AssetFactory, MembershipFactory, UserFactory, api_key
from tests.notifications.helpers import subject_time

pytestmark = pytest.mark.django_db

RATINGS = "/api/v1/ratings/"


def ended(asset, member, user, *, days_ago=2, status=Status.COMPLETED, hour=10):
    """A booking of `user` for `member` that ended `days_ago` days ago (two hours long)."""
    end = (timezone.now() - timedelta(days=days_ago)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return past_reservation(asset=asset, member=member, booked_by=user, start=end - timedelta(hours=2), end=end,
                            status=status)  # fmt: skip


@pytest.fixture
def done(asset, member, booker):
    return ended(asset, member, booker)


def rate(api, user, booking, asset_score=4, service_score=5, comment="Great light", **extra):
    body = {"reservation": booking.id, "asset_score": asset_score, "service_score": service_score,
            "comment": comment, **extra}  # fmt: skip
    return as_user(api, user).post(RATINGS, body, format="json")


def test_the_booker_rates_a_completed_booking(api, booker, done, asset):
    response = rate(api, booker, done, comment="  Great light  ")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["reservation"], body["asset"], body["asset_name"]) == (done.id, asset.id, "Plató A")
    assert (body["asset_score"], body["service_score"], body["comment"]) == (4, 5, "Great light")
    assert body["rated_by"]["username"] == "ana" and body["member_name"] == "Norte Films"
    assert (body["answer"], body["answered_by"], body["answered_at"]) == ("", None, None)
    assert body["can_edit"] is True and body["can_answer"] is False
    assert Rating.objects.get().reservation_id == done.id


@pytest.mark.parametrize("status", [Status.APPROVED, Status.CANCELLED, Status.NO_SHOW])
def test_only_a_completed_booking_is_rated(api, asset, member, booker, status):
    reservation = ended(asset, member, booker, status=status)
    response = rate(api, booker, reservation)
    assert response.status_code == 409 and response.json()["code"] == "not_completed"
    assert not Rating.objects.exists()


def test_a_booking_is_rated_once(api, booker, done):
    assert rate(api, booker, done).status_code == 201
    second = rate(api, booker, done, asset_score=1)
    assert second.status_code == 409 and second.json()["code"] == "already_rated"
    assert Rating.objects.get().asset_score == 4


def test_the_database_holds_one_rating_per_booking_and_scores_from_1_to_5(booker, done):
    now = timezone.now()
    fields = {"reservation": done, "rated_by": booker, "rated_at": now, "updated_at": now}
    Rating.objects.create(asset_score=5, service_score=5, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(asset_score=3, service_score=3, **fields)
    Rating.objects.all().delete()
    for scores in [(0, 3), (3, 6)]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Rating.objects.create(asset_score=scores[0], service_score=scores[1], **fields)


def test_only_the_booker_rates(api, done, manager, member_admin, other_booker):
    assert rate(api, member_admin, done).status_code == 403  # a colleague, even the company's admin
    assert rate(api, manager, done).status_code == 403  # the asset's manager sees it but did not book it
    assert rate(api, other_booker, done).status_code == 404  # another company's booking does not exist for Carla
    assert not Rating.objects.exists()


def test_someone_who_left_the_company_no_longer_rates(api, booker, done):
    Membership.objects.filter(user=booker).delete()
    assert rate(api, booker, done).status_code == 404
    assert not Rating.objects.exists()


def test_a_booking_ended_long_ago_is_no_longer_rated(api, asset, member, booker):
    old = ended(asset, member, booker, days_ago=services.RATE_WITHIN.days + 1)
    response = rate(api, booker, old)
    assert response.status_code == 400 and response.json()["code"] == "rating_closed"
    assert not Rating.objects.exists()


@pytest.mark.parametrize(
    "extra",
    [
        {"asset_score": 0},
        {"asset_score": 6},
        {"service_score": 4.5},
        {"service_score": True},
        {"asset_score": "five"},
        {"asset_score": None},
        {"comment": "x" * 2001},
        {"reservation": 10**19},
        {"reservation": "1; DROP TABLE"},
        {"reservation": None},
    ],
)
def test_bad_ratings_are_400s_that_change_nothing(api, booker, done, extra):
    response = rate(api, booker, done, **extra)
    assert response.status_code == 400, response.json()
    assert not Rating.objects.exists()


def test_the_rater_changes_a_rating_for_a_while_and_until_it_is_answered(api, booker, done, manager):
    rating_id = rate(api, booker, done).json()["id"]
    response = as_user(api, booker).patch(f"{RATINGS}{rating_id}/", {"service_score": 2, "comment": "Late keys"},
                                          format="json")  # fmt: skip
    assert response.status_code == 200, response.json()
    assert (response.json()["asset_score"], response.json()["service_score"]) == (4, 2)
    assert response.json()["comment"] == "Late keys"
    assert as_user(api, booker).patch(f"{RATINGS}{rating_id}/", {"asset_score": 9}, format="json").status_code == 400
    assert as_user(api, manager).patch(f"{RATINGS}{rating_id}/", {"asset_score": 1}, format="json").status_code == 403

    rating = Rating.objects.get()
    late = rating.rated_at + services.EDITABLE_FOR + timedelta(minutes=1)
    with pytest.raises(services.Conflict):
        services.rating_update(rating=rating, by=booker, asset_score=1, now=late)

    answer(api, manager, rating_id, "Sorry about the keys")
    locked = as_user(api, booker).patch(f"{RATINGS}{rating_id}/", {"asset_score": 1}, format="json")
    assert locked.status_code == 409 and locked.json()["code"] == "rating_locked"
    assert Rating.objects.get().asset_score == 4


def test_put_and_delete_are_not_offered(api, booker, done):
    rating_id = rate(api, booker, done).json()["id"]
    assert as_user(api, booker).put(f"{RATINGS}{rating_id}/", {}, format="json").status_code == 405
    assert as_user(api, booker).delete(f"{RATINGS}{rating_id}/").status_code == 405
    assert Rating.objects.count() == 1


def answer(api, user, rating_id, text):
    return as_user(api, user).post(f"{RATINGS}{rating_id}/answer/", {"answer": text}, format="json")


def test_the_manager_answers_once_and_the_booker_reads_the_answer(api, booker, done, manager, member_admin):
    rating_id = rate(api, booker, done).json()["id"]
    seen = as_user(api, manager).get(RATINGS).json()["results"]
    assert [row["id"] for row in seen] == [rating_id] and seen[0]["can_answer"] is True

    assert answer(api, booker, rating_id, "Me").status_code == 403
    assert answer(api, manager, rating_id, "  ").status_code == 400
    response = answer(api, manager, rating_id, " Thanks! ")
    assert response.status_code == 200, response.json()
    assert (response.json()["answer"], response.json()["answered_by"]["username"]) == ("Thanks!", "manager")
    again = answer(api, manager, rating_id, "Again")
    assert again.status_code == 409 and again.json()["code"] == "already_answered"

    mine = as_user(api, booker).get(f"{RATINGS}{rating_id}/").json()
    assert (mine["answer"], mine["can_edit"], mine["can_answer"]) == ("Thanks!", False, False)
    assert as_user(api, member_admin).get(f"{RATINGS}{rating_id}/").json()["answer"] == "Thanks!"


def test_who_sees_which_rating(api, asset, member, booker, done, other_member, other_booker, manager):
    other_asset = AssetFactory(name="Sala B")
    other_manager = UserFactory(username="other-manager")
    other_asset.managers.add(other_manager)
    colleague = MembershipFactory(member=member, role=Membership.Role.BOOKER).user
    mine = rate(api, booker, done).json()["id"]
    theirs = rate(api, other_booker, ended(other_asset, other_member, other_booker, hour=14)).json()["id"]
    admin = UserFactory(username="admin", is_staff=True)
    accountant = UserFactory(username="accountant", is_accountant=True)

    def ids(user, **query):
        return sorted(row["id"] for row in as_user(api, user).get(RATINGS, query).json()["results"])

    assert ids(booker) == [mine]
    assert ids(other_booker) == [theirs]
    assert ids(manager) == [mine] and ids(other_manager) == [theirs]
    assert ids(colleague) == [] and ids(accountant) == []
    assert ids(admin) == sorted([mine, theirs])
    assert ids(admin, asset=other_asset.id) == [theirs] and ids(admin, reservation=done.id) == [mine]
    assert ids(admin, answered="false") == sorted([mine, theirs]) and ids(admin, answered="true") == []
    assert as_user(api, other_booker).get(f"{RATINGS}{mine}/").status_code == 404
    assert answer(api, other_manager, mine, "x").status_code == 404
    assert as_user(api, admin).get(RATINGS, {"asset": "x"}).status_code == 400


def test_to_rate_lists_the_callers_completed_unrated_recent_bookings(api, asset, member, booker, done, other_booker):
    rated = ended(asset, member, booker, days_ago=3)
    ended(asset, member, booker, days_ago=services.RATE_WITHIN.days + 2)  # too old
    ended(asset, member, booker, days_ago=4, status=Status.CANCELLED)
    MembershipFactory(member=member, user=UserFactory(username="colleague"))
    rate(api, booker, rated)

    response = as_user(api, booker).get(f"{RATINGS}to-rate/")
    assert response.status_code == 200
    assert [row["reservation"] for row in response.json()] == [done.id]
    assert response.json()[0]["rate_until"]
    assert as_user(api, other_booker).get(f"{RATINGS}to-rate/").json() == []


@pytest.mark.django_db(transaction=True)
def test_parallel_ratings_of_one_booking_give_one_201_and_the_rest_409(asset, member, booker, done):
    token = api_key(booker)
    body = {"reservation": done.id, "asset_score": 5, "service_score": 5}

    def post(_):
        return APIClient(HTTP_AUTHORIZATION=f"Token {token}").post(RATINGS, body, format="json").status_code

    assert sorted(race(8, post)) == [201] + [409] * 7
    assert Rating.objects.count() == 1


def test_the_managers_hear_of_a_rating_and_the_rater_of_the_answer(
    api, booker, done, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rating_id = rate(api, booker, done, asset_score=2, service_score=3, comment="Dusty floor").json()["id"]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([manager.email], f"New rating: Plató A on {subject_time(done.start, done.end)}")
    ]
    body = mail.outbox[0].body
    assert "rated the booking of Plató A" in body and "Comment given by the booker: Dusty floor" in body
    assert "The asset: 2/5" in body and f"/#/manage?asset={done.asset_id}" in body

    with django_capture_on_commit_callbacks(execute=True):
        answer(api, manager, rating_id, "Cleaned today")
        answer(api, manager, rating_id, "Again")  # refused: no second e-mail
    assert [(m.to, m.subject) for m in mail.outbox[1:]] == [
        ([booker.email], f"Your rating was answered: Plató A on {subject_time(done.start, done.end)}")
    ]
    assert "Answer given by the managers" in mail.outbox[1].body and "Cleaned today" in mail.outbox[1].body
    assert f"/#/reservations/{done.id}" in mail.outbox[1].body
