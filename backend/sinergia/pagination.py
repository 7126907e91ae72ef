from functools import cached_property

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from .params import whole_number


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        """A page size outside 1..200 is a 400, not silently clamped."""
        asked = request.query_params.get(self.page_size_query_param)
        if asked is None:
            return self.page_size
        try:
            return whole_number(asked, high=self.max_page_size)
        except ValueError:
            raise ValidationError(
                {"page_size": [_("The page size is a whole number from 1 to %(max)s.") % {"max": self.max_page_size}]}
            ) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size, default=self.page_size)
                parameter["description"] = f"Rows per page, 1 to {self.max_page_size} ({self.page_size} if not given)."
        return parameters


class Concatenation:
    """Two querysets paged as one list, every row of the first before any of the second: what a paginator needs
    (`count()` and a slice), each part keeping its own filters and order."""

    def __init__(self, first: QuerySet, second: QuerySet):
        self.first, self.second = first, second

    @cached_property
    def _first_count(self) -> int:
        return self.first.count()

    def count(self) -> int:
        return self._first_count + self.second.count()

    def __getitem__(self, window: slice) -> list:
        start, stop = window.start or 0, window.stop if window.stop is not None else self.count()
        rows = list(self.first[start:stop]) if start < self._first_count else []
        rest_start = max(start - self._first_count, 0)
        rest_stop = stop - self._first_count
        if rest_stop > rest_start:
            rows += list(self.second[rest_start:rest_stop])
        return rows
