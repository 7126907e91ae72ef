from rest_framework import serializers

from accounts.permissions import manages_asset, sees_incident_reporter
from assets.models import Asset
from sinergia.fields import AwareDateTimeField
from sinergia.params import IdRelatedField

from . import services
from .models import Incident, IncidentStatus, Severity


class IncidentCreateSerializer(serializers.Serializer):
    asset = IdRelatedField(queryset=Asset.objects.all())
    severity = serializers.ChoiceField(choices=Severity.choices)
    description = serializers.CharField(max_length=4000)
    expected_end = AwareDateTimeField(required=False, allow_null=True, help_text="Out of service only; managers.")


class ExpectedEndSerializer(serializers.Serializer):
    expected_end = AwareDateTimeField()


class ResolveSerializer(serializers.Serializer):
    notes = serializers.CharField(max_length=4000)


class IncidentPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="get_full_name")


class StrandedBookingSerializer(serializers.Serializer):
    """A booking the asset's breakdown strands, as its managers see it."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    member = serializers.CharField(source="member.name")
    status = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class IncidentSerializer(serializers.ModelSerializer):
    asset_name = serializers.CharField(source="asset.name", read_only=True)
    timezone = serializers.CharField(source="asset.timezone", read_only=True)
    reported_by = serializers.SerializerMethodField()
    resolved_by = serializers.SerializerMethodField()
    down_until = serializers.SerializerMethodField(
        help_text="When the asset's out-of-service blackout ends; null "
        "when it has none (or the incident was resolved before it began)."
    )
    stranded = serializers.SerializerMethodField(
        help_text="The asset's managers only (else null): the blocking bookings its blackout still overlaps."
    )
    status = serializers.ChoiceField(choices=IncidentStatus.choices, read_only=True)

    class Meta:
        model = Incident
        fields = ["id", "asset", "asset_name", "timezone", "severity", "description", "status", "reported_by",
                  "reported_at", "expected_end", "down_until", "resolved_by", "resolved_at", "resolution_notes",
                  "stranded"]  # fmt: skip
        read_only_fields = fields

    def _user(self):
        return self.context["request"].user

    def _person(self, user) -> dict | None:
        return IncidentPersonSerializer(user).data if user else None

    def get_reported_by(self, incident) -> IncidentPersonSerializer(allow_null=True):
        """Null unless the caller reported it, manages the asset, or reads everything."""
        return self._person(incident.reported_by) if sees_incident_reporter(self._user(), incident) else None

    def get_resolved_by(self, incident) -> IncidentPersonSerializer(allow_null=True):
        return self._person(incident.resolved_by) if sees_incident_reporter(self._user(), incident) else None

    def get_down_until(self, incident) -> serializers.DateTimeField(allow_null=True):
        return serializers.DateTimeField().to_representation(incident.blackout.end) if incident.blackout else None

    def get_stranded(self, incident) -> StrandedBookingSerializer(many=True, allow_null=True):
        if not manages_asset(self._user(), incident.asset):
            return None
        if incident.status != IncidentStatus.OPEN:
            return []
        return StrandedBookingSerializer(services.stranded_bookings(incident), many=True).data
