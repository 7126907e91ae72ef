"""The production URLs plus /bench/plain-create/, served only with tests.bench.settings."""

from django.urls import path

from sinergia.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401
from tests.bench.views import plain_create

urlpatterns = [path("bench/plain-create/", plain_create), *urlpatterns]
