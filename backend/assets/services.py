"""Creating and changing assets and their rules, one transaction each (who may: `accounts.permissions`).

An asset's managers run it day to day (names, durations, buffers, notice, cancellation terms, opening hours, prices).
What decides who manages it and which members' rules apply to it — its group (and so the group's managers, quotas and
alternatives), whether it is active, whether it needs approval and who skips it — is decided like its creation: by
a cluster admin or a manager of its group, and moving it from one group to another by a manager of both.

A change that affects future bookings (outside the new hours or durations, or overlapping under the new buffers,
see `impact`) is saved only with the manager's decision for each of them; the blocked periods of the future
bookings follow the new buffers in the same transaction.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_cluster_admin, manages_asset, manages_group
from audit import services as audit
from sinergia.exceptions import Conflict, Forbidden, RuleViolation

from . import impact
from .models import Asset, OpeningHours, OperatorMode, PeakWindow, PriceRule
from .pricing import money

GOVERNING_FIELDS = ("group", "is_active", "requires_approval", "auto_approved_members")
MANY_TO_MANY = ("auto_approved_members", "required_qualifications", "operates", "holds")
RULE_FIELDS = (
    "name", "kind", "description", "location", "timezone", "group", "is_active", "min_duration", "max_duration",
    "slot_minutes", "setup_buffer", "cleanup_buffer", "min_notice", "max_horizon", "requires_approval",
    "auto_approved_members", "approval_deadline", "free_cancellation", "late_cancellation_fee_percent",
    "required_qualifications",
    "checkin_opens_minutes", "release_after_minutes", "no_show_fee_percent", "billing_basis", "kiosk_pin",
    "waitlist_hold_minutes", "capacity", "resource_type", "operator", "operates", "holds",
)  # fmt: skip
CANCELLED_ACTION = "cancelled_for_rule_change"


def _current(asset: Asset, field: str):
    if field in MANY_TO_MANY:
        return set(getattr(asset, field).all())
    return getattr(asset, field)


def _changed(asset: Asset, changes: dict) -> set[str]:
    return {
        field
        for field, value in changes.items()
        if (set(value) if field in MANY_TO_MANY else value) != _current(asset, field)
    }


def _apply(asset: Asset, changes: dict) -> None:
    for field, value in changes.items():
        if field not in MANY_TO_MANY:
            setattr(asset, field, value)
    asset.save()
    for field in MANY_TO_MANY:
        if field in changes:
            getattr(asset, field).set(changes[field])


def _span(begins, finishes) -> str:
    return f"{begins:%H:%M}–{finishes:%H:%M}"


def rules_snapshot(asset: Asset) -> dict:
    """Everything the Manage page edits, as plain values for the asset's history: its fields, the opening hours
    (`hours.<weekday>`) and peak windows (`peak.<weekday>`) per weekday, and one price rule per tier."""
    values = audit.snapshot(asset, RULE_FIELDS)
    for prefix, rows in (
        ("hours", [(h.weekday, h.opens, h.closes) for h in asset.opening_hours.order_by("weekday", "opens")]),
        ("peak", [(p.weekday, p.starts, p.ends) for p in asset.peak_windows.order_by("weekday", "starts")]),
    ):
        days: dict[int, list[str]] = {}
        for weekday, begins, finishes in rows:
            days.setdefault(weekday, []).append(_span(begins, finishes))
        values.update({f"{prefix}.{day}": ", ".join(days.get(day, [])) for day in range(7)})
    for rule in asset.price_rules.order_by("tier"):
        peak = rule.peak_hourly_rate_minor
        values[f"price.{rule.tier}"] = {
            "hourly_rate": money(rule.hourly_rate_minor, rule.currency)["amount"],
            "peak_hourly_rate": money(peak, rule.currency)["amount"] if peak is not None else None,
            "fixed_fee": money(rule.fixed_fee_minor, rule.currency)["amount"],
            "vat_rate": str(rule.vat_rate),
            "currency": rule.currency,
        }
    return values


# The lists a create or an update replaces as a whole (each row of them belongs to the asset).
RULE_LIST_MODELS = {"opening_hours": OpeningHours, "peak_windows": PeakWindow, "price_rules": PriceRule}


def asset_create(*, by: User, data: dict) -> Asset:
    """Add an asset to a group the user manages (a cluster admin: to any group or none); its creator manages it."""
    if not manages_group(by, data.get("group")):
        raise Forbidden(_("Only cluster admins and the group's managers can add assets."))
    fields = {name: value for name, value in data.items() if name not in RULE_LIST_MODELS and name != "decisions"}
    with transaction.atomic():
        asset = Asset()
        _apply(asset, fields)
        for name, model in RULE_LIST_MODELS.items():
            if data.get(name) is not None:
                _replace(asset, model, data[name])
        if not is_cluster_admin(by):
            asset.managers.add(by)
        audit.record(by=by, action="asset.create", target=asset, after=rules_snapshot(asset), asset=asset)
        return asset


def _check_may_change(asset: Asset, by: User, changes: dict) -> None:
    """The governing-field rules: everyday fields by its managers, the rest by a manager of its group (of both for
    a move) or a cluster admin."""
    if not manages_asset(by, asset):
        raise Forbidden(_("Only the asset's managers can change it."))
    governing = _changed(asset, changes) & set(GOVERNING_FIELDS)
    if governing and not manages_group(by, asset.group):
        raise Forbidden(
            _("Only cluster admins and the managers of its group can change who manages an asset or its rules.")
        )
    if "group" in governing and not manages_group(by, changes["group"]):
        raise Forbidden(_("You can move an asset only into a group you manage."))


def _new_rules(asset: Asset, changes: dict, opening_hours: list[dict] | None) -> impact.Rules:
    """The rules after the change, with None for what does not change (so it affects nothing)."""

    def changed(field):
        value = changes.get(field, getattr(asset, field))
        return value if value != getattr(asset, field) else None

    hours = None
    if opening_hours is not None:
        hours = [(item["weekday"], item["opens"], item["closes"]) for item in opening_hours]
    elif changed("timezone") is not None:
        hours = [(h.weekday, h.opens, h.closes) for h in asset.opening_hours.all()]  # read in the new zone
    setup = changes.get("setup_buffer", asset.setup_buffer)
    cleanup = changes.get("cleanup_buffer", asset.cleanup_buffer)
    return impact.Rules(
        setup_buffer=setup,
        cleanup_buffer=cleanup,
        min_duration=changed("min_duration"),
        max_duration=changed("max_duration"),
        hours=hours,
        tz=ZoneInfo(changes.get("timezone", asset.timezone)),
        buffers_changed=(setup, cleanup) != (asset.setup_buffer, asset.cleanup_buffer),
    )


def _locked_asset(asset: Asset) -> Asset:
    from bookings.services import lock_asset

    return lock_asset(asset.id)


def affected_payload(items: list[impact.Affected]) -> list[dict]:
    """The affected bookings as the API answers them (the manager of the asset sees its bookings in full)."""
    return [
        {
            "reservation": item.reservation.id,
            "title": item.reservation.title,
            "member": item.reservation.member.name,
            "status": item.reservation.status,
            "start": item.reservation.start.isoformat(),
            "end": item.reservation.end.isoformat(),
            "reasons": item.reasons,
            "can_keep": impact.BUFFERS_OVERLAP not in item.codes,
        }
        for item in sorted(items, key=lambda item: (item.reservation.start, item.reservation.id))
    ]


def _plan(asset: Asset, changes: dict, opening_hours, now, cancelled=frozenset()) -> list[impact.Affected]:
    return impact.plan(asset, _new_rules(asset, changes, opening_hours), now=now, cancelled=cancelled)


def rules_notices(asset: Asset, changes: dict) -> list[dict]:
    """What a change does that needs no decision: new required qualifications apply to bookings made from now on,
    and the bookings already made are kept."""
    if "required_qualifications" not in changes:
        return []
    added = set(changes["required_qualifications"]) - set(asset.required_qualifications.all())
    if not added:
        return []
    names = ", ".join(sorted(q.name for q in added))
    return [
        {
            "code": "qualifications_not_retroactive",
            "detail": _("Booking will require %(names)s from now on. Bookings already made are kept, whoever made "
                        "them.") % {"names": names},
        }
    ]  # fmt: skip


def asset_rules_preview(
    *, asset: Asset, by: User, changes: dict, opening_hours: list[dict] | None = None, now: datetime | None = None
) -> dict:
    """The future blocking bookings a change would affect, with the reasons, and notices of what it does that needs
    no decision (`affected`, `notices`); nothing is saved."""
    now = now or timezone.now()
    asset = Asset.objects.select_related("group").prefetch_related("opening_hours").get(id=asset.id)  # no lock: a read
    _check_may_change(asset, by, changes)
    return {
        "affected": affected_payload(_plan(asset, changes, opening_hours, now)),
        "notices": rules_notices(asset, changes),
    }


def _decided(items: list[impact.Affected], decisions: list[dict]) -> dict[int, str]:
    affected_ids = {item.reservation.id for item in items}
    decided = {}
    for index, decision in enumerate(decisions):
        reservation_id = decision["reservation"]
        if reservation_id not in affected_ids:
            raise RuleViolation(
                _("Booking %(id)s is not affected by this change.") % {"id": reservation_id},
                code="decision_not_needed",
                field="decisions",
                index=index,
            )
        decided[reservation_id] = decision["action"]
    return decided


def _cancel(reservation, *, by: User, reasons: list[dict]) -> None:
    """Cancel a booking the new rules leave out, by the manager's decision: no fee (billing reads the action)."""
    from bookings.models import Reservation, Status
    from bookings.services import _check_transition, _record

    reservation = Reservation.objects.select_for_update(of=("self",)).get(id=reservation.id)
    _check_transition(reservation, Status.CANCELLED)
    from_status = reservation.status
    reservation.status = Status.CANCELLED
    reservation.save(update_fields=["status", "updated_at"])
    reason = "; ".join(item["detail"] for item in reasons)
    _record(reservation, by=by, action=CANCELLED_ACTION, from_status=from_status, reason=reason[:500])
    event_id = reservation.events.order_by("-id").values_list("id", flat=True).first()
    from .tasks import mail_rule_change_cancellation

    transaction.on_commit(lambda: mail_rule_change_cancellation.delay(event_id), robust=True)


def _recompute_blocked_periods(asset: Asset, now: datetime) -> int:
    """Future blocking bookings take the asset's (new) buffers. First every period shrinks to its booking, then
    grows to the new buffers: no intermediate state holds an overlap the final one does not."""
    from django.db.models import F

    bookings = impact.future_blocking(asset, now)
    bookings.update(blocked_start=F("start"), blocked_end=F("end"))
    return impact.future_blocking(asset, now).update(
        blocked_start=F("start") - asset.setup_buffer, blocked_end=F("end") + asset.cleanup_buffer
    )


def _replace(asset: Asset, model, rows: list[dict]) -> None:
    model.objects.filter(asset=asset).delete()
    model.objects.bulk_create(model(asset=asset, **row) for row in rows)


def _refuse_dropping_operators(asset: Asset, changes: dict, now: datetime) -> None:
    """An asset whose future bookings have technicians keeps offering an operator (409 `operators_booked`): with
    mode `none` those technicians' bookings would no longer follow their bookings (bookings/operators.py)."""
    if asset.operator == OperatorMode.NONE or changes.get("operator", asset.operator) != OperatorMode.NONE:
        return
    from bookings.models import BLOCKING, Reservation

    booked = Reservation.objects.filter(assists__asset=asset, status__in=BLOCKING, end__gt=now).select_related(
        "assists__member"
    )
    if booked:
        raise Conflict(
            _("Future bookings of this asset have a technician: cancel them, or keep offering an operator."),
            code="operators_booked",
            affected=[{"reservation": row.assists_id, "title": row.assists.title, "start": row.start,
                       "end": row.end} for row in booked],
        )  # fmt: skip


def _refit_units(asset: Asset, changes: dict, now: datetime) -> None:
    """Fewer units: the bookings on the units that go move to free lower ones, else 409 `capacity_in_use`."""
    if changes.get("capacity", asset.capacity) >= asset.capacity:
        return
    from bookings.units import refit

    stranded = refit(asset, changes["capacity"], now)
    if stranded:
        detail = _("It holds a unit the asset would no longer have, and no lower unit is free then.")
        raise Conflict(
            _("These bookings do not fit in %(count)s units: %(titles)s. Cancel or move them first.")
            % {"count": changes["capacity"], "titles": ", ".join(r.title for r in stranded)},
            code="capacity_in_use",
            affected=affected_payload(
                [impact.Affected(r, [{"code": "capacity_in_use", "detail": detail}]) for r in stranded]
            ),
        )


def asset_update(
    *,
    asset: Asset,
    by: User,
    changes: dict,
    opening_hours: list[dict] | None = None,
    peak_windows: list[dict] | None = None,
    price_rules: list[dict] | None = None,
    decisions: list[dict] | None = None,
    now: datetime | None = None,
) -> Asset:
    """Change an asset's rules: fields, and when given, its opening hours, peak windows and price rules (each list
    replaces the stored one). Its managers change the everyday ones; a change to GOVERNING_FIELDS needs a manager
    of its group (of both groups for a move) or a cluster admin, like creating it there.

    The future bookings the change affects each need a decision (`{"reservation", "action": "keep"|"cancel"}`),
    else 409 `decisions_required` with the list; a booking whose new blocked period would overlap cannot be kept
    (409 `buffers_overlap`) unless what it overlaps is cancelled. Everything, and its record in the asset's
    history, in one transaction under the asset's lock."""
    now = now or timezone.now()
    decisions = decisions or []
    try:
        with transaction.atomic():
            asset = _locked_asset(asset)
            _check_may_change(asset, by, changes)
            before = rules_snapshot(asset)
            items = _plan(asset, changes, opening_hours, now)
            decided = _decided(items, decisions)
            missing = [item for item in items if item.reservation.id not in decided]
            if missing:
                raise Conflict(
                    _("This change affects %(count)s future bookings: decide for each whether to keep or cancel it.")
                    % {"count": len(items)},
                    code="decisions_required",
                    affected=affected_payload(items),
                )
            cancelled = {rid for rid, action in decided.items() if action == "cancel"}
            still = [
                item for item in _plan(asset, changes, opening_hours, now, cancelled)
                if item.reservation.id not in cancelled and impact.BUFFERS_OVERLAP in item.codes
            ]  # fmt: skip
            if still:
                raise Conflict(
                    _("Under the new buffers these bookings would overlap: cancel them or what they overlap, or keep "
                      "the buffers."),
                    code="buffers_overlap",
                    affected=affected_payload(still),
                )  # fmt: skip
            for item in items:
                action = decided[item.reservation.id]
                if action == "cancel":
                    _cancel(item.reservation, by=by, reasons=item.reasons)
                audit.record(
                    by=by,
                    action=f"asset.booking_{'cancelled' if action == 'cancel' else 'kept'}",
                    target=item.reservation,
                    after={"decision": action, "reasons": sorted(item.codes), "member": item.reservation.member.name,
                           "start": item.reservation.start, "end": item.reservation.end},
                    asset=asset,
                    label=item.reservation.title,
                )  # fmt: skip
            _refit_units(asset, changes, now)
            _refuse_dropping_operators(asset, changes, now)
            buffers = (asset.setup_buffer, asset.cleanup_buffer)
            _apply(asset, changes)
            if opening_hours is not None:
                _replace(asset, OpeningHours, opening_hours)
            if peak_windows is not None:
                _replace(asset, PeakWindow, peak_windows)
            if price_rules is not None:
                _replace(asset, PriceRule, price_rules)
            if (asset.setup_buffer, asset.cleanup_buffer) != buffers:
                _recompute_blocked_periods(asset, now)
            audit.record(by=by, action="asset.update", target=asset, before=before, after=rules_snapshot(asset),
                         asset=asset)  # fmt: skip
        asset.refresh_from_db()  # and forget the rules the lock prefetched
        return asset
    except IntegrityError as error:
        from bookings.services import is_exclusion_violation

        if not is_exclusion_violation(error):
            raise
        raise Conflict(
            _("Under the new buffers some bookings would overlap; nothing was saved."), code="buffers_overlap"
        ) from error


def opening_hours_set(*, asset: Asset, by: User, hours: list[dict], decisions: list[dict] | None = None):
    """Replace the asset's weekly opening hours (`hours`: weekday, opens, closes) by its managers, with the same
    impact check as any rule change."""
    if not manages_asset(by, asset):
        raise Forbidden(_("Only the asset's managers can change its opening hours."))
    asset = asset_update(asset=asset, by=by, changes={}, opening_hours=hours, decisions=decisions)
    return list(asset.opening_hours.all())
