from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = _("Bookings")

    def ready(self):
        from . import bundles
        from .signals import reservation_changed

        reservation_changed.connect(bundles.on_part_changed, dispatch_uid="bookings.bundle_part_changed")
