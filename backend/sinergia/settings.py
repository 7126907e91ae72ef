"""Sinergia settings, read from the environment.

The embedded default (no variables set, DEBUG=true) runs on SQLite with Celery
eager, e-mail to the console and Stripe off. With DEBUG off the module refuses
to start without a SECRET_KEY and turns on the production safety settings.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .oidc import oidc_apps, oidc_origins

BASE_DIR = Path(__file__).resolve().parent.parent  # backend/
REPO_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("SINERGIA_VAR_DIR", REPO_DIR / "var"))

# Variables already in the environment win over the file's. SINERGIA_ENV_FILE="" reads none (the test settings).
ENV_FILE = os.environ.get("SINERGIA_ENV_FILE", str(REPO_DIR / ".env"))

env = environ.Env()
if ENV_FILE and Path(ENV_FILE).exists():
    env.read_env(ENV_FILE)
DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "sinergia.views.csrf_failure"  # JSON under /api/ and /_allauth/
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.headless",
    "schedule",
    "sinergia",
    "accounts",
    "assets",
    "bookings",
    "notifications",
    "calendars",
    "billing",
    "insights",
    "audit",
    "incidents",
    "ratings",
    "waitlist",
    "consumables",
    "demo",  # only the `demo` command; it refuses to run with DEBUG off
]

MIDDLEWARE = [
    # First: /healthz and /readyz answer whatever the Host and without the HTTPS redirect (probes send neither).
    "sinergia.probes.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sinergia.middleware.ApiJsonErrorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SignInGuardMiddleware",
    "accounts.middleware.SecondFactorGateMiddleware",
    "axes.middleware.AxesMiddleware",
    "sinergia.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "sinergia.urls"
WSGI_APPLICATION = "sinergia.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'sinergia.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE makes every transaction take SQLite's write lock at BEGIN, so a
    # service reads and writes under one lock: the SQLite stand-in for the
    # PostgreSQL exclusion constraint.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory: the race tests open real parallel connections.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-sinergia.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Short OLTP queries: PostgreSQL's JIT compiles for ~100 ms when a plan looks big and never pays it back.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Login lockout (django-axes): after LOGIN_FAILURE_LIMIT failures for one username from one address,
# logins are refused (429) for LOGIN_COOLOFF_MINUTES. The API and the admin both authenticate through it.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "allauth.account.auth_backends.AuthenticationBackend"]
AXES_ENABLED = env.bool("LOGIN_LOCKOUT", default=True)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "sinergia.throttles.lockout_response"  # 429 with Retry-After, JSON under /api/
AXES_CLIENT_IP_CALLABLE = "sinergia.throttles.client_address"
# One count per person whether they sign in with their username or their e-mail address.
AXES_USERNAME_CALLABLE = "accounts.signin.lockout_username"
# Proxies in front of the app that append to X-Forwarded-For (nginx in docker-compose: 1). Lockouts and
# throttles count the address the outermost of them saw; 0 counts REMOTE_ADDR and ignores the header.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Accounts and sign-in (django-allauth, headless: the browser app calls /_allauth/browser/v1/...) -----------
# Nobody signs up on their own (invitations only); people sign in with their username or e-mail address. An
# invited person's address is verified by the invitation link, so sign-in asks no further verification.
ACCOUNT_ADAPTER = "accounts.signin.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True  # a reset request answers the same whether or not the address is known
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # and mails nothing to an address that is nobody's
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # this session stays signed in; the user's other sessions end
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_REAUTHENTICATION_TIMEOUT = env.int("REAUTHENTICATION_SECONDS", default=300)
# allauth's own rate limits, per address, account or user, on top of django-axes's lockout (LOGIN_FAILURE_LIMIT)
# and THROTTLE_LOGIN per address (one count with the token endpoint and the admin), which replaces allauth's
# "login". "login_failed" also caps wrong second-factor codes: 5 per account in 5 minutes.
ACCOUNT_RATE_LIMITS = {
    "login": None,
    "login_failed": "10/m/ip,5/300s/key",
    "reset_password": env.str("RATE_RESET_PASSWORD", default="20/m/ip,5/m/key"),
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
# A reset link works once (it is tied to the password it replaces) and for this long.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_SECONDS", default=3600)
HEADLESS_ONLY = True
HEADLESS_CLIENTS = ("browser",)
HEADLESS_SERVE_SPECIFICATION = True  # allauth's own OpenAPI at /_allauth/openapi.json (and .yaml)
# Where allauth's e-mails send people: the app's hash routes.
HEADLESS_FRONTEND_URLS = {
    "account_reset_password_from_key": SITE_URL + "/#/reset-password/{key}",
    "account_reset_password": SITE_URL + "/#/forgot-password",
    "account_signup": SITE_URL + "/#/login",
    "socialaccount_login_error": SITE_URL + "/#/login",  # a single sign-on that failed before the app's callback
}
# Single sign-on with OpenID Connect: OIDC_PROVIDERS is a JSON list of {"id", "name", "issuer", "client_id",
# "client_secret"} (README, "Accounts and sign-in"). A provider's e-mail links to an existing or invited person, or
# asks to join the company that registered its domain; nobody else gets in (accounts.sso.SocialAccountAdapter).
SOCIALACCOUNT_ADAPTER = "accounts.sso.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": oidc_apps(env.str("OIDC_PROVIDERS", default=""))}
}
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # the provider's verified e-mail is required instead (accounts.sso)
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = env.int("OIDC_TIMEOUT_SECONDS", default=5)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Sinergia")
# Roles that must sign in with a second factor (cluster roles: cluster_admin, accountant, asset_manager; company
# roles: member_admin, booker). Empty turns the rule off, as DEBUG's default does so the demo logins stay `demo`.
MFA_REQUIRED_ROLES = env.list("MFA_REQUIRED_ROLES", default=[] if DEBUG else ["cluster_admin", "accountant"])

# --- Redis, cache and Celery -----------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
# --- Background jobs and notifications ---
# Redis redelivers a task whose worker died (acks_late) once it has been unacknowledged this many
# seconds; keep it above the longest task. Workers sweep for such tasks every few seconds (at most 10).
# The worker tests set it to 2.
TASK_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": TASK_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": min(10, max(1, TASK_VISIBILITY_TIMEOUT // 2)),
    "unacked_restore_throttle": 1,
}
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "expire-pending-reservations": {"task": "bookings.tasks.expire_pending_reservations", "schedule": 300.0},
    "release-unused-reservations": {"task": "bookings.tasks.release_unused_reservations", "schedule": 60.0},
    "send-kiosk-pins": {"task": "bookings.tasks.send_kiosk_pins", "schedule": 60.0},
    "complete-past-reservations": {"task": "bookings.tasks.complete_past_reservations", "schedule": 900.0},
    "send-reminders": {"task": "notifications.tasks.send_reminders", "schedule": 900.0},
    "warn-expiring-requests": {"task": "notifications.tasks.warn_expiring_requests", "schedule": 900.0},
    "remind-accountants-to-close-periods": {
        "task": "notifications.tasks.remind_accountants_to_close_periods",
        "schedule": 3600.0 * 6,
    },
    # Lapsed waitlist holds pass to the next entry; entries expire at their start. Once each, with two beats.
    "sweep-waitlist": {"task": "waitlist.tasks.sweep_waitlist", "schedule": 60.0},
    "refresh-insights": {"task": "insights.tasks.refresh_insights", "schedule": 60.0},
    # Daily; each grant's holder is mailed once (the Delivery key), however many beats or runs.
    "remind-expiring-qualifications": {
        "task": "notifications.tasks.remind_expiring_grants",
        "schedule": crontab(hour=7, minute=0),
    },
    # Queues again the billing work a lost task left undone: a stalled close, a statement without its invoice.
    "sweep-billing": {"task": "billing.tasks.sweep_billing", "schedule": 300.0},
    # Daily: unused invitations go once their retention (INVITATION_RETENTION_DAYS after expiry) has passed.
    "purge-expired-invitations": {
        "task": "accounts.tasks.purge_expired_invitations",
        "schedule": crontab(hour=4, minute=15),
    },
    # The safety net: every insights day rolled up again, at night (UTC), for writes that went around the services.
    "rebuild-insights": {"task": "insights.tasks.rebuild_insights", "schedule": crontab(hour=3, minute=30)},
}
REMINDER_HOURS = env.int("REMINDER_HOURS", default=24)  # reminder e-mail this long before a booking starts
EXPIRY_WARNING_HOURS = env.int("EXPIRY_WARNING_HOURS", default=12)  # warn managers before a request expires
QUALIFICATION_REMINDER_DAYS = env.int("QUALIFICATION_REMINDER_DAYS", default=30)  # holders, before a grant expires
# How many times in an hour one reservation may ask one payer for its consent by e-mail.
SHARE_PROPOSALS_PER_HOUR = env.int("SHARE_PROPOSALS_PER_HOUR", default=3)
# Days an invitation nobody accepted is kept after its link expired (it says "expired" until then), then deleted.
INVITATION_RETENTION_DAYS = env.int("INVITATION_RETENTION_DAYS", default=90)
CALENDAR_FEED_PAST_DAYS = env.int("CALENDAR_FEED_PAST_DAYS", default=90)  # feeds list this much history

# The cluster's name as its statements (PDF) show it.
CLUSTER_NAME = env.str("CLUSTER_NAME", default="Sinergia cluster")

# --- E-mail ------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Sinergia <no-reply@sinergia.local>")

# --- Stripe (off when no key is set) ---------------------------------------------------
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
# Seconds the worker waits for one Stripe call before it counts as failed (the task retries it with backoff).
STRIPE_TIMEOUT_SECONDS = env.float("STRIPE_TIMEOUT_SECONDS", default=20.0)

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files: the built frontend is served from the same origin ---------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
FRONTEND_DIST = REPO_DIR / "frontend" / "dist"
STATICFILES_DIRS = [FRONTEND_DIST] if FRONTEND_DIST.exists() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Far-future `immutable` caching for files whose name carries a hash of their content: what vite emits under
# assets/ (`index-BxY1_-9a.js`: name, dash, 8 base64url characters) and the copies collectstatic names
# `*.0123456789ab.*`. index.html (under `/` a view that says never cache it) and unhashed files keep 60 s.
WHITENOISE_IMMUTABLE_FILE_TEST = r"^/static/(?:assets/[^/]+-[A-Za-z0-9_-]{8}|.+\.[0-9a-f]{12})\.[A-Za-z0-9]+$"
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- REST API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an unauthenticated request then gets 401 with WWW-Authenticate.
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only, in DEBUG too: nothing under /api/ is HTML (no browsable API; /api/docs/ is the human view).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["sinergia.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "sinergia.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "sinergia.schema.AutoSchema",  # every operation documents its errors
    "EXCEPTION_HANDLER": "sinergia.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Scoped rates: login per client address, reservation create per user. Over the rate: 429 JSON.
    "DEFAULT_THROTTLE_RATES": {
        "login": env.str("THROTTLE_LOGIN", default="20/minute"),
        "reservation_create": env.str("THROTTLE_RESERVATION_CREATE", default="60/minute"),
        # Invitations: sending, resending and revoking per user; opening and accepting a link per client address.
        "invitation": env.str("THROTTLE_INVITATION", default="30/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sinergia API",
    "DESCRIPTION": "Shared assets for the member companies of a cluster: bookings, approvals, cost shares.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from our own static files, so /api/docs/ passes the Content-Security-Policy.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # `<id:pk>` (sinergia.params.IdConverter) is a database id, documented as the integer it is.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}},
    # Several models have a `state`; each choice set gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "InvoicingStateEnum": "billing.models.Statement.Invoicing",
        "ShareStateEnum": "billing.models.CostShare.State",
        "PeriodStateEnum": "billing.models.BillingPeriod.State",
        "RoleEnum": "accounts.models.Membership.Role",
        "InvitationRoleEnum": "accounts.models.Invitation.Role",
        "StatusEnum": "bookings.models.Status",
        "IncidentStatusEnum": "incidents.models.IncidentStatus",
        "SeverityEnum": "incidents.models.Severity",
        "WaitlistStateEnum": "waitlist.models.EntryState",
        "BlackoutKindEnum": "assets.models.Blackout.Kind",
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)

# --- Security: production-safe whenever DEBUG is off --------------------------------------------------
# HTTP_TRIAL=true is the one switch for trying a production build over plain http on this machine
# (docker compose on http://localhost:8080): it turns the HTTPS redirect, secure cookies and HSTS off. It
# refuses to start unless every ALLOWED_HOSTS is local, so it cannot be left on for a real domain.
HTTP_TRIAL = env.bool("HTTP_TRIAL", default=False)
local_hosts = {"localhost", "127.0.0.1", "::1", "[::1]"}
if HTTP_TRIAL and (remote := [h for h in ALLOWED_HOSTS if h not in local_hosts and not h.endswith(".localhost")]):
    raise ImproperlyConfigured(
        f"HTTP_TRIAL is for plain http on this machine only; ALLOWED_HOSTS has {', '.join(remote)}. "
        "Serve the real domain over TLS and leave HTTP_TRIAL off."
    )
secure = not DEBUG and not HTTP_TRIAL  # the production defaults below
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=secure)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=secure)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=secure)
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if secure else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = secure
SECURE_HSTS_PRELOAD = secure
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything the pages load comes from this origin; styles may be inline (the admin's and Swagger UI's). Forms post
# here only, and a single sign-on's form is redirected on to its provider's origin (which form-action also covers).
FORM_ACTION = " ".join(["'self'", *oidc_origins(SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"])])
CONTENT_SECURITY_POLICY = env.str(
    "CONTENT_SECURITY_POLICY",
    default="default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    f"font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action {FORM_ACTION}; "
    "frame-ancestors 'none'",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
