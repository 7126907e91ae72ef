"""HTTP edge of an asset's kiosk where nobody is signed in: what it shows (`GET /kiosk/assets/{id}/`) and check-in
with the PIN e-mailed to the booker (`POST /kiosk/assets/{id}/check-in/`). Both are public and throttled per client
address like a sign-in; neither names a company, a person or a title."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from assets.models import Asset
from sinergia.schema import error
from sinergia.throttles import ScopedRateThrottle

from . import kiosk_pins


class KioskBookingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    checked_in_at = serializers.DateTimeField(allow_null=True)
    pin = serializers.BooleanField(help_text="Whether a PIN was e-mailed to its booker for this kiosk")


class KioskSerializer(serializers.Serializer):
    asset = serializers.IntegerField()
    name = serializers.CharField()
    location = serializers.CharField()
    timezone = serializers.CharField()
    kiosk_pin = serializers.BooleanField(help_text="Whether the asset's bookers get a PIN for this kiosk")
    bookings = KioskBookingSerializer(many=True, help_text="The bookings open for check-in now, earliest first")


class KioskPinSerializer(serializers.Serializer):
    pin = serializers.RegexField(r"^\s*\d{6}\s*$", help_text="The six digits e-mailed to the booker")


class KioskCheckedInSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    checked_in_at = serializers.DateTimeField()


class KioskView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    def asset(self, pk: int) -> Asset:
        return get_object_or_404(Asset, pk=pk, is_active=True)


class KioskDetail(KioskView):
    @extend_schema(responses=KioskSerializer)
    def get(self, request, pk: int):
        """The asset and its bookings open for check-in now, for the kiosk page where nobody is signed in."""
        asset = self.asset(pk)
        now = timezone.now()
        bookings = [
            {
                "id": r.id, "start": r.start, "end": r.end, "checked_in_at": r.checked_in_at,
                "pin": hasattr(r, "kiosk_pin"),
            }
            for r in kiosk_pins.open_for_check_in(asset.id, now)
        ]  # fmt: skip
        return Response(
            KioskSerializer(
                {
                    "asset": asset.id, "name": asset.name, "location": asset.location, "timezone": asset.timezone,
                    "kiosk_pin": asset.kiosk_pin, "bookings": bookings,
                }
            ).data
        )  # fmt: skip


class KioskCheckIn(KioskView):
    @extend_schema(
        request=KioskPinSerializer,
        responses={
            200: KioskCheckedInSerializer,
            403: error("pin_locked: too many wrong PINs for the booking; its booker signs in to check in"),
            404: error("not_found (no such asset), or no_booking: none with a PIN is open for check-in now"),
            409: error("already_checked_in, too_late, or invalid_transition"),
        },
    )
    def post(self, request, pk: int):
        """Check in to the asset's booking whose PIN this is (e-mailed to its booker when check-in opened). A wrong
        PIN is a 400 `wrong_pin` with `tries_left`; five wrong PINs lock a booking's PIN."""
        asset = self.asset(pk)
        payload = KioskPinSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reservation = kiosk_pins.kiosk_check_in(asset=asset, pin=payload.validated_data["pin"].strip())
        return Response(KioskCheckedInSerializer(reservation).data)
