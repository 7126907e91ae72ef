"""HTTP edge of invitations: listing and sending them (member admins for their companies, cluster admins for
any and for cluster roles), resending and revoking, and the public link: what it invites to, and accepting it."""

from django.contrib.auth import login
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from sinergia.throttles import ScopedRateThrottle

from . import company_selectors as selectors
from . import invitations as services
from .invitation_serializers import (
    AcceptSerializer,
    InvitationCreateSerializer,
    InvitationLinkSerializer,
    InvitationListQuerySerializer,
    InvitationSerializer,
    LinkSerializer,
)
from .models import Invitation
from .serializers import MeSerializer

ERROR = OpenApiResponse(OpenApiTypes.OBJECT, description="{code, detail} or field errors")
GONE = OpenApiResponse(
    OpenApiTypes.OBJECT, description="The link expired, was revoked or was used: code invitation_expired, "
    "invitation_revoked or invitation_used",
)  # fmt: skip


class InvitationThrottled:
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "invitation"


class InvitationListCreate(InvitationThrottled, generics.GenericAPIView):
    serializer_class = InvitationSerializer
    queryset = Invitation.objects.none()  # the schema's model; the rows come from the selector

    def get_throttles(self):
        return super().get_throttles() if self.request.method == "POST" else []

    @extend_schema(
        parameters=[OpenApiParameter("member", int, description="Only this company's invitations")],
        responses={200: InvitationSerializer(many=True), 400: ERROR},
    )
    def get(self, request):
        """The invitations the caller manages, newest first, each with its state (pending, expired, accepted,
        revoked)."""
        query = InvitationListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        invitations = selectors.invitations_seen_by(request.user, member_id=query.validated_data.get("member"))
        page = self.paginate_queryset(invitations)
        return self.get_paginated_response(InvitationSerializer(page, many=True).data)

    @extend_schema(
        request=InvitationCreateSerializer,
        responses={201: InvitationSerializer, 400: ERROR, 403: ERROR, 409: ERROR, 429: ERROR},
    )
    def post(self, request):
        """Invite someone by e-mail; the single-use link, valid seven days, is e-mailed in `language`."""
        payload = InvitationCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        invitation, _token = services.invitation_create(by=request.user, **payload.validated_data)
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class InvitationResend(InvitationThrottled, APIView):
    @extend_schema(request=None, responses={200: InvitationSerializer, 404: ERROR, 409: ERROR})
    def post(self, request, pk: int):
        """E-mail a new link, valid seven days; the previous link stops working."""
        invitation = selectors.invitation_managed_by(request.user, pk)
        invitation, _token = services.invitation_resend(invitation=invitation, by=request.user)
        return Response(InvitationSerializer(invitation).data)


class InvitationRevoke(InvitationThrottled, APIView):
    @extend_schema(request=None, responses={200: InvitationSerializer, 404: ERROR, 409: ERROR})
    def post(self, request, pk: int):
        """The link stops working at once (an accepted invitation cannot be revoked: 409)."""
        invitation = selectors.invitation_managed_by(request.user, pk)
        return Response(InvitationSerializer(services.invitation_revoke(invitation=invitation, by=request.user)).data)


class InvitationLink(InvitationThrottled, APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(request=LinkSerializer, responses={200: InvitationLinkSerializer, 400: ERROR, 404: ERROR, 410: GONE})
    def post(self, request):
        """What a link invites to, for the page that accepts it. Says whether the invitation's own e-mail already
        has an account (accept with its password), nothing about any other address."""
        payload = LinkSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        invitation = services.invitation_for_link(payload.validated_data["token"])
        by = invitation.invited_by
        return Response(
            InvitationLinkSerializer(
                {
                    "email": invitation.email,
                    "member_name": invitation.member.name if invitation.member_id else None,
                    "role": invitation.role,
                    "language": invitation.language,
                    "invited_by_name": (by.get_full_name() or by.username) if by else None,
                    "expires_at": invitation.expires_at,
                    "existing_account": services.account_for(invitation) is not None,
                }
            ).data
        )


class InvitationAccept(InvitationThrottled, APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        request=AcceptSerializer, responses={200: MeSerializer, 400: ERROR, 404: ERROR, 410: GONE, 429: ERROR}
    )
    def post(self, request):
        """Accept a link and sign in: a new person gives first name (last name, language) and a password that
        passes the password rules; a person whose e-mail already has an account gives that account's password
        (or is signed in as it)."""
        payload = AcceptSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = services.invitation_accept(request=request, **payload.validated_data)
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return Response(MeSerializer(user, context={"request": request}).data)
