from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("notifications")

    def ready(self):
        from bookings.signals import reservation_changed

        from . import receivers

        reservation_changed.connect(receivers.on_reservation_changed, dispatch_uid="notifications.reservation")
