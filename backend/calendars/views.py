"""Calendar subscriptions. The secret token in the URL is the only credential (calendar clients send no
cookies); a wrong token, an unknown id and a member the user does not belong to all answer 404.

GET and HEAD. Each answer carries a strong ETag (what the feed shows, and when that last changed) and a
Last-Modified (when it last changed), so `If-None-Match` / `If-Modified-Since` answer 304 with no body. The
texts are in the calendar app's language when its Accept-Language names one we speak, else in the
subscriber's profile language.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.http import require_safe

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


def feed_language(request, user: User) -> str:
    """The first language of the request's Accept-Language that we speak (q > 0, before any `*`), else the
    user's profile language."""
    for code, quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        if quality <= 0:
            continue
        try:
            return translation.get_supported_language_variant(code, strict=False)
        except LookupError:
            continue
    try:
        return translation.get_supported_language_variant(user.language or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def _serve(request, user: User, scope: str, name: str, build: Callable[[], feeds.Feed]) -> HttpResponse:
    language = feed_language(request, user)
    with translation.override(language):
        feed = build()
    version = feed.version
    changed, news = feeds.last_changed(f"{scope}:{user.id}:{language}", version)
    # The bytes are a function of (version, changed): a strong validator without rendering on a 304.
    etag = '"' + hashlib.sha256(f"{version}:{changed.isoformat()}".encode()).hexdigest()[:40] + '"'
    headers = {
        "ETag": etag,
        "Last-Modified": http_date(changed.timestamp()),
        "Cache-Control": "private, max-age=300",
        "Content-Language": language,
    }
    response = None
    if not news:  # a version seen for the first time is news to every client, whatever it sends
        response = get_conditional_response(request, etag=etag, last_modified=int(changed.timestamp()))
    if response is None:
        body = feed.render(changed)
        response = HttpResponse(b"" if request.method == "HEAD" else body, content_type="text/calendar; charset=utf-8")
        response["Content-Length"] = str(len(body))
        response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    if response.status_code in (200, 304):
        for header, value in headers.items():
            response[header] = value
    patch_vary_headers(response, ("Accept-Language",))
    return response


@require_safe
def asset_feed(request, asset_id: int):
    user = _subscriber(request)
    asset = get_object_or_404(Asset, id=asset_id, is_active=True)
    return _serve(
        request, user, f"asset:{asset.id}", f"asset-{asset.id}", lambda: feeds.asset_feed(asset=asset, user=user)
    )


@require_safe
def member_feed(request, member_id: int):
    user = _subscriber(request)
    member = get_object_or_404(Member, id=member_id)
    if not sees_member_details(user, member):
        raise Http404("not a member")
    return _serve(
        request,
        user,
        f"member:{member.id}",
        f"member-{member.id}",
        lambda: feeds.member_feed(member=member, user=user),
    )
