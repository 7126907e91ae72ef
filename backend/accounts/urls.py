from django.urls import path

from . import api, cluster_api, company_api, domain_api, invitation_api, token_api

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="auth-token"),
    path("auth/csrf/", api.CsrfView.as_view(), name="auth-csrf"),
    path("me/", api.MeView.as_view(), name="me"),
    path("me/password/", api.PasswordChangeView.as_view(), name="me-password"),
    path("me/tokens/", token_api.MyTokens.as_view(), name="me-tokens"),
    path("tokens/<id:pk>/", token_api.TokenDetail.as_view(), name="token-detail"),
    path("members/<id:pk>/tokens/", token_api.CompanyTokens.as_view(), name="member-tokens"),
    path("members/", cluster_api.MemberListCreate.as_view(), name="member-list"),
    # My company (member admins): details, overview, people, cost centres.
    path("members/<id:pk>/", company_api.CompanyDetail.as_view(), name="member-detail"),
    path("members/<id:pk>/overview/", company_api.CompanyOverview.as_view(), name="member-overview"),
    path("members/<id:pk>/people/", company_api.CompanyPeople.as_view(), name="member-people"),
    path("members/<id:pk>/cost-centres/", company_api.CompanyCostCentres.as_view(), name="member-cost-centres"),
    path("cost-centres/<id:pk>/", company_api.CostCentreDetail.as_view(), name="cost-centre-detail"),
    path("memberships/<id:pk>/", company_api.MembershipDetail.as_view(), name="membership-detail"),
    path("memberships/<id:pk>/removal/", company_api.MembershipRemoval.as_view(), name="membership-removal"),
    # Invitations: sent by member admins and cluster admins; the link is public.
    path("invitations/", invitation_api.InvitationListCreate.as_view(), name="invitation-list"),
    path("invitations/<id:pk>/resend/", invitation_api.InvitationResend.as_view(), name="invitation-resend"),
    path("invitations/<id:pk>/revoke/", invitation_api.InvitationRevoke.as_view(), name="invitation-revoke"),
    path("invitations/link/", invitation_api.InvitationLink.as_view(), name="invitation-link"),
    path("invitations/accept/", invitation_api.InvitationAccept.as_view(), name="invitation-accept"),
    # E-mail domain rules and the join requests of single sign-on (member admins; a person reads their own).
    path("members/<id:pk>/email-domains/", domain_api.CompanyEmailDomains.as_view(), name="member-email-domains"),
    path("email-domains/<id:pk>/", domain_api.EmailDomainDetail.as_view(), name="email-domain-detail"),
    path("members/<id:pk>/join-requests/", domain_api.CompanyJoinRequests.as_view(), name="member-join-requests"),
    path("join-requests/<id:pk>/approve/", domain_api.JoinRequestApprove.as_view(), name="join-request-approve"),
    path("join-requests/<id:pk>/refuse/", domain_api.JoinRequestRefuse.as_view(), name="join-request-refuse"),
    path("me/join-requests/", domain_api.MyJoinRequests.as_view(), name="me-join-requests"),
    # Running the cluster (cluster admins)
    path("members/<id:pk>/deactivate/", cluster_api.MemberDeactivateView.as_view(), name="member-deactivate"),
    path("members/<id:pk>/reactivate/", cluster_api.MemberReactivateView.as_view(), name="member-reactivate"),
    path("members/<id:pk>/fair-shares/", cluster_api.MemberFairShareView.as_view(), name="member-fair-shares"),
    path("users/", cluster_api.UserList.as_view(), name="user-list"),
    path("users/<id:pk>/", cluster_api.UserRolesView.as_view(), name="user-roles"),
]
