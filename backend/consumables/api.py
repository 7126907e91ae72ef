"""Consumables and add-ons: an asset's items (its managers define them, bookers read the active ones) and a
booking's quantities."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import manages_asset
from assets.models import Asset, PriceRule
from bookings import selectors as booking_selectors
from bookings.serializers import ReservationDetailSerializer
from sinergia.exceptions import NotFound
from sinergia.schema import ErrorSerializer, error

from . import services
from .models import Item
from .serializers import ItemSerializer, ItemUpdateSerializer, ReservationItemsSerializer

BAD = "A rule is broken ({code, detail}) or fields are wrong ({field: [messages]}): "


def price_currency(asset_id: int) -> str:
    """The currency an asset's items are priced in: its full members' price rule's, else any of its rules'."""
    rules = dict(PriceRule.objects.filter(asset_id=asset_id).values_list("tier", "currency"))
    return rules.get("full") or next(iter(sorted(rules.values())), "EUR")


class AssetItemsView(APIView):
    @extend_schema(
        responses={200: ItemSerializer(many=True)},
        description="The asset's items: the active ones, and for its managers the inactive ones too.",
    )
    def get(self, request, pk: int):
        asset = get_object_or_404(Asset, pk=pk)
        items = Item.objects.filter(asset=asset).order_by("name", "id")
        if not manages_asset(request.user, asset):
            items = items.filter(active=True)
        return Response(ItemSerializer(items, many=True, context={"currency": price_currency(asset.id)}).data)

    @extend_schema(
        request=ItemSerializer,
        responses={
            201: ItemSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description=BAD + "duplicate_item"),
            403: OpenApiResponse(ErrorSerializer, description="Not a manager of the asset"),
        },
        description="Add an item (a consumable or add-on) to the asset: its managers.",
    )
    def post(self, request, pk: int):
        asset = get_object_or_404(Asset, pk=pk)
        payload = ItemSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = services.item_create(asset=asset, by=request.user, **payload.validated_data)
        data = ItemSerializer(item, context={"currency": price_currency(asset.id)}).data
        return Response(data, status=status.HTTP_201_CREATED)


class ItemViewSet(mixins.RetrieveModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin,
                  viewsets.GenericViewSet):  # fmt: skip
    serializer_class = ItemSerializer
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return Item.objects.select_related("asset")

    def get_object(self):
        item = super().get_object()
        if not item.active and not manages_asset(self.request.user, item.asset):
            raise NotFound()
        return item

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "pk" in self.kwargs:
            asset_id = Item.objects.filter(pk=self.kwargs["pk"]).values_list("asset_id", flat=True).first()
            context["currency"] = price_currency(asset_id) if asset_id else "EUR"
        return context

    @extend_schema(
        request=ItemUpdateSerializer,
        responses={
            200: ItemSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description=BAD + "duplicate_item"),
            403: OpenApiResponse(ErrorSerializer, description="Not a manager of the asset"),
        },
        description="Change an item (name, unit, unit price, stock, active). Bookings keep the price they froze.",
    )
    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        payload = ItemUpdateSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        item = services.item_update(item=item, by=request.user, **payload.validated_data)
        return Response(self.get_serializer(item).data)

    @extend_schema(
        responses={
            204: None,
            403: OpenApiResponse(ErrorSerializer, description="Not a manager of the asset"),
            409: error("item_in_use: bookings use it; deactivate it instead"),
        },
        description="Delete an item no booking has used.",
    )
    def destroy(self, request, *args, **kwargs):
        services.item_delete(item=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReservationItemsView(APIView):
    @extend_schema(
        request=ReservationItemsSerializer,
        responses={
            200: ReservationDetailSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description=BAD + "invalid_item, no_price"),
            403: OpenApiResponse(ErrorSerializer, description="Not the booker, its member admin or a manager"),
            409: error(
                "items_locked: in use or over (change estimates before the start, confirm after check-out or "
                "completion); billed: on a statement; out_of_stock: more than is left"
            ),
        },
        description="Set quantities of the booking's items (the others stay): estimates before the start, the "
        "actual quantities after check-out or completion. The charge is priced again; a co-payer whose share "
        "grows is asked again.",
    )
    def post(self, request, pk: int):
        reservation = get_object_or_404(booking_selectors.reservations_visible_to(request.user), pk=pk)
        payload = ReservationItemsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.reservation_items_set(
            reservation=reservation, by=request.user, entries=payload.validated_data["items"], now=timezone.now()
        )
        fresh = booking_selectors.reservation_detail().get(id=reservation.id)
        return Response(ReservationDetailSerializer(fresh, context={"request": request}).data)
