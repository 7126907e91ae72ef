from django.contrib import admin
from django.urls import include, path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

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
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("ical/", include("calendars.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    re_path(r"^api/", views.api_not_found),
    path("admin/login/", views.admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("", views.frontend, name="frontend"),
]

handler400 = "sinergia.views.bad_request"
handler403 = "sinergia.views.permission_denied"
handler404 = "sinergia.views.page_not_found"
handler500 = "sinergia.views.server_error"
