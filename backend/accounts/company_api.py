"""HTTP edge of "My company": a member admin's people, company details, cost centres and overview."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from sinergia.exceptions import Conflict
from sinergia.schema import error

from . import company_selectors as selectors
from . import company_services as services
from .company_serializers import (
    CompanyOverviewSerializer,
    CostCentreSerializer,
    CostCentreUpdateSerializer,
    MemberUpdateSerializer,
    PersonSerializer,
    RemovalSerializer,
    RoleSerializer,
)
from .serializers import MemberSerializer

# 400, 401, 403 and 404 come from sinergia.schema; the role changes declare their 409.
LAST_ADMIN = {409: error("last_member_admin: the company's last member admin stays one")}


class CompanyDetail(APIView):
    @extend_schema(request=MemberUpdateSerializer, responses={200: MemberSerializer})
    def patch(self, request, pk: int):
        """Change a company's details. A field the caller may not change (tier, name for a member admin) is a 403
        that changes nothing."""
        member = selectors.company_managed_by(request.user, pk)
        payload = MemberUpdateSerializer(member, data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        member = services.member_update(member=member, by=request.user, changes=payload.validated_data)
        return Response(MemberSerializer(member, context={"request": request}).data)


class CompanyOverview(APIView):
    @extend_schema(responses={200: CompanyOverviewSerializer})
    def get(self, request, pk: int):
        member = selectors.company_managed_by(request.user, pk)
        return Response(CompanyOverviewSerializer(selectors.company_overview(member)).data)


class CompanyPeople(APIView):
    @extend_schema(responses={200: PersonSerializer(many=True)})
    def get(self, request, pk: int):
        """The company's people with their roles and last sign-in."""
        member = selectors.company_managed_by(request.user, pk)
        return Response(PersonSerializer(selectors.company_people(member), many=True).data)


class CompanyCostCentres(APIView):
    @extend_schema(responses={200: CostCentreSerializer(many=True)})
    def get(self, request, pk: int):
        """Active first; the company's bookers read them too (the booking form offers the active ones)."""
        member = selectors.company_seen_by(request.user, pk)
        return Response(CostCentreSerializer(selectors.cost_centres_of(member), many=True).data)

    @extend_schema(request=CostCentreSerializer, responses={201: CostCentreSerializer})
    def post(self, request, pk: int):
        member = selectors.company_managed_by(request.user, pk)
        payload = CostCentreSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        cost_centre = services.cost_centre_create(member=member, by=request.user, **payload.validated_data)
        return Response(CostCentreSerializer(cost_centre).data, status=status.HTTP_201_CREATED)


class CostCentreDetail(APIView):
    @extend_schema(request=CostCentreUpdateSerializer, responses={200: CostCentreSerializer})
    def patch(self, request, pk: int):
        """Rename, deactivate or reactivate; the code only while no booking carries it."""
        cost_centre = selectors.cost_centre_managed_by(request.user, pk)
        payload = CostCentreUpdateSerializer(cost_centre, data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        cost_centre = services.cost_centre_update(
            cost_centre=cost_centre, by=request.user, changes=payload.validated_data
        )
        return Response(CostCentreSerializer(cost_centre).data)


def _removal(membership, *, heir, bookings, blocked=None) -> dict:
    return {"membership": membership.id, "user": membership.user, "heir": heir, "bookings": bookings,
            "blocked": blocked}  # fmt: skip


class MembershipDetail(APIView):
    @extend_schema(request=RoleSerializer, responses={200: PersonSerializer, **LAST_ADMIN})
    def patch(self, request, pk: int):
        """Change someone's role; the company's last member admin stays one (409 last_member_admin)."""
        membership = selectors.membership_managed_by(request.user, pk)
        payload = RoleSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        membership = services.membership_role_change(
            membership=membership, role=payload.validated_data["role"], by=request.user
        )
        return Response(PersonSerializer(membership).data)

    @extend_schema(request=None, responses={200: RemovalSerializer, **LAST_ADMIN})
    def delete(self, request, pk: int):
        """Remove someone from the company at once; their future bookings pass to `heir` and they are told by
        e-mail. The company's last member admin cannot be removed (409 last_member_admin)."""
        membership = selectors.membership_managed_by(request.user, pk)
        outcome = services.membership_remove(membership=membership, by=request.user)
        return Response(RemovalSerializer({**outcome, "blocked": None}).data)


class MembershipRemoval(APIView):
    @extend_schema(responses={200: RemovalSerializer})
    def get(self, request, pk: int):
        """What removing this person would do, changing nothing: their future bookings for the company and who would
        hold them, or why the removal would be refused."""
        membership = selectors.membership_managed_by(request.user, pk)
        blocked = None
        try:
            services.refuse_losing_last_admin(membership)
        except Conflict as refusal:
            blocked = refusal.code
        bookings = list(selectors.future_bookings_of(membership, now=timezone.now()))
        heir = selectors.heir_of(membership, by=request.user)
        return Response(RemovalSerializer(_removal(membership, heir=heir, bookings=bookings, blocked=blocked)).data)
