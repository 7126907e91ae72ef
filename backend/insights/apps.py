from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Insights")

    def ready(self):
        from bookings.signals import reservation_changed

        from . import stale

        reservation_changed.connect(stale.on_reservation_changed, dispatch_uid="insights.reservation_changed")
