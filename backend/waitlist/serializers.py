from django.utils.translation import gettext as _
from rest_framework import serializers

from accounts.models import Member
from accounts.selectors import sole_member
from assets.models import Asset
from sinergia.fields import AwareDateTimeField
from sinergia.params import IdRelatedField

from .models import EntryState, WaitlistEntry


class WaitlistJoinSerializer(serializers.Serializer):
    asset = IdRelatedField(queryset=Asset.objects.all())
    member = IdRelatedField(queryset=Member.objects.all(), required=False, help_text="Default: the caller's only one")
    start = AwareDateTimeField()
    end = AwareDateTimeField()
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                  help_text="The booking's title when the offer is accepted")  # fmt: skip

    def validate(self, attrs):
        if attrs["end"] <= attrs["start"]:
            raise serializers.ValidationError({"end": _("The end must be after the start.")})
        if "member" not in attrs:
            attrs["member"] = sole_member(self.context["request"].user)
            if attrs["member"] is None:
                raise serializers.ValidationError({"member": _("Say which member company is waiting.")})
        return attrs


class WaitlistAcceptSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                  help_text="The booking's title; default: the one given on joining")  # fmt: skip


class WaitlistEntrySerializer(serializers.ModelSerializer):
    asset_name = serializers.CharField(source="asset.name", read_only=True)
    timezone = serializers.CharField(source="asset.timezone", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    state = serializers.ChoiceField(choices=EntryState.choices, read_only=True)
    hold_until = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="While offered: until when the period is held for the member."
    )

    class Meta:
        model = WaitlistEntry
        fields = ["id", "asset", "asset_name", "timezone", "member", "member_name", "start", "end", "title", "state",
                  "joined_at", "offered_at", "hold_until", "reservation"]  # fmt: skip
        read_only_fields = fields
