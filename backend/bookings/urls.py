from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api, bundle_api, kiosk_api, quota_api, series_api

router = SimpleRouter()
router.register("reservations", api.ReservationViewSet, basename="reservation")
router.register("series", series_api.SeriesViewSet, basename="series")
router.register("quotas", quota_api.QuotaViewSet, basename="quota")
router.register("bundles", bundle_api.BundleViewSet, basename="bundle")

urlpatterns = [
    path("assets/<id:pk>/availability/", api.AssetAvailabilityView.as_view(), name="asset-availability"),
    path("availability/", api.GroupAvailabilityView.as_view(), name="group-availability"),
    path("kiosk/assets/<id:pk>/", kiosk_api.KioskDetail.as_view(), name="kiosk-detail"),
    path("kiosk/assets/<id:pk>/check-in/", kiosk_api.KioskCheckIn.as_view(), name="kiosk-check-in"),
    path("bundles/<id:pk>/shares/accept/", bundle_api.BundleSharesDecisionView.as_view(), name="bundle-shares-accept"),
    path(
        "bundles/<id:pk>/shares/decline/",
        bundle_api.BundleSharesDecisionView.as_view(accept=False),
        name="bundle-shares-decline",
    ),
    *router.urls,
]
