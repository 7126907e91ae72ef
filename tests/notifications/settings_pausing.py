"""Settings of the worker that test_worker.py kills mid-send: the production settings, e-mail pausing first."""

from sinergia.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.notifications.mail.PausingFileBackend"
