"""What the OpenAPI schema promises integrators (sinergia/schema.py and the views' declarations); Schemathesis
(tests/security/test_schemathesis.py) checks the answers against it, tests/test_openapi_client.py a generated
client."""

import pytest
from drf_spectacular.generators import SchemaGenerator

METHODS = {"get", "post", "put", "patch", "delete"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OPEN = {  # operations anyone may call
    ("get", "/api/v1/auth/csrf/"),
    ("post", "/api/v1/auth/login/"),
    ("post", "/api/v1/auth/logout/"),
    ("post", "/api/v1/auth/token/"),
    ("post", "/api/v1/stripe/webhook/"),
    ("get", "/api/v1/kiosk/assets/{id}/"),
    ("post", "/api/v1/kiosk/assets/{id}/check-in/"),
}
TOKEN_FREE = {
    "/api/v1/auth/token/",
    "/api/v1/stripe/webhook/",
    "/api/v1/kiosk/assets/{id}/",
    "/api/v1/kiosk/assets/{id}/check-in/",
}
# Open operations whose service itself may refuse with a 403 (a kiosk PIN locked after five wrong ones).
DOMAIN_403 = {("post", "/api/v1/kiosk/assets/{id}/check-in/")}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method, path, operation


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def json_schema(response: dict) -> dict:
    return response["content"]["application/json"]["schema"]


def test_every_operation_documents_its_errors_with_bodies(schema):
    for method, path, operation in operations(schema):
        responses = operation["responses"]
        token_free = path in TOKEN_FREE  # authentication_classes = []
        assert ("401" in responses) != token_free, (method, path)
        # Open operations: a session's writes still meet the CSRF check (403); without sessions, no 403.
        refusable = (method, path) not in OPEN or (method != "get" and not token_free) or (method, path) in DOMAIN_403
        assert ("403" in responses) == refusable, (method, path)
        if "{id}" in path or any(p["name"] == "page" for p in operation.get("parameters", [])):
            assert "404" in responses, (method, path)
        if method != "get":
            assert "400" in responses, (method, path)
        for code, response in responses.items():
            if code >= "400":
                assert json_schema(response), (method, path, code)
    assert (operations_with_429 := {(m, p) for m, p, o in operations(schema) if "429" in o["responses"]}) >= {
        ("post", "/api/v1/reservations/"),
        ("post", "/api/v1/series/"),
        ("post", "/api/v1/auth/token/"),
        ("post", "/api/v1/me/tokens/"),
        ("put", "/api/v1/reservations/{id}/shares/"),
    }
    assert ("get", "/api/v1/reservations/") not in operations_with_429


def test_a_400_is_a_rule_error_or_field_errors(schema):
    bad = schema["paths"]["/api/v1/reservations/"]["post"]["responses"]["400"]
    assert json_schema(bad) == {"anyOf": [ref("Error"), ref("ValidationErrors")]}
    listed = schema["paths"]["/api/v1/assets/{id}/opening-hours/"]["put"]["responses"]["400"]
    assert {"type": "array", "items": ref("ValidationErrors")} in json_schema(listed)["anyOf"]
    assert schema["components"]["schemas"]["Error"]["required"] == ["code", "detail"]


def test_each_409_declares_the_bodies_its_operation_answers(schema):
    paths = schema["paths"]
    reservation = "/api/v1/reservations/{id}/"
    assert json_schema(paths["/api/v1/reservations/"]["post"]["responses"]["409"]) == ref("Conflict")
    for action in ("cancel", "reject", "no-show"):
        assert json_schema(paths[f"{reservation}{action}/"]["post"]["responses"]["409"]) == ref("Error")
    either = {"anyOf": [ref("Conflict"), ref("Error")]}
    assert json_schema(paths[reservation]["patch"]["responses"]["409"]) == either
    assert json_schema(paths[f"{reservation}approve/"]["post"]["responses"]["409"]) == either
    assert json_schema(paths["/api/v1/series/"]["post"]["responses"]["409"]) == {
        "anyOf": [ref("SeriesConflict"), ref("Conflict")]
    }
    assert "conflicts" in schema["components"]["schemas"]["Conflict"]["required"]
    assert "409" not in paths["/api/v1/reservations/{id}/"]["get"]["responses"]


def test_downloads_are_declared_as_files(schema):
    export = schema["paths"]["/api/v1/exports/cost-shares/"]["get"]["responses"]["200"]["content"]
    assert list(export) == ["text/csv", XLSX, "application/json"]
    assert export[XLSX]["schema"] == {"type": "string", "format": "binary"}
    assert export["application/json"]["schema"]["type"] == "array"
    for insights in ("/api/v1/insights/utilisation/", "/api/v1/insights/members/"):
        assert list(schema["paths"][insights]["get"]["responses"]["200"]["content"]) == ["text/csv", "application/json"]
    pdf = schema["paths"]["/api/v1/statements/{id}/pdf/"]["get"]["responses"]["200"]["content"]
    assert pdf == {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}


def test_smaller_truths(schema):
    components = schema["components"]["schemas"]
    assert components["Me"]["properties"]["memberships"]["items"] == ref("Membership")
    for field in ("starts", "ends"):
        assert "format" not in components["PeakWindow"]["properties"][field]
        assert components["PeakWindow"]["properties"][field]["pattern"]
    with_busy = {
        (m, p) for m, p, o in operations(schema) for x in o.get("parameters", []) if x["name"] == "include_busy"
    }
    assert with_busy == {("get", "/api/v1/reservations/")}
    page_sizes = [x for _m, _p, o in operations(schema) for x in o.get("parameters", []) if x["name"] == "page_size"]
    assert page_sizes and all(x["schema"]["minimum"] == 1 and x["schema"]["maximum"] == 200 for x in page_sizes)
    ends = {
        ("/api/v1/availability/", "end"),
        ("/api/v1/assets/{id}/availability/", "end"),
        ("/api/v1/reservations/", "end"),
        ("/api/v1/exports/cost-shares/", "to"),
        ("/api/v1/insights/utilisation/", "to"),
        ("/api/v1/insights/members/", "to"),
    }
    for path, name in ends:
        parameter = next(x for x in schema["paths"][path]["get"]["parameters"] if x["name"] == name)
        assert "366 days" in parameter["description"], (path, name)
