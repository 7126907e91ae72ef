from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from sinergia.params import parse_query

from .selectors import changes_seen_by
from .serializers import ChangeListParams, ChangeSerializer


@extend_schema(
    parameters=[
        OpenApiParameter("asset", int, description="Only changes in this asset's history"),
        OpenApiParameter("member", int, description="Only changes in this member company's history"),
        OpenApiParameter("by", int, description="Only changes made by this user"),
        OpenApiParameter("target", int, description="Only changes to the object with this id (with target_type)"),
        OpenApiParameter("target_type", str, description="Only changes to this kind of object, e.g. assets.asset"),
        OpenApiParameter("action", str, description="Only this action, e.g. asset.update"),
        OpenApiParameter("from", str, description="From this date (YYYY-MM-DD), inclusive"),
        OpenApiParameter("to", str, description="Until this date (YYYY-MM-DD), inclusive"),
    ]
)
class ChangeList(generics.ListAPIView):
    """The append-only record of changes to how the cluster runs, newest first: everything for cluster admins and
    accountants; the managed assets' and the administered companies' histories for managers and member admins."""

    serializer_class = ChangeSerializer

    def get_queryset(self):
        return changes_seen_by(self.request.user, filters=parse_query(ChangeListParams, self.request.query_params))
