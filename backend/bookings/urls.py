from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api, series_api

router = SimpleRouter()
router.register("reservations", api.ReservationViewSet, basename="reservation")
router.register("series", series_api.SeriesViewSet, basename="series")

urlpatterns = [
    path("assets/<id:pk>/availability/", api.AssetAvailabilityView.as_view(), name="asset-availability"),
    path("availability/", api.GroupAvailabilityView.as_view(), name="group-availability"),
    *router.urls,
]
