"""The project's Celery app for a worker that a test kills in the middle of a close: the statement numbered
CLOSE_PAUSE_AT stops, inside its transaction, long enough to be killed there."""

import os
import time

from billing import signals
from sinergia.celery import app

__all__ = ["app"]

PAUSE_AT = os.environ.get("CLOSE_PAUSE_AT", "-000003")


def _pause(sender, statement, **kwargs):
    if statement.number.endswith(PAUSE_AT):
        print(f"statement {statement.number} made, pausing", flush=True)
        time.sleep(120)


signals.statement_issued.connect(_pause, dispatch_uid="tests.billing.slow_close")
