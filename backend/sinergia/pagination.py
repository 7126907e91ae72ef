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
