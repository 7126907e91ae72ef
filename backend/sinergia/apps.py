from django.apps import AppConfig, apps
from django.core import checks
from django.db.models.signals import post_migrate, pre_migrate


class SinergiaConfig(AppConfig):
    name = "sinergia"
    verbose_name = "Sinergia"

    def ready(self):
        from . import triggers

        # Sent once per app that has models, for every migrate whatever app it names: listen to one of them.
        sender = apps.get_app_config("insights")
        pre_migrate.connect(triggers.before_migrate, sender=sender, dispatch_uid="sinergia.triggers.before")
        post_migrate.connect(triggers.after_migrate, sender=sender, dispatch_uid="sinergia.triggers.after")
        checks.register(triggers.check_installed, checks.Tags.database)
