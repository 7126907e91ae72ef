"""The one Celery app. Broker is Redis from REDIS_URL; without it tasks run eagerly."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergia.settings")

app = Celery("sinergia")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
