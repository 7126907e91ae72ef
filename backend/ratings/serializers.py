from rest_framework import serializers

from accounts.company_serializers import PersonBriefSerializer
from accounts.permissions import can_answer_rating, can_change_rating
from sinergia.params import IdField

from . import services
from .models import Rating


def score_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=5, **kwargs)


class RatingCreateSerializer(serializers.Serializer):
    reservation = IdField(help_text="A completed booking the caller booked")
    asset_score = score_field(help_text="The asset, 1 (poor) to 5 (excellent)")
    service_score = score_field(help_text="The service (approval, help, cleanliness), 1 to 5")
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class RatingUpdateSerializer(serializers.Serializer):
    asset_score = score_field(required=False)
    service_score = score_field(required=False)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=2000)


class RatingSerializer(serializers.ModelSerializer):
    asset = serializers.IntegerField(source="reservation.asset_id", read_only=True)
    asset_name = serializers.CharField(source="reservation.asset.name", read_only=True)
    timezone = serializers.CharField(source="reservation.asset.timezone", read_only=True)
    member_name = serializers.CharField(source="reservation.member.name", read_only=True)
    title = serializers.CharField(source="reservation.title", read_only=True)
    start = serializers.DateTimeField(source="reservation.start", read_only=True)
    end = serializers.DateTimeField(source="reservation.end", read_only=True)
    rated_by = PersonBriefSerializer(read_only=True)
    answered_by = PersonBriefSerializer(read_only=True, allow_null=True)
    editable_until = serializers.SerializerMethodField(
        help_text="Until when the rater may change it (unless answered first)"
    )
    can_edit = serializers.SerializerMethodField(help_text="Whether the caller may change it now")
    can_answer = serializers.SerializerMethodField(help_text="Whether the caller may answer it now")

    class Meta:
        model = Rating
        fields = ["id", "reservation", "asset", "asset_name", "timezone", "member_name", "title", "start", "end",
                  "asset_score", "service_score", "comment", "rated_by", "rated_at", "updated_at", "editable_until",
                  "can_edit", "answer", "answered_by", "answered_at", "can_answer"]  # fmt: skip
        read_only_fields = fields

    def _user(self):
        return self.context["request"].user

    @staticmethod
    def get_editable_until(rating) -> serializers.DateTimeField():
        return serializers.DateTimeField().to_representation(services.editable_until(rating))

    def get_can_edit(self, rating) -> bool:
        user = self._user()
        return (
            rating.answered_at is None
            and can_change_rating(user, rating)
            and self.context["now"] <= services.editable_until(rating)
        )

    def get_can_answer(self, rating) -> bool:
        return rating.answered_at is None and can_answer_rating(self._user(), rating)


class ToRateSerializer(serializers.Serializer):
    """A completed booking of the caller's still to rate."""

    reservation = serializers.IntegerField(source="id")
    asset = serializers.IntegerField(source="asset_id")
    asset_name = serializers.CharField(source="asset.name")
    timezone = serializers.CharField(source="asset.timezone")
    title = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    rate_until = serializers.SerializerMethodField()

    @staticmethod
    def get_rate_until(reservation) -> serializers.DateTimeField():
        return serializers.DateTimeField().to_representation(services.rate_until(reservation))
