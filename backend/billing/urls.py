from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("cost-shares", api.CostShareViewSet, basename="cost-share")
router.register("billing-periods", api.BillingPeriodViewSet, basename="billing-period")
router.register("statements", api.StatementViewSet, basename="statement")

urlpatterns = [
    path("quotes/", api.QuoteView.as_view(), name="quote"),
    path(
        "reservations/<int:pk>/cancellation-fee/",
        api.CancellationFeeView.as_view(),
        name="reservation-cancellation-fee",
    ),
    path("reservations/<int:pk>/charge/", api.ReservationChargeView.as_view(), name="reservation-charge"),
    path("reservations/<int:pk>/shares/", api.ReservationSharesView.as_view(), name="reservation-shares"),
    path("exports/cost-shares/", api.CostShareExportView.as_view(), name="cost-share-export"),
    path("stripe/webhook/", api.StripeWebhookView.as_view(), name="stripe-webhook"),
    *router.urls,
]
