from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("items", api.ItemViewSet, basename="item")

urlpatterns = [
    path("assets/<int:pk>/items/", api.AssetItemsView.as_view(), name="asset-items"),
    path("reservations/<int:pk>/items/", api.ReservationItemsView.as_view(), name="reservation-items"),
    *router.urls,
]
