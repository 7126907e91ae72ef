"""Every user-facing string of the backend has its Spanish translation, compiled."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

BACKEND = Path(__file__).resolve().parent.parent / "backend"
CATALOG = BACKEND / "locale" / "es" / "LC_MESSAGES"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The catalog makemessages would write today, made in a copy of the backend."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI") == "true":
            pytest.fail("gettext (xgettext) is required in CI")
        pytest.skip("gettext is not installed: apt-get install gettext")
    copy = tmp_path_factory.mktemp("i18n") / "backend"
    shutil.copytree(BACKEND, copy, ignore=shutil.ignore_patterns("__pycache__"))
    environment = dict(os.environ, DJANGO_SETTINGS_MODULE="sinergia.settings", DEBUG="true")
    environment.update(DATABASE_URL="sqlite:///:memory:")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-obsolete", "-v0"],
        cwd=copy, env=environment, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return polib.pofile(str(copy / "locale" / "es" / "LC_MESSAGES" / "django.po"))


def test_every_message_has_a_spanish_translation(extracted):
    untranslated = [entry.msgid for entry in extracted if not entry.msgstr or entry.fuzzy]
    assert untranslated == [], "Translate these in backend/locale/es/LC_MESSAGES/django.po (then `make messages`)"


def test_the_compiled_catalog_matches_the_translations():
    source = {entry.msgid: entry.msgstr for entry in polib.pofile(str(CATALOG / "django.po")) if entry.msgstr}
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(CATALOG / "django.mo")) if entry.msgid}
    assert compiled == source, "Run `make messages` to recompile django.mo"


@pytest.mark.django_db
def test_booking_errors_come_back_in_the_callers_language(api, asset, booker):
    from tests.conftest import as_user, future_day, local

    day = future_day(0)
    payload = {"asset": asset.id, "start": local(day, 12).isoformat(), "end": local(day, 10).isoformat(), "title": "x"}
    client = as_user(api, booker)
    spanish = client.post("/api/v1/reservations/", payload, HTTP_ACCEPT_LANGUAGE="es").json()
    english = client.post("/api/v1/reservations/", payload, HTTP_ACCEPT_LANGUAGE="en").json()
    assert (spanish["code"], spanish["detail"]) == ("end_before_start", "El fin debe ser posterior al inicio.")
    assert english["detail"] == "The end must be after the start."
