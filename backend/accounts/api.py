from django.contrib.auth.signals import user_logged_in
from django.middleware.csrf import get_token
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from sinergia.throttles import ScopedRateThrottle

from . import selectors, services
from .serializers import (
    CsrfSerializer,
    LanguageSerializer,
    MemberSerializer,
    MeSerializer,
    PasswordChangeSerializer,
    TokenCredentialsSerializer,
    TokenSerializer,
)


class TokenView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=TokenCredentialsSerializer, responses=TokenSerializer)
    def post(self, request):
        credentials = TokenCredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        code = credentials.validated_data.pop("code")
        user = services.user_authenticate(request=request, **credentials.validated_data)
        services.second_factor_verify(user=user, code=code)
        # A token is a login: last_login moves and django-axes forgets the earlier failures.
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        return Response({"token": services.token_for(user=user)})


@method_decorator(ensure_csrf_cookie, name="dispatch")
class CsrfView(APIView):
    """Sets the CSRF cookie for the browser app; send it back as X-CSRFToken."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=CsrfSerializer)
    def get(self, request):
        return Response({"csrfToken": get_token(request)})


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user, context={"request": request}).data)

    @extend_schema(request=LanguageSerializer, responses=MeSerializer, summary="Set the caller's language")
    def patch(self, request):
        """The language of the caller's e-mails and, unless the browser picked another, of the app."""
        body = LanguageSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = services.user_language_set(user=request.user, language=body.validated_data["language"])
        return Response(MeSerializer(user, context={"request": request}).data)


class PasswordChangeView(APIView):
    """Change the caller's password. This session stays signed in; the caller's other sessions end, and so do
    its API tokens when `revoke_tokens` is true. The per-address login rate applies (wrong current passwords)."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=PasswordChangeSerializer, responses={204: None}, summary="Change the caller's password")
    def post(self, request):
        body = PasswordChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.password_change(request=request, user=request.user, **body.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MemberList(generics.ListAPIView):
    serializer_class = MemberSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.members_visible_to(self.request.user)
