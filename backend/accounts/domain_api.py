"""HTTP edge of e-mail domain rules and join requests: a company's member admins (and cluster admins) register its
domains and decide who joins from them; a person reads their own requests (the "waiting for approval" page)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from sinergia.schema import error

from . import domains
from .company_selectors import company_managed_by
from .company_serializers import PersonSerializer
from .domain_serializers import ApproveSerializer, EmailDomainSerializer, JoinRequestSerializer

DOMAIN_TAKEN = {409: error("domain_taken: another company (or this one) already registered the domain")}
DECIDED = {409: error("join_request_closed: the request was already approved or refused")}


class CompanyEmailDomains(APIView):
    @extend_schema(responses={200: EmailDomainSerializer(many=True)})
    def get(self, request, pk: int):
        """The domains whose people may ask to join the company on their first single sign-on."""
        member = company_managed_by(request.user, pk)
        return Response(EmailDomainSerializer(domains.email_domains_of(member), many=True).data)

    @extend_schema(request=EmailDomainSerializer, responses={201: EmailDomainSerializer, **DOMAIN_TAKEN})
    def post(self, request, pk: int):
        """Register a domain (400 invalid_domain or public_domain; 409 domain_taken)."""
        member = company_managed_by(request.user, pk)
        payload = EmailDomainSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        email_domain = domains.email_domain_add(member=member, domain=payload.validated_data["domain"], by=request.user)
        return Response(EmailDomainSerializer(email_domain).data, status=status.HTTP_201_CREATED)


class EmailDomainDetail(APIView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int):
        """Stop accepting join requests from the domain; requests already waiting stay."""
        email_domain = domains.email_domain_managed_by(request.user, pk)
        domains.email_domain_remove(email_domain=email_domain, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CompanyJoinRequests(APIView):
    @extend_schema(responses={200: JoinRequestSerializer(many=True)})
    def get(self, request, pk: int):
        """People waiting for approval, oldest first."""
        member = company_managed_by(request.user, pk)
        return Response(JoinRequestSerializer(domains.join_requests_waiting(member), many=True).data)


class JoinRequestApprove(APIView):
    @extend_schema(request=ApproveSerializer, responses={200: PersonSerializer, **DECIDED})
    def post(self, request, pk: int):
        """The person joins with the role chosen and is told by e-mail."""
        join_request = domains.join_request_managed_by(request.user, pk)
        payload = ApproveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        membership = domains.join_request_approve(
            join_request=join_request, role=payload.validated_data["role"], by=request.user
        )
        return Response(PersonSerializer(membership).data)


class JoinRequestRefuse(APIView):
    @extend_schema(request=None, responses={200: JoinRequestSerializer, **DECIDED})
    def post(self, request, pk: int):
        join_request = domains.join_request_managed_by(request.user, pk)
        join_request = domains.join_request_refuse(join_request=join_request, by=request.user)
        return Response(JoinRequestSerializer(join_request).data)


class MyJoinRequests(APIView):
    @extend_schema(responses={200: JoinRequestSerializer(many=True)})
    def get(self, request):
        """The caller's requests to join companies, newest first."""
        return Response(JoinRequestSerializer(domains.join_requests_of(request.user), many=True).data)
