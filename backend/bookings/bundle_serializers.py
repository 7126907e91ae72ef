from django.utils.translation import gettext as _
from rest_framework import serializers

from accounts.models import CostCentre, Member
from accounts.serializers import MemberBriefSerializer
from assets.models import Asset
from billing.serializers import SharesInputSerializer
from sinergia.fields import AwareDateTimeField, MoneySerializer
from sinergia.params import IdRelatedField

from .serializers import AlternativeSerializer, ConflictItemSerializer, ReservationCreateSerializer


class BundlePartInputSerializer(serializers.Serializer):
    asset = IdRelatedField(queryset=Asset.objects.all())
    start = AwareDateTimeField()
    end = AwareDateTimeField()
    operator = serializers.BooleanField(
        required=False, default=False, help_text="Book a technician too, where the asset offers one"
    )


class BundleCreateSerializer(serializers.Serializer):
    member = IdRelatedField(queryset=Member.objects.all(), required=False)
    title = serializers.CharField(max_length=200)
    notes = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    cost_centre = IdRelatedField(queryset=CostCentre.objects.all(), required=False, allow_null=True)
    parts = BundlePartInputSerializer(many=True, help_text="2 to 10 assets with their periods (same or chained)")
    payers = SharesInputSerializer(
        required=False, help_text="Split every part's cost by these weights (co-payers are asked to accept)"
    )

    # Without `member`, the caller's only company, as for a single booking.
    validate = ReservationCreateSerializer.validate


class BundleMoveSerializer(serializers.Serializer):
    shift_minutes = serializers.IntegerField(required=False, min_value=-525600, max_value=525600)
    start = AwareDateTimeField(required=False, help_text="The new start of the bundle's earliest part")

    def validate(self, attrs):
        if ("shift_minutes" in attrs) == ("start" in attrs):
            raise serializers.ValidationError(_("Give either shift_minutes or start."))
        return attrs


class BundleSharesDecisionSerializer(serializers.Serializer):
    member = IdRelatedField(
        queryset=Member.objects.all(), required=False, help_text="The payer, when you are admin of several"
    )


class BundlePartSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    asset = serializers.IntegerField()
    asset_name = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    status = serializers.CharField()
    awaiting_approval = serializers.BooleanField(help_text="Pending and not yet approved by its asset's manager")
    mine = serializers.BooleanField(help_text="The caller sees this part in full (/reservations/{id}/)")


class BundlePayerSerializer(serializers.Serializer):
    member = MemberBriefSerializer()
    amount = MoneySerializer()
    state = serializers.CharField(help_text="proposed, accepted, declined, or mixed across the parts")


class BundleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    notes = serializers.CharField()
    member = MemberBriefSerializer()
    created_at = serializers.DateTimeField()
    status = serializers.CharField(help_text="pending, approved, rejected, cancelled, completed... or mixed")
    total = MoneySerializer(allow_null=True)
    parts = BundlePartSerializer(many=True)
    payers = BundlePayerSerializer(many=True)


class BundleConflictSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    part = serializers.IntegerField(help_text="Index of the part in the request (or the bundle's parts)")
    asset = serializers.IntegerField()
    conflicts = ConflictItemSerializer(many=True, required=False)
    alternatives = AlternativeSerializer(many=True, required=False)
