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
        "reservations/<id:pk>/cancellation-fee/",
        api.CancellationFeeView.as_view(),
        name="reservation-cancellation-fee",
    ),
    path("reservations/<id:pk>/charge/", api.ReservationChargeView.as_view(), name="reservation-charge"),
    path("reservations/<id:pk>/shares/", api.ReservationSharesView.as_view(), name="reservation-shares"),
    path(
        "series/<id:pk>/shares/accept/",
        api.SeriesSharesDecisionView.as_view(accept=True),
        name="series-shares-accept",
    ),
    path(
        "series/<id:pk>/shares/decline/",
        api.SeriesSharesDecisionView.as_view(accept=False),
        name="series-shares-decline",
    ),
    path("exports/cost-shares/", api.CostShareExportView.as_view(), name="cost-share-export"),
    path("stripe/webhook/", api.StripeWebhookView.as_view(), name="stripe-webhook"),
    *router.urls,
]
