"""The API's JSON parser: DRF's, with a limit on nesting."""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# Our deepest body is a list of objects holding a list (three levels); 32 leaves room and stops the 2 KB body of
# 1,000 nested lists that exhausts Python's recursion (RecursionError, a 500) in the decoder or in any walk after.
MAX_JSON_DEPTH = 32


class JSONTooDeep(ParseError):
    default_detail = _("The JSON body is nested too deeply (at most 32 levels).")
    default_code = "json_too_deep"


def depth_exceeds(data, limit: int) -> bool:
    """Whether lists and objects in `data` nest deeper than `limit` levels (walked without recursion)."""
    pending = [(data, 1)]
    while pending:
        value, level = pending.pop()
        children = value.values() if isinstance(value, dict) else value
        if level > limit:
            return True
        pending.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return False


class JSONParser(parsers.JSONParser):
    """Refuses bodies nested deeper than MAX_JSON_DEPTH with a 400 {code: json_too_deep}."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise JSONTooDeep() from None
        if isinstance(data, dict | list) and depth_exceeds(data, MAX_JSON_DEPTH):
            raise JSONTooDeep()
        return data
