"""The billing HTTP API: quotes, cancellation fee, shares and consent, periods, statements, exports."""

import csv
import io
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from billing import services
from billing.models import CostShare, Statement
from bookings import services as bookings
from tests.conftest import as_user, future_day, local
from tests.factories import MemberFactory, MembershipFactory, PriceRuleFactory, UserFactory

from .helpers import past_reservation, utc

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


@pytest.fixture
def priced_asset(asset):
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000, vat_rate="21.00", fixed_fee_minor=500)
    return asset


@pytest.fixture
def accountant():
    return UserFactory(username="accountant", is_accountant=True)


@pytest.fixture
def co_payer():
    return MemberFactory(name="Este Media", tax_id="B123", cost_centre="CC-7")


@pytest.fixture
def co_payer_admin(co_payer):
    return MembershipFactory(member=co_payer, role="member_admin").user


def eur(amount):
    return {"amount": amount, "currency": "EUR"}


def test_a_quote_lists_hours_fixed_fee_and_vat_without_saving(api, priced_asset, member, booker):
    response = as_user(api, booker).post(
        "/api/v1/quotes/",
        {"asset": priced_asset.id, "start": local(MONDAY, 10).isoformat(), "end": local(MONDAY, 12).isoformat()},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["member"] == member.id and body["currency"] == "EUR"
    assert [(line["kind"], line["quantity"], line["amount"]) for line in body["lines"]] == [
        ("hours", "2.00", eur("200.00")),
        ("fixed_fee", "1", eur("5.00")),
    ]
    assert (body["net"], body["vat_rate"], body["vat"], body["total"]) == (
        eur("205.00"),
        "21.00",
        eur("43.05"),
        eur("248.05"),
    )


def test_a_quote_breaking_a_rule_or_without_price_is_a_400(api, asset, priced_asset, booker):
    client = as_user(api, booker)
    closed = client.post(
        "/api/v1/quotes/",
        {"asset": asset.id, "start": local(MONDAY, 6).isoformat(), "end": local(MONDAY, 7).isoformat()},
    )
    assert closed.status_code == 400 and closed.json()["code"] == "outside_opening_hours"
    unpriced = PriceRuleFactory().asset
    unpriced.price_rules.all().delete()
    response = client.post(
        "/api/v1/quotes/",
        {"asset": unpriced.id, "start": local(MONDAY, 10).isoformat(), "end": local(MONDAY, 11).isoformat()},
    )
    assert response.status_code == 400 and response.json()["code"] == "no_price"


def test_a_quote_is_priced_at_the_tier_of_a_member_the_caller_may_ask_for(api, priced_asset, member, booker):
    PriceRuleFactory(asset=priced_asset, tier="associate", hourly_rate_minor=5000, vat_rate="21.00")
    associate = MemberFactory(name="Asociada", tier="associate")
    only_associate = MembershipFactory(member=associate).user
    of_both = MembershipFactory(member=member).user
    MembershipFactory(member=associate, user=of_both)
    times = {"asset": priced_asset.id, "start": local(MONDAY, 10).isoformat(), "end": local(MONDAY, 11).isoformat()}

    def quoted(user, **extra):
        response = as_user(api, user).post("/api/v1/quotes/", {**times, **extra})
        body = response.json()
        return (body["member"], body["total"]["amount"]) if response.status_code == 200 else body["code"]

    assert quoted(only_associate) == (associate.id, "60.50")  # its only company, by default
    assert quoted(booker) == (member.id, "127.05")
    assert quoted(booker, member=associate.id) == "not_a_booker"
    assert quoted(of_both) == (None, "127.05")  # two companies and none named: the full tier
    assert quoted(of_both, member=associate.id) == (associate.id, "60.50")
    assert quoted(UserFactory(is_accountant=True), member=associate.id) == (associate.id, "60.50")


def test_the_cancellation_fee_is_shown_to_the_reservations_viewers_only(
    api, priced_asset, member, booker, other_booker
):
    reservation = bookings.reservation_create(
        asset=priced_asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 12), title="x"
    )
    body = as_user(api, booker).get(f"/api/v1/reservations/{reservation.id}/cancellation-fee/").json()
    assert body["fee"] == eur("0.00")
    assert "48" in body["policy"] and body["free_until"]
    assert as_user(api, other_booker).get(f"/api/v1/reservations/{reservation.id}/cancellation-fee/").status_code == 404


def test_the_charge_shows_what_a_late_cancellation_actually_costs(api, priced_asset, member, booker, other_booker):
    reservation = bookings.reservation_create(
        asset=priced_asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 12), title="x"
    )
    booked = as_user(api, booker).get(f"/api/v1/reservations/{reservation.id}/charge/").json()
    assert booked == {"kind": "booked", "total": eur("248.05"), "net": eur("205.00"), "vat": eur("43.05"),
                      "due_at": None, "billed": False}  # fmt: skip

    with time_machine.travel(local(MONDAY, 9), tick=False):  # an hour before the start: a late cancellation
        bookings.reservation_cancel(reservation=reservation, by=booker)
    charged = as_user(api, booker).get(f"/api/v1/reservations/{reservation.id}/charge/").json()
    assert charged["kind"] == "cancellation_fee"
    assert charged["total"] == eur("124.03")  # half of the frozen 248.05, the fee percent of the asset
    assert charged["due_at"] is not None and charged["billed"] is False
    assert as_user(api, other_booker).get(f"/api/v1/reservations/{reservation.id}/charge/").status_code == 404


def test_a_reservation_without_a_price_has_no_charge(api, asset, member, booker):
    reservation = bookings.reservation_create(
        asset=asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 12), title="x"
    )
    body = as_user(api, booker).get(f"/api/v1/reservations/{reservation.id}/charge/").json()
    assert body == {"kind": "none", "total": None, "net": None, "vat": None, "due_at": None, "billed": False}


def test_shares_are_set_listed_and_decided_through_the_api(
    api, priced_asset, member, booker, co_payer, co_payer_admin, other_booker
):
    reservation = bookings.reservation_create(
        asset=priced_asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 12), title="x"
    )
    url = f"/api/v1/reservations/{reservation.id}/shares/"
    response = as_user(api, booker).put(
        url, [{"member": member.id, "weight": "1.5"}, {"member": co_payer.id, "weight": "1.5"}]
    )
    assert response.status_code == 200, response.json()
    rows = {row["member"]["id"]: row for row in response.json()}
    assert rows[member.id]["weight"] == "1.5" and rows[member.id]["state"] == "accepted"
    assert rows[co_payer.id]["amount"] == eur("124.02") and rows[member.id]["amount"] == eur("124.03")
    assert as_user(api, other_booker).get(url).status_code == 404

    listed = as_user(api, co_payer_admin).get("/api/v1/cost-shares/?state=proposed").json()
    assert listed["count"] == 1
    share = listed["results"][0]
    assert share["reservation"]["id"] == reservation.id and share["reservation"]["member"]["id"] == member.id
    assert as_user(api, booker).post(f"/api/v1/cost-shares/{share['id']}/accept/").status_code == 403
    accepted = as_user(api, co_payer_admin).post(f"/api/v1/cost-shares/{share['id']}/accept/")
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    again = as_user(api, co_payer_admin).post(f"/api/v1/cost-shares/{share['id']}/decline/")
    assert again.status_code == 409


@pytest.mark.parametrize(
    "body",
    [
        [{"member": "SELF", "weight": "0"}],
        [{"member": "SELF", "weight": "-2"}],
        [{"member": "SELF", "weight": "NaN"}],
        [{"member": "SELF", "weight": "99999999"}],
        [{"member": 999999, "weight": "1"}],
        [{"member": "SELF", "weight": "1"}, {"member": "SELF", "weight": "2"}],
        [],
        {"member": "SELF"},
    ],
)
def test_bad_share_input_is_a_400_that_changes_nothing(api, priced_asset, member, booker, body):
    reservation = bookings.reservation_create(
        asset=priced_asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 12), title="x"
    )
    if isinstance(body, list):
        body = [{**entry, "member": member.id if entry["member"] == "SELF" else entry["member"]} for entry in body]
    response = as_user(api, booker).put(f"/api/v1/reservations/{reservation.id}/shares/", body)
    assert response.status_code == 400
    assert list(CostShare.objects.values_list("member_id", "weight")) == [(member.id, Decimal(1))]


def test_an_inactive_member_cannot_be_a_payer(api, priced_asset, member, booker, co_payer):
    reservation = bookings.reservation_create(
        asset=priced_asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 12), title="x"
    )
    co_payer.is_active = False
    co_payer.save()
    response = as_user(api, booker).put(
        f"/api/v1/reservations/{reservation.id}/shares/", [{"member": co_payer.id, "weight": "1"}]
    )
    assert response.status_code == 400


def test_accountants_close_periods_and_members_see_their_own_statements(
    api, priced_asset, member, booker, member_admin, other_member, accountant, django_capture_on_commit_callbacks
):
    past_reservation(
        asset=priced_asset, member=member, booked_by=booker, start=utc(2025, 3, 3, 9), end=utc(2025, 3, 3, 11)
    )
    other_admin = MembershipFactory(member=other_member, role="member_admin").user
    past_reservation(
        asset=priced_asset,
        member=other_member,
        booked_by=other_admin,
        start=utc(2025, 3, 5, 9),
        end=utc(2025, 3, 5, 10),
    )
    period = services.billing_period_for(year=2025, month=3)
    assert as_user(api, booker).get("/api/v1/billing-periods/").status_code == 403
    assert as_user(api, member_admin).post(f"/api/v1/billing-periods/{period.id}/close/").status_code == 403
    periods = as_user(api, accountant).get("/api/v1/billing-periods/").json()
    assert [(p["year"], p["month"], p["state"]) for p in periods] == [(2025, 3, "open")]
    with django_capture_on_commit_callbacks(execute=True):  # the close task, run eagerly once the request is over
        queued = as_user(api, accountant).post(f"/api/v1/billing-periods/{period.id}/close/")
    assert queued.status_code == 202
    answer = queued.json()
    assert (answer["state"], answer["statements_made"], answer["closed_at"]) == ("closing", 0, None)
    march = as_user(api, accountant).get("/api/v1/billing-periods/").json()[-1]
    assert (march["state"], march["statements_made"], march["statements_to_make"]) == ("closed", 2, 2)
    assert march["closed_at"]
    again = as_user(api, accountant).post(f"/api/v1/billing-periods/{period.id}/close/")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"

    everything = as_user(api, accountant).get(f"/api/v1/statements/?period={period.id}").json()
    assert everything["count"] == 2
    own = as_user(api, member_admin).get("/api/v1/statements/").json()["results"]
    assert len(own) == 1
    statement = own[0]
    assert statement["member"] == {"id": member.id, "name": member.name}
    assert statement["period"] | {"start": None, "end": None} == {
        "id": period.id,
        "year": 2025,
        "month": 3,
        "last_day": "2025-03-31",
        "start": None,
        "end": None,
    }
    assert statement["totals"] == [eur("248.05")] and statement["payment_status"] == "open"
    assert statement["invoicing"] == {"state": "not_sent", "error": None}  # Stripe is off in the tests
    assert statement["number"].startswith("SIN-2025-") and statement["line_count"] == 1 and "lines" not in statement
    detail = as_user(api, member_admin).get(f"/api/v1/statements/{statement['id']}/").json()
    assert len(detail["lines"]) == 1 and detail["totals"] == statement["totals"] and detail["line_count"] == 1


@pytest.fixture
def closed_march(priced_asset, member, booker, co_payer, co_payer_admin, accountant):
    """March 2025: a shared booking (accepted), a booking of the co-payer's own, and a JPY asset booking."""
    shared = past_reservation(
        asset=priced_asset, member=member, booked_by=booker, start=utc(2025, 3, 3, 9), end=utc(2025, 3, 3, 12)
    )
    services.cost_shares_set(reservation=shared, payers=[(member, Decimal(2)), (co_payer, Decimal(1))], by=booker)
    services.cost_share_accept(share=CostShare.objects.get(reservation=shared, member=co_payer), by=co_payer_admin)
    past_reservation(
        asset=priced_asset, member=co_payer, booked_by=co_payer_admin, start=utc(2025, 3, 7, 9), end=utc(2025, 3, 7, 10)
    )
    yen = PriceRuleFactory(currency="JPY", hourly_rate_minor=3333, vat_rate="10.00").asset
    past_reservation(asset=yen, member=member, booked_by=booker, start=utc(2025, 3, 9, 9), end=utc(2025, 3, 9, 10))
    services.billing_period_close(period=services.billing_period_for(year=2025, month=3), by=accountant)


def _statement_totals():
    totals = {}
    for statement in Statement.objects.prefetch_related("lines"):
        for line in statement.lines.all():
            totals[line.currency] = totals.get(line.currency, 0) + line.amount_minor
    return totals


def test_the_csv_export_reconciles_with_the_statements(api, accountant, closed_march, co_payer):
    response = as_user(api, accountant).get("/api/v1/exports/cost-shares/?from=2025-03-01&to=2025-03-31&format=csv")
    assert response.status_code == 200 and response.streaming
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 4
    sums = {}
    for row in rows:
        assert row["Statement"].startswith("SIN-2025-")
        assert Decimal(row["Net"]) + Decimal(row["VAT"]) == Decimal(row["Gross"])
        sums[row["Currency"]] = sums.get(row["Currency"], Decimal(0)) + Decimal(row["Gross"])
    assert sums == {"EUR": Decimal("496.10"), "JPY": Decimal("3666")}
    assert _statement_totals() == {"EUR": 49610, "JPY": 3666}
    co_payer_row = next(row for row in rows if row["Payer"] == co_payer.name and row["Hours"] == "3.00")
    assert (co_payer_row["Tax id"], co_payer_row["Cost centre"], co_payer_row["Hourly rate"]) == (
        "B123",
        "CC-7",
        "100.00",
    )
    # The rate is read from the frozen quote in SQL, in the quote's currency (yen have no decimals).
    assert next(row for row in rows if row["Currency"] == "JPY")["Hourly rate"] == "3333"


def test_the_xlsx_and_json_exports_carry_the_same_rows(api, accountant, closed_march):
    client = as_user(api, accountant)
    book = load_workbook(
        io.BytesIO(client.get("/api/v1/exports/cost-shares/?from=2025-03-01&to=2025-03-31&format=xlsx").content)
    )
    sheet = book.active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Statement" and sheet["A1"].font.bold
    assert len(values) == 1 + 4  # header and rows; the totals are on their own sheet
    gross = values[0].index("Gross")
    assert isinstance(values[1][gross], (int, float)) and values[1][values[0].index("Start")].year == 2025
    totals = {row[0]: row[4] for row in list(book["Totals"].iter_rows(values_only=True))[1:]}
    assert totals == {"EUR": pytest.approx(496.10), "JPY": 3666}
    rows = client.get("/api/v1/exports/cost-shares/?from=2025-03-01&to=2025-03-31&format=json").json()
    assert len(rows) == 4 and rows[0]["status"] == "open"
    assert sum(Decimal(row["gross"]["amount"]) for row in rows if row["gross"]["currency"] == "EUR") == Decimal(
        "496.10"
    )


def test_a_member_admin_exports_only_its_own_rows_and_a_booker_nothing(
    api, closed_march, member, member_admin, booker, co_payer
):
    rows = as_user(api, member_admin).get("/api/v1/exports/cost-shares/?from=2025-03-01&to=2025-03-31&format=json")
    assert {row["payer"] for row in rows.json()} == {member.name}
    other = as_user(api, member_admin).get(
        f"/api/v1/exports/cost-shares/?from=2025-03-01&to=2025-03-31&member={co_payer.id}"
    )
    assert other.status_code == 403
    assert as_user(api, booker).get("/api/v1/exports/cost-shares/?from=2025-03-01&to=2025-03-31").status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        "from=2025-03-01",
        "from=x&to=2025-03-01",
        "from=2025-03-02&to=2025-03-01",
        "from=2025-03-01&to=2025-03-31&format=pdf",
    ],
)
def test_bad_export_parameters_are_a_400(api, accountant, query):
    assert as_user(api, accountant).get(f"/api/v1/exports/cost-shares/?{query}").status_code == 400
