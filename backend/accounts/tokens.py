"""API token keys and the DRF authentication that reads them.

A key is random (256 bits), so a plain SHA-256 is enough to store it: nothing can be guessed from the hash, and a
lookup by hash stays one indexed query. Keys made by DRF's authtoken before named tokens existed (40 hex
characters) were hashed into the same table by migration 0003 and keep working.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import ApiToken

KEY_PREFIX = "sng_"
PREFIX_LENGTH = 8  # the characters of a key kept in clear: "sng_" and four more
LAST_USED_EVERY = timedelta(minutes=1)  # last_used_at moves at most this often, so a busy token costs no writes


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def prefix_of(key: str) -> str:
    return key[:PREFIX_LENGTH]


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>` against the hashed, revocable ApiToken rows. `request.auth` is the token."""

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key), revoked_at__isnull=True).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
            # One conditional UPDATE: concurrent requests of the same minute write it once between them.
            stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_EVERY)
            ApiToken.objects.filter(stale, id=token.id).update(last_used_at=now)
        return token.user, token
