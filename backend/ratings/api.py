"""Ratings: the booker of a completed booking rates the asset and the service; the asset's managers answer."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bookings.selectors import reservations_visible_to
from sinergia.exceptions import NotFound
from sinergia.params import IdField, parse_query
from sinergia.schema import ErrorSerializer, error

from . import selectors, services
from .serializers import (
    AnswerSerializer,
    RatingCreateSerializer,
    RatingSerializer,
    RatingUpdateSerializer,
    ToRateSerializer,
)

BAD = "A rule is broken ({code, detail}) or fields are wrong ({field: [messages]}): "


class RatingListParams(serializers.Serializer):
    asset = IdField(required=False)
    reservation = IdField(required=False)
    answered = serializers.BooleanField(required=False)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("asset", int, description="Only this asset's ratings"),
            OpenApiParameter("reservation", int, description="Only this booking's rating (at most one)"),
            OpenApiParameter("answered", bool, description="Only answered (true) or unanswered (false) ones"),
        ],
        description="The ratings the caller sees, newest first: its own, those of the assets it manages, those of "
        "the companies it is member admin of; cluster admins, all.",
    ),
    create=extend_schema(
        request=RatingCreateSerializer,
        responses={
            201: RatingSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description=BAD + "scores, comment, or rating_closed"),
            403: OpenApiResponse(ErrorSerializer, description="Not the booking's booker"),
            404: error("No such booking among those the caller sees (another company's booking answers this too)"),
            409: error("not_completed: the booking is not completed; already_rated: it has its rating"),
        },
        description="Rate a completed booking (once): the asset and the service, 1 to 5 each, and a comment. Its "
        "booker only, within 60 days of its end.",
    ),
    partial_update=extend_schema(
        request=RatingUpdateSerializer,
        responses={
            200: RatingSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description=BAD + "scores or comment"),
            403: OpenApiResponse(ErrorSerializer, description="Not the rater"),
            409: error("rating_locked: answered already, or more than 14 days after rating"),
        },
        description="Change the scores or the comment: the rater, for 14 days and until the managers answer.",
    ),
)
class RatingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    mixins.UpdateModelMixin, viewsets.GenericViewSet):  # fmt: skip
    serializer_class = RatingSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}

    def get_queryset(self):
        ratings = selectors.ratings_visible_to(self.request.user)
        if self.action == "list":
            params = parse_query(RatingListParams, self.request.query_params)
            if "asset" in params:
                ratings = ratings.filter(reservation__asset_id=params["asset"])
            if "reservation" in params:
                ratings = ratings.filter(reservation_id=params["reservation"])
            if "answered" in params:
                ratings = ratings.filter(answered_at__isnull=not params["answered"])
        return ratings.order_by("-rated_at", "-id")

    def _render(self, rating, code=status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(id=rating.id)).data, status=code)

    def create(self, request, *args, **kwargs):
        payload = RatingCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        reservation = reservations_visible_to(request.user).filter(id=data.pop("reservation")).first()
        if reservation is None:  # another company's booking does not exist for the caller
            raise NotFound(code="not_found", field="reservation")
        rating = services.rating_create(reservation=reservation, by=request.user, **data)
        return self._render(rating, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        rating = self.get_object()
        payload = RatingUpdateSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        services.rating_update(rating=rating, by=request.user, **payload.validated_data)
        return self._render(rating)

    @extend_schema(
        request=AnswerSerializer,
        responses={
            200: RatingSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description=BAD + "answer"),
            403: OpenApiResponse(ErrorSerializer, description="Not a manager of the rated asset"),
            409: error("already_answered: a rating has one answer"),
        },
        description="The asset's managers answer a rating, once; the rater reads the answer.",
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        rating = self.get_object()
        payload = AnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.rating_answer(rating=rating, by=request.user, answer=payload.validated_data["answer"])
        return self._render(rating)

    @extend_schema(
        responses={200: ToRateSerializer(many=True)},
        description="The caller's completed bookings still to rate (ended within 60 days), newest first.",
    )
    @action(detail=False, methods=["get"], url_path="to-rate", pagination_class=None)
    def to_rate(self, request):
        return Response(ToRateSerializer(selectors.reservations_to_rate(request.user), many=True).data)
