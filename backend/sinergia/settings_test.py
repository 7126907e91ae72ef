"""Settings for the test run (pyproject.toml points pytest here): the production settings, read without the
developer's .env, with a fast password hasher, plain static files and rates the suites' many logins pass.

Servers and workers that tests start inherit DJANGO_SETTINGS_MODULE and these environment defaults; a test
that means the production settings says DJANGO_SETTINGS_MODULE=sinergia.settings.
"""

import os

os.environ["SINERGIA_ENV_FILE"] = ""  # never the developer's .env (its database, its Stripe key)
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")

from .settings import *  # noqa: E402, F403
from .settings import ACCOUNT_RATE_LIMITS, REST_FRAMEWORK, STATIC_ROOT, STORAGES, env  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)

# High, so the suites' many logins and creates pass; the throttling tests set their own.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        "login": env.str("THROTTLE_LOGIN", default="10000/minute"),
        "reservation_create": env.str("THROTTLE_RESERVATION_CREATE", default="10000/minute"),
        "invitation": env.str("THROTTLE_INVITATION", default="10000/minute"),
    },
}

# allauth's limits too (the cache outlives a test); the tests of those limits set their own.
ACCOUNT_RATE_LIMITS = {
    **ACCOUNT_RATE_LIMITS,
    "login_failed": "10000/m/ip,10000/300s/key",
    "reset_password": "10000/m/ip,10000/m/key",
    "reset_password_from_key": "10000/m/ip",
    "change_password": "10000/m/user",
    "reauthenticate": "10000/m/user",
}

# The suites sign admins and accountants in without a second factor; the tests of the rule turn it on.
MFA_REQUIRED_ROLES = env.list("MFA_REQUIRED_ROLES", default=[])
