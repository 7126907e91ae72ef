"""Project-wide behaviour: JSON errors, health probes, settings safety, demo data, schema, migrations."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from accounts.models import Member, Membership, User

REPO = Path(__file__).resolve().parent.parent
BACKEND = REPO / "backend"

pytestmark = pytest.mark.django_db


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    environment = dict(os.environ, **env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BACKEND, env=environment, capture_output=True, text=True, timeout=60
    )


def test_healthz_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ok_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


READYZ = """
import django, json
django.setup()
from django.test import Client
response = Client().get('/readyz')
print(response.status_code, json.dumps(response.json()))
"""


def test_readyz_is_503_json_when_the_database_is_unreachable():
    result = run_python(
        READYZ, DATABASE_URL="postgres://postgres@127.0.0.1:1/none", DJANGO_SETTINGS_MODULE="sinergia.settings",
        DEBUG="true", REDIS_URL="",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    assert '"database": "unavailable"' in body


def test_readyz_is_503_when_the_broker_is_unreachable(tmp_path):
    result = run_python(
        READYZ, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", REDIS_URL="redis://127.0.0.1:1/0",
        DJANGO_SETTINGS_MODULE="sinergia.settings", DEBUG="true",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    assert '"broker": "unavailable"' in body


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_wrong_method_is_a_json_405(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("x", password="pw-secret-123"))
    response = client.delete("/api/v1/me/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_unhandled_error_under_api_is_a_json_500(client, django_user_model, monkeypatch):
    from accounts import api

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api.MeSerializer, "to_representation", explode)
    client.raise_request_exception = False
    client.force_login(django_user_model.objects.create_user("x", password="pw-secret-123"))
    response = client.get("/api/v1/me/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"code": "server_error", "detail": "Internal server error."}


def test_a_lost_database_is_the_same_503_inside_and_outside_drf(rf):
    from django.db import OperationalError

    from sinergia.exceptions import api_exception_handler
    from sinergia.middleware import ApiJsonErrorsMiddleware

    lost = OperationalError("connection refused")
    inside = api_exception_handler(lost, {})
    outside = ApiJsonErrorsMiddleware(lambda request: None).process_exception(rf.get("/api/v1/me/"), lost)
    expected = {"code": "service_unavailable", "detail": "The service is temporarily unavailable. Try again."}
    assert (inside.status_code, inside["Retry-After"], inside.data) == (503, "5", expected)
    assert (outside.status_code, outside["Retry-After"], json.loads(outside.content)) == (503, "5", expected)


def test_malformed_json_is_a_json_400(client, django_user_model):
    response = client.post("/api/v1/auth/token/", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_errors_speak_spanish_when_asked(client):
    response = client.get("/api/v1/members/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 401
    assert "credenciales" in response.json()["detail"].lower()


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off():
    result = run_python(
        "import django; django.setup()", DEBUG="false", SECRET_KEY="", DJANGO_SETTINGS_MODULE="sinergia.settings"
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BACKEND,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sinergia.settings",
            "DEBUG": "false",
            "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "sinergia.example.org",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_demo_command_refuses_when_debug_is_off():
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo")


@override_settings(DEBUG=True)
def test_demo_command_loads_exactly_the_documented_logins():
    call_command("demo")
    assert sorted(User.objects.values_list("username", flat=True)) == sorted(
        ["admin", "manager", "accountant", "ana", "bruno", "carla", "diego", "elena", "felipe"]
    )
    assert all(user.check_password("demo") for user in User.objects.all())
    roles = {(m.user.username, m.member.name, m.role) for m in Membership.objects.select_related("user", "member")}
    assert roles == {
        ("ana", "Norte Films", "booker"),
        ("bruno", "Norte Films", "member_admin"),
        ("carla", "Sur Producciones", "booker"),
        ("diego", "Bodega Altiplano", "member_admin"),
        ("elena", "Bodega Altiplano", "booker"),
        ("felipe", "Miel de Boyacá", "member_admin"),
    }
    assert {"Cerámica Celaya", "Miel de Boyacá"} <= set(Member.objects.values_list("name", flat=True))
    assert User.objects.get(username="admin").is_staff
    assert User.objects.get(username="accountant").is_accountant
    call_command("demo", "--if-empty")  # a second run keeps the data
    assert User.objects.count() == 9


def test_openapi_schema_is_served_and_valid(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "/api/v1/reservations/" in response.json()["paths"]


def test_api_docs_page_is_served(client):
    assert client.get("/api/docs/").status_code == 200


def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_the_built_frontend_is_served_at_the_root(client):
    response = client.get("/")
    assert response.status_code == 200
    page = b"".join(response.streaming_content).decode()
    assert '<div id="app"' in page or "/static/assets/" in page
    assert "/static/assets/" in page


def test_openapi_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/v1/assets/{id}/availability/" in (tmp_path / "schema.yml").read_text()
