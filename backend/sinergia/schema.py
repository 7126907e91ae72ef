"""The OpenAPI schema tells the whole truth: every operation lists the errors it can answer, with their bodies.

`AutoSchema` (REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS) adds to each operation, unless the view declares that code
itself:
- 400 where a body or a query parameter is read, or a write may break a rule: {code, detail, field?, problems?}
  or DRF's field errors;
- 401 wherever a token is accepted (a wrong token is a 401 even where anonymous callers are allowed);
- 403 where a role, a service rule or, for a session's writes, the CSRF check may refuse;
- 404 where the path names an object (another member's answers 404 too) or a list has pages;
- 429 where a throttle counts the request.
A 409 is declared by the view, with the body its operation really answers: `any_of(...)` when an operation can
answer more than one kind (a booking conflict, or a plain {code, detail} for an invalid transition).
"""

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.permissions import AllowAny

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class MissingQualificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    valid_until = serializers.DateField(allow_null=True, help_text="The booker's grant ends before the booking")


class ErrorProblemSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    field = serializers.CharField(allow_null=True, required=False)
    missing = MissingQualificationSerializer(
        many=True, required=False, help_text="`not_qualified`: what the booker lacks on the booking's end date"
    )


class ErrorSerializer(serializers.Serializer):
    """Every refusal that is not a list of field errors: what went wrong for a program (`code`) and for a person
    (`detail`, in the caller's language). Some codes add their own keys (e.g. `state`, `retry_after`)."""

    code = serializers.CharField(help_text="e.g. not_found, not_authenticated, invalid_transition, throttled")
    detail = serializers.CharField()
    field = serializers.CharField(required=False, help_text="The field or query parameter at fault, when one is.")
    problems = ErrorProblemSerializer(
        many=True, required=False, help_text="Every rule the request breaks, when it breaks several."
    )


VALIDATION_ERRORS = {
    "type": "object",
    "description": "DRF's field errors: each invalid field (or `non_field_errors`) with its messages, or with the "
    "errors of a nested object or list.",
    "additionalProperties": {"anyOf": [{"type": "array", "items": {}}, {"type": "object", "additionalProperties": {}}]},
}


class AnyOf:
    """A response body that is one of several serializers' shapes (rendered as anyOf: the shapes may overlap)."""

    def __init__(self, *serializers):
        self.serializers = serializers


def any_of(*serializer_classes, description: str) -> OpenApiResponse:
    return OpenApiResponse(AnyOf(*serializer_classes), description=description)


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_responses(*, csv: bool = False, xlsx: bool = False, json: dict | None = None) -> dict:
    """A 200 in each format an operation writes, with its real media type (`json`: the JSON's schema). text/csv
    comes first: a generated client reads the first media type it knows, gets text, and never fails to parse."""
    responses = {}
    if csv:
        responses[(200, "text/csv")] = OpenApiResponse(OpenApiTypes.STR, description="The file, in the format asked")
    if xlsx:
        responses[(200, XLSX)] = OpenApiTypes.BINARY
    if json is not None:
        responses[(200, "application/json")] = json
    return responses


ANY_OBJECT = {"type": "object", "additionalProperties": {}}
ROWS = {"type": "array", "items": ANY_OBJECT}


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for code, response in self._error_responses(operation).items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, media_types=["application/json"])
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _get_response_for_code(self, serializer, status_code, media_types=None, direction="response"):
        if isinstance(serializer, OpenApiResponse) and isinstance(serializer.response, AnyOf):
            refs = [self.resolve_serializer(each, direction).ref for each in serializer.response.serializers]
            serializer = OpenApiResponse({"anyOf": refs}, description=serializer.description)
        return super()._get_response_for_code(serializer, status_code, media_types, direction)

    def _error_responses(self, operation: dict) -> dict:
        view, method = self.view, self.method
        authenticators = view.get_authenticators()
        header_auth = any(
            type(a).authenticate_header is not BaseAuthentication.authenticate_header for a in authenticators
        )
        session_auth = any(isinstance(a, SessionAuthentication) for a in authenticators)
        open_to_all = all(isinstance(p, AllowAny) for p in view.get_permissions())
        query = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
        has_path_id = any(p["in"] == "path" for p in operation.get("parameters", []))

        errors = {}
        if method not in SAFE_METHODS or query:
            shapes = [self.resolve_serializer(ErrorSerializer, "response").ref, self._validation_errors_ref()]
            if self._body_is_list(operation):  # a list's field errors are a list: one entry per item
                shapes.append({"type": "array", "items": self._validation_errors_ref()})
            errors["400"] = OpenApiResponse(
                {"anyOf": shapes},
                description="A rule is broken ({code, detail, field?, problems?}) or fields are wrong (field errors)",
            )
        if header_auth:
            errors["401"] = error("No credentials, or a token or session that is not (or no longer) valid")
        if not open_to_all or (method not in SAFE_METHODS and session_auth):
            errors["403"] = error("Not allowed for the caller's role, or (with a session) the CSRF check failed")
        if has_path_id or "page" in query:
            errors["404"] = error("No such object (another member's answers the same), or no such page")
        if view.get_throttles():
            errors["429"] = error("Too many requests for now; the Retry-After header says when to try again")
        return errors

    @staticmethod
    def _body_is_list(operation: dict) -> bool:
        content = operation.get("requestBody", {}).get("content", {})
        return any(media.get("schema", {}).get("type") == "array" for media in content.values())

    def _validation_errors_ref(self) -> dict:
        component = ResolvedComponent(
            name="ValidationErrors", type=ResolvedComponent.SCHEMA, object="ValidationErrors", schema=VALIDATION_ERRORS
        )
        self.registry.register_on_missing(component)
        return component.ref
