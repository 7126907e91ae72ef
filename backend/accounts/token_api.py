"""HTTP edge of API tokens: the caller's own (`/me/tokens/`), a company's people's for its member admins
(`/members/{id}/tokens/`), and revoking one (`/tokens/{id}/`)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from sinergia.throttles import ScopedRateThrottle

from . import company_selectors, selectors, services
from .serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenCreateSerializer,
    ApiTokenSerializer,
    CompanyTokenSerializer,
)

ERROR = OpenApiResponse(OpenApiTypes.OBJECT, description="{code, detail} or field errors")


class MyTokens(APIView):
    throttle_scope = "login"  # creating asks for the password: counted like a login

    def get_throttles(self):
        return [ScopedRateThrottle()] if self.request.method == "POST" else []

    @extend_schema(responses=ApiTokenSerializer(many=True))
    def get(self, request):
        """The caller's tokens that still work, newest first. Keys are never shown again."""
        return Response(ApiTokenSerializer(selectors.live_tokens_of(request.user), many=True).data)

    @extend_schema(
        request=ApiTokenCreateSerializer,
        responses={201: ApiTokenCreatedSerializer, 400: ERROR, 429: ERROR},
    )
    def post(self, request):
        """Make a named token. The password is asked again (400 `wrong_password`; repeated failures lock out like
        logins) and, for a person with an authenticator app, a code from it or a recovery code (400 `mfa_required`
        when missing, `invalid_code` when wrong; wrong codes count towards allauth's per-account limit). The answer
        carries the key, once."""
        payload = ApiTokenCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        token, key = services.api_token_create_confirmed(request=request, user=request.user, **payload.validated_data)
        token.key = key
        return Response(ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)


class TokenDetail(APIView):
    @extend_schema(request=None, responses={204: None, 404: ERROR})
    def delete(self, request, pk: int):
        """Revoke a token at once: the caller's own, or (member admins) one of its company's people's. Anyone
        else's, or one already revoked, is a 404."""
        token = company_selectors.token_revocable_by(request.user, pk)
        services.api_token_revoke(token=token, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CompanyTokens(APIView):
    @extend_schema(
        responses={
            200: CompanyTokenSerializer(many=True),
            403: OpenApiResponse(OpenApiTypes.OBJECT, description="Not allowed (the company is the caller's own)"),
            404: OpenApiResponse(OpenApiTypes.OBJECT, description="Not found, or another company's"),
        }
    )
    def get(self, request, pk: int):
        """The live tokens of the company's people (member admins and cluster admins)."""
        member = company_selectors.company_managed_by(request.user, pk)
        return Response(CompanyTokenSerializer(company_selectors.company_tokens(member), many=True).data)
