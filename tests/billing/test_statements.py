"""A statement's own page and PDF: its detail (VAT breakdown, tax id, inclusive period), the PDF's text in the
member's language, who may download it, and the periods list saying where a close would be refused."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from audit.models import Change
from billing import selectors, services
from billing.models import BillingPeriod, Statement
from tests.conftest import as_user
from tests.factories import MembershipFactory, PriceRuleFactory, UserFactory

from .helpers import past_reservation, utc

pytestmark = pytest.mark.django_db


@pytest.fixture
def accountant():
    return UserFactory(username="accountant", is_accountant=True)


@pytest.fixture
def statement(asset, member, booker, member_admin, accountant):
    """Norte Films' March 2025 statement: two hours at 100.00 EUR/h + 5.00 fixed, 21 % VAT = 248.05 EUR."""
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000, vat_rate="21.00", fixed_fee_minor=500)
    member.tax_id = "B-12345678"
    member.save(update_fields=["tax_id"])
    past_reservation(asset=asset, member=member, booked_by=booker, start=utc(2025, 3, 3, 9), end=utc(2025, 3, 3, 11))
    services.billing_period_close(period=services.billing_period_for(year=2025, month=3), by=accountant)
    return Statement.objects.get(member=member)


def pdf_text(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_detail_has_the_vat_breakdown_the_tax_id_and_the_inclusive_period(api, statement, member_admin, member):
    detail = as_user(api, member_admin).get(f"/api/v1/statements/{statement.id}/").json()
    assert detail["member"] == {"id": member.id, "name": "Norte Films", "tax_id": "B-12345678"}
    assert detail["period"]["last_day"] == "2025-03-31" and detail["period"]["start"].startswith("2025-03-01")
    assert detail["vat_breakdown"] == [
        {
            "currency": "EUR",
            "net": {"amount": "205.00", "currency": "EUR"},
            "vat": {"amount": "43.05", "currency": "EUR"},
            "total": {"amount": "248.05", "currency": "EUR"},
        }
    ]
    assert detail["totals"] == [{"amount": "248.05", "currency": "EUR"}]


def test_the_accountant_downloads_the_pdf_with_number_member_period_lines_and_total(
    api, statement, accountant, settings
):
    settings.CLUSTER_NAME = "Nave Creativa Bilbao"
    response = as_user(api, accountant).get(f"/api/v1/statements/{statement.id}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="statement-{statement.number}.pdf"'
    assert response["Content-Language"] == "en"  # Bruno, the member admin, reads English
    text = pdf_text(response)
    for expected in (
        "Nave Creativa Bilbao",
        "Norte Films",
        "B-12345678",
        statement.number,
        "March 1, 2025 to March 31, 2025",
        f"Booking #{statement.lines.get().reservation_id}",
        "205.00 EUR",
        "43.05 EUR",
        "Total due: 248.05 EUR",
    ):
        assert expected in text, (expected, text)


def test_the_pdf_is_written_in_the_language_of_the_members_first_admin(api, statement, member_admin, member):
    member_admin.language = "es"
    member_admin.save(update_fields=["language"])
    MembershipFactory(member=member, role="member_admin", user=UserFactory(language="en"))  # joined later
    response = as_user(api, member_admin).get(f"/api/v1/statements/{statement.id}/pdf/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and response["Content-Language"] == "es"
    text = pdf_text(response)
    assert f"Extracto {statement.number}" in text
    assert "1 de marzo de 2025 al 31 de marzo de 2025" in text, text
    assert "Total a pagar: 248,05 EUR" in text, text
    assert selectors.billing_language(member) == "es"


def test_a_member_without_admins_gets_the_clusters_language(statement, member, member_admin, settings):
    member.memberships.filter(user=member_admin).update(role="booker")
    settings.LANGUAGE_CODE = "es"
    assert selectors.billing_language(member) == "es"


def test_the_pdf_is_for_accountants_admins_and_the_members_admins_only(
    api, statement, booker, member_admin, other_member, other_booker, manager, accountant
):
    other_admin = MembershipFactory(member=other_member, role="member_admin").user
    cluster_admin = UserFactory(is_staff=True)
    url = f"/api/v1/statements/{statement.id}/pdf/"
    statuses = {
        name: as_user(api, user).get(url).status_code
        for name, user in {
            "booker": booker,
            "member_admin": member_admin,
            "other_booker": other_booker,
            "other_admin": other_admin,
            "manager": manager,
            "accountant": accountant,
            "cluster_admin": cluster_admin,
        }.items()
    }
    assert statuses == {
        "booker": 404,
        "member_admin": 200,
        "other_booker": 404,
        "other_admin": 404,
        "manager": 404,
        "accountant": 200,
        "cluster_admin": 200,
    }
    api.force_authenticate(None)
    assert api.get(url).status_code in (401, 403)
    missing = as_user(api, accountant).get("/api/v1/statements/999999/pdf/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    # A client asking for a PDF only gets the error as JSON, not a 406 or a 500.
    refused = as_user(api, other_admin).get(url, HTTP_ACCEPT="application/pdf")
    assert refused.status_code == 404


def test_the_periods_say_where_a_close_would_be_refused_and_why(api, accountant, django_capture_on_commit_callbacks):
    with time_machine.travel(utc(2025, 4, 15, 12), tick=False):
        march = services.billing_period_for(year=2025, month=3)
        april = services.billing_period_for(year=2025, month=4)
        periods = {p["month"]: p for p in as_user(api, accountant).get("/api/v1/billing-periods/").json()}
        assert periods[4]["last_day"] == "2025-04-30" and periods[3]["last_day"] == "2025-03-31"
        assert periods[3]["close_refusal"] is None
        refusal = periods[4]["close_refusal"]
        assert refusal["code"] == "period_not_over" and "2025-04-30" in refusal["detail"]
        # The close answers exactly what the list announced.
        refused = as_user(api, accountant).post(f"/api/v1/billing-periods/{april.id}/close/")
        assert refused.status_code == 400 and refused.json() == {"code": refusal["code"], "detail": refusal["detail"]}
        assert BillingPeriod.objects.get(id=april.id).state == "open"

        BillingPeriod.objects.filter(id=march.id).update(state="closing", closing_since=timezone.now())
        closing = as_user(api, accountant).get("/api/v1/billing-periods/").json()
        assert next(p for p in closing if p["month"] == 3)["close_refusal"]["code"] == "period_closing"
        BillingPeriod.objects.filter(id=march.id).update(state="closed", closed_at=timezone.now())
        closed = as_user(api, accountant).get("/api/v1/billing-periods/").json()
        assert next(p for p in closed if p["month"] == 3)["close_refusal"]["code"] == "invalid_transition"

    # Once April is over, the same list offers its close; the close is recorded (who, when, before, after).
    with time_machine.travel(utc(2025, 5, 1, 0) + timedelta(minutes=1), tick=False):
        periods = {p["month"]: p for p in as_user(api, accountant).get("/api/v1/billing-periods/").json()}
        assert periods[4]["close_refusal"] is None
        with django_capture_on_commit_callbacks(execute=True):
            assert as_user(api, accountant).post(f"/api/v1/billing-periods/{april.id}/close/").status_code == 202
    change = Change.objects.get(action="billing_period.close")
    assert (change.by, change.target_id, change.before, change.after) == (
        accountant,
        april.id,
        {"state": "open"},
        {"state": "closing"},
    )
