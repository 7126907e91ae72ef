"""The cluster admin's API for member companies, their fair shares and the cluster roles of users (thin: parse,
call a service, render)."""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from insights import services as insight_services
from insights.models import FairShare
from sinergia.exceptions import Forbidden
from sinergia.params import parse_query
from sinergia.schema import error

from . import cluster_services, selectors
from .api import MemberList
from .cluster_serializers import (
    ClusterUserSerializer,
    DeactivateSerializer,
    DeactivationPreviewSerializer,
    FairShareEntrySerializer,
    MemberAdminSerializer,
    MemberCreateSerializer,
    MemberListParams,
    UserListParams,
    UserRolesSerializer,
)
from .models import Member, Membership, User
from .permissions import can_run_cluster, is_accountant_or_admin

DEACTIVATION_OUTCOME = gettext_lazy(
    "Deactivating cancels these bookings as if the member had cancelled them (a booking past its free-cancellation "
    "limit keeps the late fee shown) and e-mails their holders; the company's users lose access to it."
)


def _check_runs_cluster(user) -> None:
    cluster_services.check_runs_cluster(user)


def _member(pk) -> Member:
    return get_object_or_404(Member, pk=pk)


@extend_schema(
    parameters=[
        OpenApiParameter(
            "include_inactive", bool, description="Cluster admins: list deactivated companies too (others: ignored)"
        )
    ]
)
class MemberListCreate(MemberList):
    """The member directory (GET); cluster admins create member companies (POST)."""

    serializer_class = MemberAdminSerializer

    def get_queryset(self):
        params = parse_query(MemberListParams, self.request.query_params)
        if params["include_inactive"] and can_run_cluster(self.request.user):
            return Member.objects.all()
        return selectors.members_visible_to(self.request.user)

    @extend_schema(request=MemberCreateSerializer, responses={201: MemberAdminSerializer})
    def post(self, request):
        _check_runs_cluster(request.user)
        payload = MemberCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        member = cluster_services.member_create(by=request.user, **payload.validated_data)
        return Response(MemberAdminSerializer(member, context={"request": request}).data, status=201)


class MemberDeactivateView(APIView):
    """What deactivating a member company would do (GET), and doing it (POST)."""

    def _preview(self, member) -> dict:
        return {
            "member": member.id,
            "bookings": cluster_services.deactivation_preview(member),
            "outcome": str(DEACTIVATION_OUTCOME),
        }

    @extend_schema(responses=DeactivationPreviewSerializer)
    def get(self, request, pk):
        _check_runs_cluster(request.user)
        member = _member(pk)
        return Response(DeactivationPreviewSerializer(self._preview(member)).data)

    @extend_schema(
        request=DeactivateSerializer,
        responses={
            200: MemberAdminSerializer,
            409: error("already_inactive, or member_has_future_bookings (with the `bookings` ids)"),
        },
        description="Refused with 409 member_has_future_bookings while the company has future bookings, unless "
        "cancel_future_bookings is true: then they are cancelled and their holders told.",
    )
    def post(self, request, pk):
        _check_runs_cluster(request.user)
        member = _member(pk)
        payload = DeactivateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        member = cluster_services.member_deactivate(by=request.user, member=member, **payload.validated_data)
        return Response(MemberAdminSerializer(member, context={"request": request}).data)


class MemberReactivateView(APIView):
    @extend_schema(request=None, responses={200: MemberAdminSerializer, 409: error("already_active")})
    def post(self, request, pk):
        _check_runs_cluster(request.user)
        member = cluster_services.member_reactivate(by=request.user, member=_member(pk))
        return Response(MemberAdminSerializer(member, context={"request": request}).data)


class MemberFairShareView(APIView):
    """A member company's fair-share weights, oldest first (the history); cluster admins add one from a date on
    (a second change on the same date replaces that date's weight)."""

    @extend_schema(responses={200: FairShareEntrySerializer(many=True)})
    def get(self, request, pk):
        if not is_accountant_or_admin(request.user):
            raise Forbidden(_("Only cluster admins and accountants see fair shares."))
        member = _member(pk)
        shares = FairShare.objects.filter(member=member).select_related("set_by").order_by("valid_from")
        return Response(FairShareEntrySerializer(shares, many=True).data)

    @extend_schema(request=FairShareEntrySerializer, responses={201: FairShareEntrySerializer})
    def post(self, request, pk):
        _check_runs_cluster(request.user)
        member = _member(pk)
        payload = FairShareEntrySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        share = insight_services.fair_share_set(member=member, by=request.user, **payload.validated_data)
        return Response(FairShareEntrySerializer(share).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[OpenApiParameter("q", str, description="Search in username, names and e-mail")])
class UserList(generics.ListAPIView):
    """Every user with its memberships and cluster roles: cluster admins only."""

    serializer_class = ClusterUserSerializer
    queryset = User.objects.none()  # the schema's model; get_queryset answers

    def get_queryset(self):
        _check_runs_cluster(self.request.user)
        params = parse_query(UserListParams, self.request.query_params)
        users = User.objects.prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("member").order_by("member__name")),
            "managed_assets",
            "managed_asset_groups",
        ).order_by("username", "id")
        if "q" in params:
            term = params["q"]
            users = users.filter(
                Q(username__icontains=term)
                | Q(first_name__icontains=term)
                | Q(last_name__icontains=term)
                | Q(email__icontains=term)
            )
        return users


class UserRolesView(APIView):
    @extend_schema(
        request=UserRolesSerializer,
        responses={
            200: ClusterUserSerializer,
            409: error("own_admin_role or last_cluster_admin: the change is refused"),
        },
    )
    def patch(self, request, pk):
        _check_runs_cluster(request.user)
        user = get_object_or_404(User, pk=pk)
        payload = UserRolesSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = cluster_services.user_roles_set(user=user, by=request.user, changes=payload.validated_data)
        return Response(ClusterUserSerializer(user).data)
