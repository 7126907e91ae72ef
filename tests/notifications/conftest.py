import pytest


@pytest.fixture
def celery_on_redis(redis_url):
    """Tasks this process queues go to the run's Redis database instead of running eagerly, for one test."""
    from sinergia.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=redis_url, task_always_eager=False)
    app._after_fork()  # drop connection pools bound to the previous broker
    try:
        yield app
    finally:
        app.conf.update(saved)
        app._after_fork()


@pytest.fixture
def mail_dir(tmp_path):
    path = tmp_path / "mail"
    path.mkdir()
    return path
