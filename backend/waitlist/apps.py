from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WaitlistConfig(AppConfig):
    name = "waitlist"
    verbose_name = _("Waitlist")

    def ready(self):
        from bookings.signals import slot_freed

        from . import receivers

        slot_freed.connect(receivers.on_slot_freed, dispatch_uid="waitlist.slot_freed")
