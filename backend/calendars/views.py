"""Calendar subscriptions. The secret token in the URL is the only credential (calendar clients send no
cookies); a wrong token, an unknown id and a member the user does not belong to all answer 404."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from accounts.models import Member, User
from accounts.permissions import sees_member_details
from assets.models import Asset

from . import feeds


def _subscriber(request) -> User:
    token = request.GET.get("token", "")
    user = User.objects.filter(calendar_token=token, is_active=True).first() if token else None
    if user is None:
        raise Http404("unknown calendar token")
    return user


def _ics(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
def asset_feed(request, asset_id: int):
    user = _subscriber(request)
    asset = get_object_or_404(Asset, id=asset_id, is_active=True)
    return _ics(feeds.asset_feed(asset=asset, user=user), f"asset-{asset.id}")


@require_GET
def member_feed(request, member_id: int):
    user = _subscriber(request)
    member = get_object_or_404(Member, id=member_id)
    if not sees_member_details(user, member):
        raise Http404("not a member")
    return _ics(feeds.member_feed(member=member, user=user), f"member-{member.id}")
