"""Reads of incidents: who sees which (accounts.permissions.incident_seen_condition)."""

from django.db.models import QuerySet

from accounts.permissions import incident_seen_condition

from .models import Incident


def incidents_visible_to(user) -> QuerySet:
    queryset = Incident.objects.select_related("asset", "reported_by", "resolved_by", "blackout")
    condition = incident_seen_condition(user)
    return queryset if condition is None else queryset.filter(condition)
