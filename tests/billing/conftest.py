# The worker tests' fixtures: a real Redis for the tasks this process queues, and the worker's mail directory.
from tests.notifications.conftest import celery_on_redis, mail_dir  # noqa: F401
