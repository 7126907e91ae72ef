from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("notifications")

    def ready(self):
        from bookings.signals import reservation_changed

        from . import receivers

        reservation_changed.connect(receivers.on_reservation_changed, dispatch_uid="notifications.reservation")

        from billing import signals as billing

        billing.cost_share_proposed.connect(
            receivers.on_cost_share_proposed, dispatch_uid="notifications.share_proposed"
        )
        billing.series_shares_proposed.connect(
            receivers.on_series_shares_proposed, dispatch_uid="notifications.series_shares_proposed"
        )
        billing.series_shares_decided.connect(
            receivers.on_series_shares_decided, dispatch_uid="notifications.series_shares_decided"
        )
        billing.cost_share_decided.connect(receivers.on_cost_share_decided, dispatch_uid="notifications.share_decided")
        billing.statement_issued.connect(receivers.on_statement_issued, dispatch_uid="notifications.statement_issued")
