from django.utils.translation import gettext as _
from rest_framework import serializers

from sinergia.params import IdField

from .models import Change


class ChangeAuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.username


class ChangeSerializer(serializers.ModelSerializer):
    by = ChangeAuthorSerializer(allow_null=True, read_only=True)
    before = serializers.DictField(read_only=True)
    after = serializers.DictField(read_only=True)

    class Meta:
        model = Change
        fields = [
            "id", "at", "by", "action", "target_type", "target_id", "target_label", "asset", "member", "before",
            "after",
        ]  # fmt: skip
        read_only_fields = fields


class ChangeListParams(serializers.Serializer):
    asset = IdField(required=False)
    member = IdField(required=False)
    by = IdField(required=False)
    target = IdField(required=False)
    target_type = serializers.CharField(required=False, max_length=64)
    action = serializers.CharField(required=False, max_length=64)
    # "from" is a Python keyword: the field is added below under its query-string name.

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False)
        fields["to"] = serializers.DateField(required=False)
        return fields

    def validate(self, attrs):
        if "from" in attrs and "to" in attrs and attrs["to"] < attrs["from"]:
            raise serializers.ValidationError({"to": _("The end date is before the start date.")})
        return attrs
