from allauth.headless.constants import Client
from django.contrib import admin
from django.urls import include, path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.sso import ProviderRedirect

from . import views
from .params import IdConverter

register_converter(IdConverter, "id")  # before the apps' URL modules are included below

api_v1 = [
    path("", include("accounts.urls")),
    path("", include("calendars.api_urls")),
    path("", include("assets.urls")),
    path("", include("bookings.urls")),
    path("", include("billing.urls")),
    path("", include("insights.urls")),
    path("", include("audit.urls")),
    path("", include("incidents.urls")),
    path("", include("ratings.urls")),
    path("", include("waitlist.urls")),
    path("", include("consumables.urls")),
]

# allauth endpoints this app does not offer: a password changes through POST /api/v1/me/password/ (which also
# asks whether to keep the API tokens); people do not sign up, nor change their e-mail address or phone themselves.
CLOSED_ALLAUTH_ENDPOINTS = [
    "account/password/change",
    "account/email",
    "account/phone",
    "auth/signup",
    "auth/email/verify",
    "auth/email/verify/resend",
    "auth/phone/verify",
    "auth/phone/verify/resend",
    "auth/code/confirm",
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("ical/", include("calendars.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    re_path(r"^api/", views.api_not_found),
    # Sign-in for the browser app (django-allauth headless), JSON only: its spec as JSON or YAML, not its HTML page.
    path("_allauth/openapi.html", views.api_not_found),
    *[path(f"_allauth/browser/v1/{closed}", views.api_not_found) for closed in CLOSED_ALLAUTH_ENDPOINTS],
    path("_allauth/browser/v1/auth/provider/redirect", ProviderRedirect.as_api_view(client=Client.BROWSER)),
    path("_allauth/", include("allauth.headless.urls")),
    path("accounts/", include("allauth.urls")),  # only the OpenID Connect providers' callbacks (HEADLESS_ONLY)
    re_path(r"^_allauth/", views.api_not_found),
    path("admin/login/", views.admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("", views.frontend, name="frontend"),
]

handler400 = "sinergia.views.bad_request"
handler403 = "sinergia.views.permission_denied"
handler404 = "sinergia.views.page_not_found"
handler500 = "sinergia.views.server_error"
