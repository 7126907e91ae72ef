from django.apps import AppConfig


class SinergiaConfig(AppConfig):
    name = "sinergia"
    verbose_name = "Sinergia"
