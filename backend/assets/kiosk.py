"""The door sign of an asset's kiosk: where the tablet page is, and a QR code that opens it (segno, pure Python)."""

import segno
from django.conf import settings

from .models import Asset


def kiosk_url(asset: Asset) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/#/kiosk/assets/{asset.id}"


def sign(asset: Asset) -> dict:
    """The kiosk's address and its QR code as an SVG data URI (error correction M: it survives a worn sticker)."""
    url = kiosk_url(asset)
    qr = segno.make_qr(url, error="m")
    return {"asset": asset.id, "url": url, "qr": qr.svg_data_uri(scale=8, border=4, dark="#000", light="#fff")}
