"""The production URLs plus /bench/plain-create/, served only with sinergia.settings_bench."""

from django.urls import path

from .bench_views import plain_create
from .urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401

urlpatterns = [path("bench/plain-create/", plain_create), *urlpatterns]
