"""The kiosk's door sign: the page's address and a QR code of it, for anyone who reads the catalogue."""

from urllib.parse import unquote

import pytest
import segno

from tests.conftest import as_user

pytestmark = pytest.mark.django_db


def test_the_door_sign_gives_the_kiosk_address_and_its_qr_code(api, asset, booker, settings):
    settings.SITE_URL = "https://sinergia.example"
    response = as_user(api, booker).get(f"/api/v1/assets/{asset.id}/kiosk-sign/")
    assert response.status_code == 200
    body = response.json()
    assert body["asset"] == asset.id
    assert body["url"] == f"https://sinergia.example/#/kiosk/assets/{asset.id}"
    assert body["qr"].startswith("data:image/svg+xml")
    svg = unquote(body["qr"].split(",", 1)[1])
    assert svg.startswith("<svg") and "<path" in svg
    # The symbol is the one of that address (version and error correction as made), not of another.
    expected = segno.make_qr(body["url"], error="m")
    assert f"width='{(expected.symbol_size(scale=8, border=4))[0]}'" in svg


def test_the_door_sign_is_for_signed_in_people(api, asset):
    assert api.get(f"/api/v1/assets/{asset.id}/kiosk-sign/").status_code in (401, 403)
    assert api.get("/api/v1/assets/999999/kiosk-sign/").status_code in (401, 403)
