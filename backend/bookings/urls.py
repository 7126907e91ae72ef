from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api, kiosk_api, quota_api, series_api

router = SimpleRouter()
router.register("reservations", api.ReservationViewSet, basename="reservation")
router.register("series", series_api.SeriesViewSet, basename="series")
router.register("quotas", quota_api.QuotaViewSet, basename="quota")

urlpatterns = [
    path("assets/<id:pk>/availability/", api.AssetAvailabilityView.as_view(), name="asset-availability"),
    path("availability/", api.GroupAvailabilityView.as_view(), name="group-availability"),
    path("kiosk/assets/<id:pk>/", kiosk_api.KioskDetail.as_view(), name="kiosk-detail"),
    path("kiosk/assets/<id:pk>/check-in/", kiosk_api.KioskCheckIn.as_view(), name="kiosk-check-in"),
    *router.urls,
]
