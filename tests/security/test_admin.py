"""The Django admin cannot edit money or bypass the services, even for a superuser.

Money objects (charges, cost shares, periods, statements and their lines, adjustments once made, Stripe invoices
and webhook events) and series are read-only; a blackout is added or changed through the booking services (an
overlap is a form error, never saved); an adjustment is created only through `adjustment_create`.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone

from assets.models import Blackout
from billing import services as billing
from billing.models import (
    Adjustment,
    BillingPeriod,
    CostShare,
    ReservationCharge,
    Statement,
    StatementLine,
    StripeInvoice,
    WebhookEvent,
)
from bookings import series_services
from bookings import services as bookings
from bookings.models import Reservation, Series
from tests.billing.helpers import past_reservation, utc
from tests.conftest import future_day, local
from tests.factories import PriceRuleFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = future_day(2)


@pytest.fixture
def root():
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def money(asset, member, booker, other_member):
    """One of each money object: a closed March 2025 with a statement, its lines and a Stripe invoice, a split
    booking with its charge and shares, an adjustment, a webhook event, and a series."""
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000, vat_rate="21.00")
    accountant = UserFactory(username="accountant", is_accountant=True)
    past_reservation(asset=asset, member=member, booked_by=booker, start=utc(2025, 3, 3, 9), end=utc(2025, 3, 3, 11))
    adjustment = billing.adjustment_create(
        member=member, currency="EUR", amount_minor=-500, description="Goodwill", by=accountant
    )
    period = billing.billing_period_close(period=billing.billing_period_for(year=2025, month=3), by=accountant)
    statement = Statement.objects.get(member=member, period=period)
    invoice = StripeInvoice.objects.create(statement=statement, currency="EUR", stripe_id="in_1", amount_minor=1)
    split = bookings.reservation_create(
        asset=asset, member=member, by=booker, start=local(DAY, 10), end=local(DAY, 12), title="Split"
    )
    billing.cost_shares_set(reservation=split, payers=[(member, Decimal(1)), (other_member, Decimal(1))], by=booker)
    series, _report = series_services.series_create(
        asset=asset, member=member, by=booker, start=local(DAY, 14), end=local(DAY, 15), rrule="FREQ=DAILY;COUNT=2",
        title="Daily",
    )  # fmt: skip
    event = WebhookEvent.objects.create(stripe_id="evt_1", type="invoice.paid", payload={}, created=timezone.now())
    return {
        "costshare": CostShare.objects.filter(reservation=split).exclude(member=member).get(),
        "reservationcharge": ReservationCharge.objects.get(reservation=split),
        "billingperiod": period,
        "statement": statement,
        "statementline": StatementLine.objects.filter(statement=statement).first(),
        "adjustment": adjustment,
        "stripeinvoice": invoice,
        "webhookevent": event,
        "series": series,
        "reservation": split,
    }


MODELS = {
    "costshare": ("billing", CostShare),
    "reservationcharge": ("billing", ReservationCharge),
    "billingperiod": ("billing", BillingPeriod),
    "statement": ("billing", Statement),
    "adjustment": ("billing", Adjustment),
    "stripeinvoice": ("billing", StripeInvoice),
    "webhookevent": ("billing", WebhookEvent),
    "series": ("bookings", Series),
    "reservation": ("bookings", Reservation),
}
TAMPERING = {
    "costshare": {"amount_minor": 1, "state": "accepted", "weight": "9"},
    "reservationcharge": {"total_minor": 1, "kind": "no_show"},
    "billingperiod": {"state": "open", "year": 2025, "month": 3},
    "statement": {"payment_status": "paid"},
    "adjustment": {"amount_minor": -999999, "description": "More"},
    "stripeinvoice": {"status": "paid", "amount_minor": 0},
    "webhookevent": {"outcome": "forged"},
    "series": {"title": "Forged", "rrule": "FREQ=DAILY;COUNT=99"},
    "reservation": {"title": "Forged", "status": "approved"},
}


def _row(model, pk) -> dict:
    return model_to_dict(model.objects.get(pk=pk))


@pytest.mark.parametrize("name", list(MODELS))
def test_money_objects_and_series_are_read_only_in_the_admin(root, money, name):
    app, model = MODELS[name]
    obj = money[name]
    before, count = _row(model, obj.pk), model.objects.count()
    change = f"/admin/{app}/{name}/{obj.pk}/change/"

    page = root.get(change)
    assert page.status_code == 200  # still there to read...
    editable = [field for field in TAMPERING[name] if f'name="{field}"'.encode() in page.content]
    assert editable == [], f"editable in the admin: {editable}"
    assert b'name="_save"' not in page.content
    # ...but nothing it posts changes a thing.
    fields = {key: value for key, value in model_to_dict(obj).items() if isinstance(value, str | int)}
    assert root.post(change, {**fields, **TAMPERING[name]}).status_code == 403
    assert root.post(f"/admin/{app}/{name}/{obj.pk}/delete/", {"post": "yes"}).status_code == 403
    if name != "adjustment":  # adjustments are added through their service, below
        assert root.get(f"/admin/{app}/{name}/add/").status_code == 403
        assert root.post(f"/admin/{app}/{name}/add/", TAMPERING[name]).status_code == 403
    assert _row(model, obj.pk) == before and model.objects.count() == count


def test_statement_lines_are_shown_read_only_inside_their_statement(root, money):
    line = money["statementline"]
    page = root.get(f"/admin/billing/statement/{money['statement'].pk}/change/")
    assert line.description.encode() in page.content
    assert b'name="lines-0-amount_minor"' not in page.content and b"lines-0-DELETE" not in page.content
    assert root.get("/admin/billing/statementline/").status_code == 404  # no admin of its own


def test_an_adjustment_is_added_in_the_admin_only_through_its_service(root, money, member):
    form = {"member": member.id, "currency": "EUR", "amount_minor": "0", "vat_minor": "0", "description": "Zero"}
    refused = root.post("/admin/billing/adjustment/add/", form)
    assert refused.status_code == 200  # the form again, with the service's reason
    assert b"Give a non-zero amount" in refused.content
    assert not Adjustment.objects.filter(description="Zero").exists()

    added = root.post("/admin/billing/adjustment/add/", {**form, "amount_minor": "-1210", "vat_minor": "-210"})
    assert added.status_code == 302, added.content[:2000]
    adjustment = Adjustment.objects.get(amount_minor=-1210)
    assert (adjustment.created_by.username, adjustment.vat_minor, adjustment.billed_in) == ("root", -210, None)


def _blackout_form(asset, start, end, reason="Floor"):
    return {
        "asset": asset.id,
        "start_0": start.strftime("%Y-%m-%d"),
        "start_1": start.strftime("%H:%M:%S"),
        "end_0": end.strftime("%Y-%m-%d"),
        "end_1": end.strftime("%H:%M:%S"),
        "reason": reason,
    }


def test_an_overlapping_blackout_added_or_changed_in_the_admin_is_refused_and_not_saved(
    root, asset, member, booker, settings
):
    settings.TIME_ZONE = "Europe/Madrid"  # the admin's form reads times in the site's zone
    bookings.reservation_create(
        asset=asset, member=member, by=booker, start=local(DAY, 10), end=local(DAY, 12), title="Shoot"
    )
    refused = root.post("/admin/assets/blackout/add/", _blackout_form(asset, local(DAY, 11), local(DAY, 13)))
    assert refused.status_code == 200
    assert b"Reservations hold part of that period" in refused.content
    assert not Blackout.objects.exists()

    added = root.post("/admin/assets/blackout/add/", _blackout_form(asset, local(DAY, 13), local(DAY, 15)))
    assert added.status_code == 302, added.content[:3000]
    blackout = Blackout.objects.get()
    assert (blackout.start, blackout.created_by.username) == (local(DAY, 13), "root")

    change = f"/admin/assets/blackout/{blackout.pk}/change/"
    moved = root.post(change, _blackout_form(asset, local(DAY, 9), local(DAY, 11), reason="Moved"))
    assert moved.status_code == 200 and b"Reservations hold part of that period" in moved.content
    blackout.refresh_from_db()
    assert (blackout.start, blackout.end, blackout.reason) == (local(DAY, 13), local(DAY, 15), "Floor")

    later = root.post(change, _blackout_form(asset, local(DAY, 14), local(DAY, 16), reason="Longer"))
    assert later.status_code == 302
    blackout.refresh_from_db()
    assert (blackout.end, blackout.reason) == (local(DAY, 16), "Longer")
    assert local(DAY, 16) - blackout.start == timedelta(hours=2)


def test_fair_shares_and_standalone_rates_are_set_in_the_admin_only_through_their_services(root, member, asset):
    from insights.models import AssetStandaloneRate, FairShare

    share = {"member": member.id, "weight": "-2", "valid_from": "2027-01-01"}
    refused = root.post("/admin/insights/fairshare/add/", share)
    assert refused.status_code == 200  # the form again with the reason (the database's constraint says it too)
    assert not FairShare.objects.exists()
    assert root.post("/admin/insights/fairshare/add/", {**share, "weight": "3"}).status_code == 302
    assert FairShare.objects.get().set_by.username == "root"
    fair_share = FairShare.objects.get()
    assert root.post(f"/admin/insights/fairshare/{fair_share.pk}/delete/", {"post": "yes"}).status_code == 403

    rate = {"asset": asset.id, "hourly_rate_minor": "9000", "currency": "XYZ"}
    refused = root.post("/admin/insights/assetstandalonerate/add/", rate)
    assert refused.status_code == 200 and b"Unsupported currency" in refused.content
    assert not AssetStandaloneRate.objects.exists()
    assert root.post("/admin/insights/assetstandalonerate/add/", {**rate, "currency": "EUR"}).status_code == 302
    saved = AssetStandaloneRate.objects.get()
    assert root.post(f"/admin/insights/assetstandalonerate/{saved.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not AssetStandaloneRate.objects.exists()
