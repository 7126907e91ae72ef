"""Kiosk PINs: check in at an asset's kiosk without signing in there.

When the check-in window of an approved booking opens on an asset with `kiosk_pin` set, the beat makes a six-digit
PIN for it and e-mails it to the booker (`kiosk_pins_send_due`, once even with two beats: one PIN row per booking).
Only an HMAC of the PIN, keyed by SECRET_KEY and the booking, is stored. At the kiosk a PIN checks in to the
asset's booking whose window is open; every wrong PIN counts against each booking it could have been for, and
MAX_FAILURES of them lock that booking's PIN (the booker then signs in to check in): 5 tries at 10^6 PINs.
"""

import secrets
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from rest_framework import status

from assets.models import Asset
from sinergia.exceptions import DomainError, NotFound, RuleViolation

from .models import KioskPin, Reservation, Status
from .services import check_in_locked, checkin_window, lock_asset

PIN_DIGITS = 6
MAX_FAILURES = 5
LONGEST_WINDOW = timedelta(minutes=24 * 60)  # checkin_opens_minutes is at most a day


class PinLocked(DomainError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "pin_locked"


def new_pin() -> str:
    return f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"


def hash_pin(reservation_id: int, pin: str) -> str:
    return salted_hmac("sinergia.kiosk-pin", f"{reservation_id}:{pin}", algorithm="sha256").hexdigest()


def kiosk_pins_due(now: datetime) -> list[Reservation]:
    """Approved bookings on assets with kiosk PINs whose check-in window is open and that have no PIN yet."""
    rows = Reservation.objects.filter(
        status=Status.APPROVED,
        asset__kiosk_pin=True,
        checked_in_at__isnull=True,
        kiosk_pin__isnull=True,
        start__lte=now + LONGEST_WINDOW,
        end__gt=now,
    ).select_related("asset", "member", "booked_by")
    return [r for r in rows if checkin_window(r)[0] <= now]


def kiosk_pin_issue(*, reservation: Reservation) -> str | None:
    """Make the booking's PIN and e-mail it to the booker after the commit (in the booker's language); None when it
    already has one (another beat made it)."""
    from notifications.services import app_link, queue_notification, reservation_context

    pin = new_pin()
    try:
        with transaction.atomic():
            KioskPin.objects.create(reservation=reservation, pin_hash=hash_pin(reservation.id, pin))
            context = {
                **reservation_context(reservation),
                "pin": pin,
                "kiosk_link": app_link(f"kiosk/assets/{reservation.asset_id}"),
            }
            queue_notification(
                kind="kiosk_pin", users=[reservation.booked_by], context=context, key=f"kiosk_pin:{reservation.id}"
            )
    except IntegrityError:
        return None
    return pin


def kiosk_pins_send_due(*, now: datetime | None = None) -> int:
    """The beat's sweep: a PIN for every booking whose window opened; how many were made."""
    now = now or timezone.now()
    return sum(kiosk_pin_issue(reservation=r) is not None for r in kiosk_pins_due(now))


def open_for_check_in(asset_id: int, now: datetime) -> list[Reservation]:
    """The asset's approved bookings whose check-in window is open at `now`, earliest first."""
    rows = Reservation.objects.filter(
        asset_id=asset_id, status=Status.APPROVED, start__lte=now + LONGEST_WINDOW, end__gt=now
    ).select_related("asset", "kiosk_pin")
    return sorted((r for r in rows if checkin_window(r)[0] <= now), key=lambda r: r.start)


def kiosk_check_in(*, asset: Asset, pin: str, now: datetime | None = None) -> Reservation:
    """Check in, at the asset's kiosk, to the booking whose PIN this is. 404 `no_booking` when no booking with a PIN
    is open for check-in; 400 `wrong_pin` (with `tries_left`); 403 `pin_locked` once its PIN took MAX_FAILURES
    wrong ones; the check-in's own 409s (`already_checked_in`, …)."""
    now = now or timezone.now()
    refusal = None
    with transaction.atomic():
        lock_asset(asset.id)  # one attempt at a time per kiosk: parallel guesses are counted, not raced
        candidates = [r for r in open_for_check_in(asset.id, now) if hasattr(r, "kiosk_pin")]
        if not candidates:
            raise NotFound(_("No booking here can be checked in to with a PIN now."), code="no_booking")
        live = [r for r in candidates if r.kiosk_pin.locked_at is None]
        match = next((r for r in live if constant_time_compare(r.kiosk_pin.pin_hash, hash_pin(r.id, pin))), None)
        if match is not None:
            reservation = Reservation.objects.select_for_update(of=("self",)).select_related("member").get(id=match.id)
            reservation.asset = match.asset
            checked = check_in_locked(reservation, by=None, now=now, via="kiosk_pin")
            KioskPin.objects.filter(id=match.kiosk_pin.id).update(used_at=now)
            return checked
        if not live:
            refusal = PinLocked(_("Too many wrong PINs: sign in to check in."))
        else:
            ids = [r.kiosk_pin.id for r in live]
            KioskPin.objects.filter(id__in=ids).update(failures=F("failures") + 1)
            KioskPin.objects.filter(id__in=ids, failures__gte=MAX_FAILURES).update(locked_at=now)
            left = MAX_FAILURES - max(r.kiosk_pin.failures + 1 for r in live)
            if left <= 0:
                refusal = PinLocked(_("Too many wrong PINs: sign in to check in."))
            else:
                message = _("That PIN is not right. Tries left: %(left)d.") % {"left": left}
                refusal = RuleViolation(message, code="wrong_pin", field="pin", tries_left=left)
    raise refusal
