"""The waitlist: a member waits for a taken period, is offered it when it is freed, and books it."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sinergia.params import IdField, parse_query
from sinergia.schema import ErrorSerializer

from . import selectors, services
from .models import EntryState
from .serializers import WaitlistAcceptSerializer, WaitlistEntrySerializer, WaitlistJoinSerializer

BAD = "A rule is broken ({code, detail}) or fields are wrong ({field: [messages]}): "
NOT_YOURS = OpenApiResponse(ErrorSerializer, description="Not whoever joined, nor an admin of its company")


class WaitlistListParams(serializers.Serializer):
    asset = IdField(required=False)
    state = serializers.ChoiceField(choices=EntryState.choices, required=False)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("asset", int, description="Only this asset's entries"),
            OpenApiParameter("state", str, enum=EntryState.values, description="Only entries in this state"),
        ],
        description="The waitlist entries the caller sees, in the order they joined: its companies' and, for "
        "managers, those on their assets.",
    ),
    create=extend_schema(
        request=WaitlistJoinSerializer,
        responses={
            201: WaitlistEntrySerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=BAD + "`slot_free` (book it instead), a booking rule of the asset (`in_the_past`, "
                "`not_qualified`, …), `not_a_booker`",
            ),
            409: OpenApiResponse(ErrorSerializer, description="`already_waiting`: the company already waits for it"),
        },
        description="Join the waitlist for a taken period. When the period is free again the entries are offered "
        "in the order they joined, by e-mail, each held for its member for the asset's `waitlist_hold_minutes`.",
    ),
)
class WaitlistViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      viewsets.GenericViewSet):  # fmt: skip
    serializer_class = WaitlistEntrySerializer

    def get_queryset(self):
        entries = selectors.entries_visible_to(self.request.user)
        if self.action == "list":
            params = parse_query(WaitlistListParams, self.request.query_params)
            if "asset" in params:
                entries = entries.filter(asset_id=params["asset"])
            if "state" in params:
                entries = entries.filter(state=params["state"])
        return entries.order_by("joined_at", "id")

    def _render(self, entry, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(id=entry.id)).data, status=code)

    def create(self, request, *args, **kwargs):
        payload = WaitlistJoinSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        entry = services.waitlist_join(by=request.user, **payload.validated_data)
        return self._render(entry, status.HTTP_201_CREATED)

    @extend_schema(
        request=WaitlistAcceptSerializer,
        responses={
            200: WaitlistEntrySerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description=BAD + "a booking rule, quota or qualification"),
            403: NOT_YOURS,
            409: OpenApiResponse(
                ErrorSerializer,
                description="`hold_lapsed` (the offer passed on), `invalid_transition` (not offered), or the "
                "booking's own `conflict`",
            ),
        },
        description="Book the offered period as a normal booking (every rule, quota, qualification and price "
        "checked); the entry becomes `booked` with its `reservation`.",
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        entry = self.get_object()
        payload = WaitlistAcceptSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._render(services.waitlist_accept(entry=entry, by=request.user, **payload.validated_data))

    @extend_schema(
        request=None,
        responses={
            200: WaitlistEntrySerializer,
            403: NOT_YOURS,
            409: OpenApiResponse(ErrorSerializer, description="`invalid_transition`: no longer waiting or offered"),
        },
        description="Leave the waitlist; an offered period passes to the next entry at once.",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._render(services.waitlist_withdraw(entry=self.get_object(), by=request.user))
