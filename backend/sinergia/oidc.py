"""OIDC_PROVIDERS, the environment's list of OpenID Connect providers, as django-allauth's provider apps.

A JSON list of objects: `id` (letters, digits, `-`, `_`; it names the provider in URLs), `name` (shown on the
"Sign in with …" button), `issuer` (the issuer URL, whose /.well-known/openid-configuration is read), `client_id`
and `client_secret`. A malformed value stops the start with a message that says what is wrong.
"""

import json
import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

PROVIDER_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
FIELDS = ("id", "name", "issuer", "client_id", "client_secret")


def oidc_apps(raw: str) -> list[dict]:
    """allauth's `SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]` from the OIDC_PROVIDERS value ("" is none)."""
    if not raw.strip():
        return []
    try:
        providers = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"OIDC_PROVIDERS is not JSON: {error}") from error
    if not isinstance(providers, list):
        raise ImproperlyConfigured("OIDC_PROVIDERS must be a JSON list of providers.")
    apps, seen = [], set()
    for index, provider in enumerate(providers):
        if not isinstance(provider, dict):
            raise ImproperlyConfigured(f"OIDC_PROVIDERS[{index}] must be an object.")
        missing = [field for field in FIELDS if not str(provider.get(field) or "").strip()]
        if missing:
            raise ImproperlyConfigured(f"OIDC_PROVIDERS[{index}] lacks {', '.join(missing)}.")
        provider_id = provider["id"]
        if not PROVIDER_ID.match(provider_id) or provider_id in seen:
            raise ImproperlyConfigured(f"OIDC_PROVIDERS[{index}]: id {provider_id!r} is not a unique short name.")
        if not provider["issuer"].startswith(("https://", "http://")):
            raise ImproperlyConfigured(f"OIDC_PROVIDERS[{index}]: issuer must be an http(s) URL.")
        seen.add(provider_id)
        apps.append(
            {
                "provider_id": provider_id,
                "name": provider["name"],
                "client_id": provider["client_id"],
                "secret": provider["client_secret"],
                "settings": {"server_url": provider["issuer"].rstrip("/")},
            }
        )
    return apps


def oidc_origins(apps: list[dict]) -> list[str]:
    """The providers' origins (scheme, host and port of each issuer), which a sign-in form is redirected to."""
    origins = []
    for app in apps:
        url = urlsplit(app["settings"]["server_url"])
        origin = f"{url.scheme}://{url.netloc}"
        if origin not in origins:
            origins.append(origin)
    return origins
