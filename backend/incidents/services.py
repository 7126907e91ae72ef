"""Reporting and resolving incidents: one function per operation, one transaction each.

An `out_of_service` report closes the asset at once with a blackout of kind `out_of_service` (the closures'
table, so availability, alternatives, the calendar and utilisation read it as any closure) from the report until
the expected end: the manager's, or `DEFAULT_OUT_OF_SERVICE` when a member reports it. Unlike a planned closure it
does not wait for a decision on each booking it overlaps: those are stranded, listed for the manager, and their
holders are told at once with the alternatives a 409 would offer. Resolution ends the blackout at that moment.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_report_incident, can_resolve_incident, manages_asset
from assets.models import Asset, Blackout
from audit import services as audit
from bookings import services as booking_services
from notifications import services as notify
from sinergia.exceptions import Forbidden, InvalidTransition, RuleViolation

from .models import Incident, IncidentStatus, Severity

DEFAULT_OUT_OF_SERVICE = timedelta(hours=24)  # until a manager says when the asset is expected back
INCIDENT_FIELDS = ("asset", "severity", "status", "expected_end", "resolution_notes")


def _reason(incident: Incident) -> str:
    return _("Out of service (incident %(id)s)") % {"id": incident.id}


def _check_expected_end(expected_end: datetime, now: datetime) -> None:
    if expected_end <= now:
        raise RuleViolation(
            _("The expected end must be in the future."), code="expected_end_past", field="expected_end"
        )


def stranded_bookings(incident: Incident) -> list:
    """The blocking bookings the incident's blackout overlaps now (buffers included): those still to be moved."""
    blackout = incident.blackout
    if blackout is None:
        return []
    return booking_services.overlapped_bookings(incident.asset, blackout.start, blackout.end)


def _audit(by: User, action: str, incident: Incident, before=None) -> None:
    audit.record(by=by, action=action, target=incident, before=before,
                 after=audit.snapshot(incident, INCIDENT_FIELDS), asset=incident.asset_id,
                 label=f"{incident.asset.name}: {incident.get_severity_display()}")  # fmt: skip


def incident_report(
    *,
    asset: Asset,
    by: User,
    severity: str,
    description: str,
    expected_end: datetime | None = None,
    now: datetime | None = None,
) -> Incident:
    """Report a problem. Out of service: the asset is closed from now until `expected_end` (managers only give
    one; a member's report closes it for DEFAULT_OUT_OF_SERVICE) and the holders of the bookings it strands are
    told, each with alternatives."""
    now = now or timezone.now()
    if not can_report_incident(by, asset):
        raise Forbidden(_("Only someone who can book this asset can report a problem with it."))
    if not description.strip():
        raise RuleViolation(_("Describe the problem."), code="description_required", field="description")
    if expected_end is not None:
        if severity != Severity.OUT_OF_SERVICE:
            raise RuleViolation(
                _("Only an out-of-service report has an expected end."), code="expected_end_unexpected",
                field="expected_end",
            )  # fmt: skip
        if not manages_asset(by, asset):
            raise Forbidden(_("Only the asset's managers say when it is expected back in service."))
        _check_expected_end(expected_end, now)
    with transaction.atomic():
        asset = booking_services.lock_asset(asset.id)
        incident = Incident(asset=asset, severity=severity, description=description.strip(), reported_by=by,
                            reported_at=now)  # fmt: skip
        if severity == Severity.OUT_OF_SERVICE:
            incident.expected_end = expected_end or now + DEFAULT_OUT_OF_SERVICE
        incident.save()
        _audit(by, "incident.report", incident)
        if severity == Severity.OUT_OF_SERVICE:
            incident.blackout = Blackout.objects.create(asset=asset, kind=Blackout.Kind.OUT_OF_SERVICE, start=now,
                                                        end=incident.expected_end, reason=_reason(incident),
                                                        created_by=by)  # fmt: skip
            incident.save(update_fields=["blackout"])
            booking_services.tell_stranded(reservations=stranded_bookings(incident), asset=asset, by=by,
                                           reason=_reason(incident), incident_id=incident.id, now=now)  # fmt: skip
        notify.incident_reported(incident=incident)
        return incident


def _locked(incident: Incident) -> Incident:
    booking_services.lock_asset(incident.asset_id)
    return Incident.objects.select_for_update(of=("self",)).select_related("asset", "blackout").get(id=incident.id)


def _check_manages(by: User, incident: Incident) -> None:
    if not can_resolve_incident(by, incident):
        raise Forbidden(_("Only the asset's managers can do this."))


def _check_open(incident: Incident) -> None:
    if incident.status != IncidentStatus.OPEN:
        raise InvalidTransition(_("This incident is already resolved."), status=incident.status)


def incident_set_expected_end(
    *, incident: Incident, by: User, expected_end: datetime, now: datetime | None = None
) -> Incident:
    """Say when an out-of-service asset is expected back: its blackout ends then. Bookings a longer blackout
    strands for the first time are told, like the first ones."""
    now = now or timezone.now()
    _check_manages(by, incident)
    _check_expected_end(expected_end, now)
    with transaction.atomic():
        incident = _locked(incident)
        _check_open(incident)
        if incident.severity != Severity.OUT_OF_SERVICE or incident.blackout is None:
            raise RuleViolation(
                _("Only an out-of-service incident has an expected end."), code="not_out_of_service",
                field="expected_end",
            )  # fmt: skip
        before = audit.snapshot(incident, INCIDENT_FIELDS)
        told = {reservation.id for reservation in stranded_bookings(incident)}
        incident.expected_end = expected_end
        incident.blackout.end = expected_end
        incident.blackout.save(update_fields=["end"])
        incident.save(update_fields=["expected_end"])
        _audit(by, "incident.expected_end", incident, before=before)
        newly = [reservation for reservation in stranded_bookings(incident) if reservation.id not in told]
        booking_services.tell_stranded(reservations=newly, asset=incident.asset, by=by, reason=_reason(incident),
                                       incident_id=incident.id, now=now)  # fmt: skip
        return incident


def incident_resolve(*, incident: Incident, by: User, notes: str, now: datetime | None = None) -> Incident:
    """Close an incident with the manager's notes. An out-of-service asset is back now: its blackout ends at
    this moment (kept as downtime in the asset's history and utilisation)."""
    now = now or timezone.now()
    _check_manages(by, incident)
    if not notes.strip():
        raise RuleViolation(_("Say what was done."), code="notes_required", field="notes")
    with transaction.atomic():
        incident = _locked(incident)
        _check_open(incident)
        before = audit.snapshot(incident, INCIDENT_FIELDS)
        blackout = incident.blackout
        if blackout is not None and blackout.end > now:
            if blackout.start < now:
                blackout.end = now
                blackout.save(update_fields=["end"])
            else:  # resolved before it began: nothing was down
                incident.blackout = None
                blackout.delete()
        incident.status = IncidentStatus.RESOLVED
        incident.resolved_by, incident.resolved_at, incident.resolution_notes = by, now, notes.strip()
        incident.save()
        _audit(by, "incident.resolve", incident, before=before)
        return incident
