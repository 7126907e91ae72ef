from django.urls import path

from . import api

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="auth-token"),
    path("auth/csrf/", api.CsrfView.as_view(), name="auth-csrf"),
    path("auth/login/", api.LoginView.as_view(), name="auth-login"),
    path("auth/logout/", api.LogoutView.as_view(), name="auth-logout"),
    path("me/", api.MeView.as_view(), name="me"),
    path("members/", api.MemberList.as_view(), name="member-list"),
]
