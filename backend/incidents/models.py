from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assets.models import Asset, Blackout


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")


class IncidentStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("incident", "Open")
    RESOLVED = "resolved", pgettext_lazy("incident", "Resolved")


class Incident(models.Model):
    """A problem someone reported on an asset. An `out_of_service` one holds a blackout from the report until the
    manager's expected end (extended or shortened by the manager, ended at resolution): see incidents.services."""

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("asset"))
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    description = models.TextField(_("description"), max_length=4000)
    status = models.CharField(_("status"), max_length=16, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reported_incidents"
    )
    reported_at = models.DateTimeField(_("reported at"))
    expected_end = models.DateTimeField(_("expected back in service"), null=True, blank=True)
    blackout = models.OneToOneField(Blackout, null=True, blank=True, on_delete=models.SET_NULL, related_name="incident")
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="resolved_incidents"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution_notes = models.TextField(_("resolution notes"), blank=True, max_length=4000)

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [models.Index(fields=["asset", "-reported_at"], name="incident_asset_reported")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=IncidentStatus.OPEN, resolved_at__isnull=True)
                | Q(status=IncidentStatus.RESOLVED, resolved_at__isnull=False),
                name="incident_resolved_has_time",
            ),
            models.CheckConstraint(
                condition=Q(expected_end__isnull=True) | Q(expected_end__gt=F("reported_at")),
                name="incident_expected_end_after_report",
            ),
        ]

    def __str__(self):
        return f"{self.asset}: {self.get_severity_display()} ({self.get_status_display()})"
