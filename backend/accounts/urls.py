from django.urls import path

from . import api, cluster_api

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="auth-token"),
    path("auth/csrf/", api.CsrfView.as_view(), name="auth-csrf"),
    path("auth/login/", api.LoginView.as_view(), name="auth-login"),
    path("auth/logout/", api.LogoutView.as_view(), name="auth-logout"),
    path("me/", api.MeView.as_view(), name="me"),
    path("members/", cluster_api.MemberListCreate.as_view(), name="member-list"),
    # Running the cluster (cluster admins)
    path("members/<id:pk>/deactivate/", cluster_api.MemberDeactivateView.as_view(), name="member-deactivate"),
    path("members/<id:pk>/reactivate/", cluster_api.MemberReactivateView.as_view(), name="member-reactivate"),
    path("members/<id:pk>/fair-shares/", cluster_api.MemberFairShareView.as_view(), name="member-fair-shares"),
    path("users/", cluster_api.UserList.as_view(), name="user-list"),
    path("users/<id:pk>/", cluster_api.UserRolesView.as_view(), name="user-roles"),
]
