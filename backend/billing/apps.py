from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = _("Billing")

    def ready(self):
        from bookings.signals import reservation_changed

        from . import receivers

        reservation_changed.connect(receivers.on_reservation_changed, dispatch_uid="billing.reservation_changed")
