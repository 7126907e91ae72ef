from django.utils.translation import gettext as _
from rest_framework import serializers

from accounts.models import User
from insights.models import AssetStandaloneRate
from sinergia.params import MAX_INT64, IdRelatedField

from .models import CURRENCY_EXPONENTS


class ManagerUserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name"]
        read_only_fields = fields


class ManagersSerializer(serializers.Serializer):
    managers = IdRelatedField(queryset=User.objects.filter(is_active=True), many=True)

    def validate_managers(self, users):
        if len({user.id for user in users}) != len(users):
            raise serializers.ValidationError(_("A manager is named twice."))
        return users


class StandaloneRateWriteSerializer(serializers.Serializer):
    hourly_rate_minor = serializers.IntegerField(min_value=0, max_value=MAX_INT64, allow_null=True)
    currency = serializers.ChoiceField(choices=sorted(CURRENCY_EXPONENTS), default="EUR")


def standalone_rate_payload(asset) -> dict:
    rate = AssetStandaloneRate.objects.filter(asset=asset).first()
    if rate is None:
        return {"hourly_rate_minor": None, "currency": "EUR"}
    return {"hourly_rate_minor": rate.hourly_rate_minor, "currency": rate.currency}
