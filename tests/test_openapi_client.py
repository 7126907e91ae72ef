"""A client nobody here wrote: openapi-python-client generates one from /api/schema/, and it books, meets both
kinds of 409 and downloads the exports against a live server, parsing every answer into the schema's types.

The client is generated once per session (tmp dir), from the schema the live server serves.
"""

import csv
import importlib
import io
import json
import subprocess
import sys
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.billing.helpers import past_reservation, utc
from tests.conftest import future_day, local
from tests.factories import AssetFactory, MemberFactory, MembershipFactory, PriceRuleFactory, UserFactory

PACKAGE = "sinergia_generated_client"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What an integrator's generator config says: downloads it has no reader for are bytes.
CONFIG = {
    "post_hooks": [],
    "content_type_overrides": {XLSX: "application/octet-stream", "application/pdf": "application/octet-stream"},
}


@pytest.fixture(scope="session")
def client_package(django_db_setup, live_server, tmp_path_factory):
    """The generated package, imported: generated with --fail-on-warning, so a schema it cannot read fails.

    The test databases are set up before the live server starts, so the server stops (and lets go of its
    connections) before they are dropped."""
    work = tmp_path_factory.mktemp("openapi_client")
    with urllib.request.urlopen(f"{live_server.url}/api/schema/?format=json") as response:  # noqa: S310 (local)
        (work / "schema.json").write_bytes(response.read())
    (work / "config.json").write_text(json.dumps(CONFIG))
    generator = Path(sys.executable).with_name("openapi-python-client")
    result = subprocess.run(  # noqa: S603 (our own venv's tool)
        [
            str(generator),
            "generate",
            "--path",
            "schema.json",
            "--config",
            "config.json",
            "--meta",
            "none",
            "--output-path",
            PACKAGE,
            "--fail-on-warning",
        ],  # fmt: skip
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(work))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(work))
        for name in [name for name in sys.modules if name == PACKAGE or name.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def api(package, name: str):
    return importlib.import_module(f"{package.__name__}.api.v1.{name}")


def models(package):
    return importlib.import_module(f"{package.__name__}.models")


def token_client(package, base_url: str, username: str):
    """Logs in through the generated client (POST /auth/token/) and returns a client carrying the token.

    Close every client (`with`): the live server keeps a kept-alive connection's thread, and its database
    session, until the client goes."""
    credentials = models(package).TokenCredentialsRequest(username=username, password="pw-secret-123")
    with package.Client(base_url=base_url, raise_on_unexpected_status=True) as anonymous:
        token = api(package, "v1_auth_token_create").sync(client=anonymous, body=credentials)
    assert isinstance(token, models(package).Token), token
    return package.AuthenticatedClient(
        base_url=base_url, token=token.token, prefix="Token", raise_on_unexpected_status=True
    )


@pytest.mark.django_db(transaction=True)
def test_a_generated_client_books_meets_both_409s_and_downloads_the_exports(client_package, live_server):
    member = MemberFactory(name="Norte Films")
    booker = MembershipFactory(member=member, role="booker", user=UserFactory(username="ana")).user
    asset = AssetFactory(name="Plató A")
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000, vat_rate="21.00")
    UserFactory(username="accountant", is_accountant=True)
    past_reservation(asset=asset, member=member, booked_by=booker, start=utc(2025, 3, 3, 9), end=utc(2025, 3, 3, 12))

    ana = token_client(client_package, live_server.url, "ana")
    accountant = token_client(client_package, live_server.url, "accountant")
    anonymous = client_package.Client(base_url=live_server.url)
    with ana, accountant, anonymous:
        meet_both_409s(client_package, ana, asset)
        assert_401(client_package, anonymous)
        download_the_exports(client_package, accountant)


def meet_both_409s(client_package, ana, asset):
    m = models(client_package)
    monday = future_day(0)
    request = m.ReservationCreateRequest(asset=asset.id, start=local(monday, 10), end=local(monday, 12), title="Shoot")
    create = api(client_package, "v1_reservations_create")
    booked = create.sync_detailed(client=ana, body=request)
    assert booked.status_code == 201 and isinstance(booked.parsed, m.ReservationDetail)
    assert booked.parsed.status == m.StatusEnum.APPROVED

    # The same period again: a conflict, typed, with what it overlaps.
    taken = create.sync_detailed(client=ana, body=request)
    assert taken.status_code == 409 and isinstance(taken.parsed, m.Conflict), taken.content
    assert taken.parsed.code == "conflict" and len(taken.parsed.conflicts) == 1

    # Cancelled twice: the second is an invalid transition, a plain error (no `conflicts` to fail on).
    cancel = api(client_package, "v1_reservations_cancel_create")
    assert cancel.sync_detailed(booked.parsed.id, client=ana, body=m.ReasonRequest()).status_code == 200
    again = cancel.sync_detailed(booked.parsed.id, client=ana, body=m.ReasonRequest())
    assert again.status_code == 409 and isinstance(again.parsed, m.Error), again.content
    assert again.parsed.code == "invalid_transition"

    # PATCH of the cancelled booking: the union's other side.
    update = api(client_package, "v1_reservations_partial_update")
    patched = update.sync_detailed(booked.parsed.id, client=ana, body=m.PatchedReservationUpdateRequest(title="Later"))
    assert (
        patched.status_code == 409
        and isinstance(patched.parsed, m.Error)
        and not isinstance(patched.parsed, m.Conflict)
    )
    assert patched.parsed.code == "invalid_transition"


def assert_401(client_package, anonymous):
    me = api(client_package, "v1_me_retrieve").sync_detailed(client=anonymous)
    assert me.status_code == 401 and isinstance(me.parsed, models(client_package).Error)


def download_the_exports(client_package, accountant):
    m = models(client_package)
    export = api(client_package, "v1_exports_cost_shares_retrieve")
    formats = m.V1ExportsCostSharesRetrieveFormat
    window = {"from_": date(2025, 3, 1), "to": date(2025, 3, 31)}

    as_csv = export.sync_detailed(client=accountant, format_=formats.CSV, **window)
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    text = as_csv.parsed.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")))
    assert len(rows) >= 2 and any("Plató A" in row for row in rows[1:])

    as_xlsx = export.sync_detailed(client=accountant, format_=formats.XLSX, **window)
    assert as_xlsx.status_code == 200 and as_xlsx.headers["content-type"] == XLSX
    workbook = load_workbook(io.BytesIO(as_xlsx.content), read_only=True)
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Plató A" in cells

    as_json = export.sync_detailed(client=accountant, format_=formats.JSON, **window)
    assert as_json.status_code == 200 and as_json.headers["content-type"].startswith("application/json")
    exported = json.loads(as_json.content)
    assert exported and "Plató A" in json.dumps(exported, ensure_ascii=False)

    # A window beyond 366 days: a typed 400.
    too_long = export.sync_detailed(client=accountant, from_=date(2024, 1, 1), to=date(2025, 3, 31))
    assert too_long.status_code == 400 and isinstance(too_long.parsed, m.Error) and too_long.parsed.field == "to"
