from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions

from . import permissions
from .tokens import ApiTokenAuthentication


class SecondFactorRequired(exceptions.PermissionDenied):
    default_code = "mfa_enrolment_required"
    default_detail = _("Your role requires two-factor authentication: set it up on your Account page first.")


class TokenAuthentication(ApiTokenAuthentication):
    """Named API tokens (accounts.tokens), closed like a session to a person who must still set up two-factor."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if permissions.must_enrol_second_factor(user):
            raise SecondFactorRequired()
        return user, token
