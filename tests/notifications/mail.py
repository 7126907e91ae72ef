"""An e-mail backend for the worker test that kills a worker mid-send (tests/notifications/settings_pausing.py)."""

import logging
import time

from django.core.mail.backends.filebased import EmailBackend

logger = logging.getLogger(__name__)
PAUSE_SECONDS = 60


class PausingFileBackend(EmailBackend):
    """Django's file backend, after a pause: `deliver_once` sends inside its transaction, so the test's SIGKILL
    lands between the Delivery row and the message, where a real worker may die."""

    def send_messages(self, email_messages):
        logger.info("pausing %ss before sending", PAUSE_SECONDS)
        time.sleep(PAUSE_SECONDS)
        return super().send_messages(email_messages)
