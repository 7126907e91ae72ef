"""Insights: utilisation and member figures against hand-computed fixtures, tenancy, CSV and bounded queries."""

import csv
import io
from datetime import date, time
from decimal import Decimal

import pytest

from accounts.models import Membership
from assets.models import Blackout, OpeningHours
from billing.models import ChargeKind, CostShare, ReservationCharge
from bookings.models import Status
from insights import rollups
from insights.models import AssetStandaloneRate, FairShare
from tests.billing.helpers import past_reservation, utc
from tests.conftest import as_user, local
from tests.factories import (
    AssetFactory,
    AssetGroupFactory,
    MemberFactory,
    MembershipFactory,
    PriceRuleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

UTILISATION = "/api/v1/insights/utilisation/"
MEMBERS = "/api/v1/insights/members/"


@pytest.fixture
def accountant():
    return UserFactory(username="accountant", is_accountant=True)


@pytest.fixture
def admin_user():
    return UserFactory(username="admin", is_staff=True)


def weekday_asset(name="Sala 1", **kwargs):
    """Open Monday to Friday 09:00–17:00 (8 hours), closed at weekends."""
    asset = AssetFactory(name=name, hours=(time(9), time(17)), **kwargs)
    OpeningHours.objects.filter(asset=asset, weekday__gte=5).delete()
    return asset


def by_name(rows):
    return {row["name"]: row for row in rows}


# --- Utilisation -------------------------------------------------------------------------------------------


def test_utilisation_counts_open_hours_minus_blackouts_and_closed_days(api, accountant, member, booker):
    asset = weekday_asset()
    PriceRuleFactory(asset=asset, vat_rate="0")
    # The week of Monday 3 March 2025: 5 open days × 8 h = 40 h, less a 2-hour blackout on Wednesday = 38 h.
    Blackout.objects.create(asset=asset, start=local(date(2025, 3, 5), 12), end=local(date(2025, 3, 5), 14))
    # A blackout on Saturday, when the asset is closed anyway, changes nothing.
    Blackout.objects.create(asset=asset, start=local(date(2025, 3, 8), 10), end=local(date(2025, 3, 8), 16))
    past_reservation(
        asset=asset, member=member, booked_by=booker, start=local(date(2025, 3, 4), 10), end=local(date(2025, 3, 4), 14)
    )
    # Cancelled and pending bookings are not booked hours.
    past_reservation(
        asset=asset,
        member=member,
        booked_by=booker,
        start=local(date(2025, 3, 6), 10),
        end=local(date(2025, 3, 6), 12),
        status=Status.CANCELLED,
    )
    rollups.rebuild()  # the worker's job: the bookings above were written directly, in the past

    response = as_user(api, accountant).get(UTILISATION, {"from": "2025-03-03", "to": "2025-03-09"})

    assert response.status_code == 200, response.content
    row = by_name(response.json()["assets"])["Sala 1"]
    assert (row["open_hours"], row["booked_hours"], row["utilisation"]) == (38.0, 4.0, 10.5)
    assert row["weeks"] == [{"week": "2025-03-03", "open_hours": 38.0, "booked_hours": 4.0, "utilisation": 10.5}]
    tuesday_ten = response.json()["heatmap"][1][10]
    assert (tuesday_ten["open_hours"], tuesday_ten["booked_hours"], tuesday_ten["occupancy"]) == (1.0, 1.0, 100.0)
    assert response.json()["heatmap"][2][12]["open_hours"] == 0.0  # Wednesday 12:00 was blacked out
    assert response.json()["heatmap"][5][10]["open_hours"] == 0.0  # Saturday is closed


def test_utilisation_counts_23_and_25_hour_days_around_daylight_saving(api, accountant):
    asset = AssetFactory(name="Bodega", hours=(time(0), time(0)))
    OpeningHours.objects.filter(asset=asset).exclude(weekday=6).delete()  # open all Sunday only
    spring = as_user(api, accountant).get(UTILISATION, {"from": "2025-03-29", "to": "2025-03-31"}).json()
    autumn = api.get(UTILISATION, {"from": "2025-10-25", "to": "2025-10-27"}).json()

    assert by_name(spring["assets"])["Bodega"]["open_hours"] == 23.0
    assert by_name(autumn["assets"])["Bodega"]["open_hours"] == 25.0
    assert spring["heatmap"][6][2]["open_hours"] == 0.0  # 02:00–03:00 did not exist on 30 March
    assert autumn["heatmap"][6][2]["open_hours"] == 2.0  # and happened twice on 26 October


def test_utilisation_clips_bookings_to_the_window_and_filters_by_group(api, accountant, member, booker):
    group = AssetGroupFactory(name="Platós")
    inside = AssetFactory(name="Plató A", group=group)
    AssetFactory(name="Elsewhere")
    # 20:00–22:00 local on 9 March (UTC+1) is 19:00–21:00 UTC, half of it before the window's end at 20:00 UTC.
    past_reservation(asset=inside, member=member, booked_by=booker, start=utc(2025, 3, 9, 19), end=utc(2025, 3, 9, 21))
    rollups.rebuild()
    response = as_user(api, accountant).get(UTILISATION, {"from": "2025-03-09", "to": "2025-03-09", "group": group.id})
    body = response.json()
    assert [row["name"] for row in body["assets"]] == ["Plató A"]
    # Open 08:00–22:00 local = 07:00–21:00 UTC, all inside the UTC day: 14 h; booked 2 h.
    assert body["totals"] == {"open_hours": 14.0, "booked_hours": 2.0, "utilisation": 14.3}


# --- Members -----------------------------------------------------------------------------------------------


@pytest.fixture
def cluster(member, other_member, booker, other_booker):
    """Norte Films and Sur Producciones on a rated EUR asset (100 €/h, no VAT) and an unrated PEN asset (50 S/h)."""
    rated = AssetFactory(name="Plató A")
    PriceRuleFactory(asset=rated, hourly_rate_minor=10000, vat_rate="0")
    AssetStandaloneRate.objects.create(asset=rated, hourly_rate_minor=15000, currency="EUR")
    unrated = AssetFactory(name="Línea", timezone="America/Lima")
    PriceRuleFactory(asset=unrated, currency="PEN", hourly_rate_minor=5000, vat_rate="0")
    day = date(2025, 3, 4)
    # Norte books 3 h on the rated asset alone: 300 €.
    past_reservation(asset=rated, member=member, booked_by=booker, start=local(day, 9), end=local(day, 12))
    # Sur books 2 h (200 €) and splits it half and half with Norte: 1 h and 100 € each.
    split = past_reservation(
        asset=rated, member=other_member, booked_by=other_booker, start=local(day, 14), end=local(day, 16)
    )
    CostShare.objects.filter(reservation=split).update(weight=1, amount_minor=10000)
    CostShare.objects.create(
        reservation=split, member=member, weight=1, currency="EUR", amount_minor=10000, state="accepted",
        accepted_amount_minor=10000, accepted_currency="EUR",
    )  # fmt: skip
    # Sur cancels late: a 50 € fee counts as spend, its hours do not.
    cancelled = past_reservation(
        asset=rated,
        member=other_member,
        booked_by=other_booker,
        start=local(day, 17),
        end=local(day, 19),
        status=Status.CANCELLED,
    )
    ReservationCharge.objects.filter(reservation=cancelled).update(
        kind=ChargeKind.CANCELLATION_FEE, total_minor=5000, net_minor=5000
    )
    CostShare.objects.filter(reservation=cancelled).update(amount_minor=5000, accepted_amount_minor=5000)
    # Sur uses the unrated PEN asset 4 h: 200 PEN, no standalone rate so no savings figure.
    past_reservation(
        asset=unrated,
        member=other_member,
        booked_by=other_booker,
        start=local(day, 9, zone="America/Lima"),
        end=local(day, 13, zone="America/Lima"),
    )
    # A no-show is counted apart.
    past_reservation(
        asset=rated,
        member=member,
        booked_by=booker,
        start=local(date(2025, 3, 5), 9),
        end=local(date(2025, 3, 5), 10),
        status=Status.NO_SHOW,
    )
    return {"rated": rated, "unrated": unrated}


def money(amount, currency="EUR"):
    return {"amount": amount, "currency": currency}


def test_member_figures_split_cancellations_currencies_fair_share_and_savings(api, accountant, cluster):
    norte, sur = MemberFactory._meta.model.objects.get(name="Norte Films"), None
    FairShare.objects.create(member=norte, weight=Decimal(3), valid_from=date(2024, 1, 1))
    rollups.rebuild()

    body = as_user(api, accountant).get(MEMBERS, {"from": "2025-03-01", "to": "2025-03-31"}).json()
    rows = by_name(body["members"])
    norte_row, sur = rows["Norte Films"], rows["Sur Producciones"]

    # Norte: 3 h alone + 1 h of the split; 300 € + 100 € + the no-show's full 100 €.
    assert (norte_row["hours"], norte_row["bookings"], norte_row["no_shows"]) == (4.0, 1, 1)
    assert norte_row["spend"] == [money("500.00")]
    # Sur: 1 h of its split booking + 4 h in Lima; 100 € + 50 € fee, and 200 PEN kept apart.
    assert (sur["hours"], sur["bookings"], sur["cancellations"]) == (5.0, 2, 1)
    assert sur["spend"] == [money("150.00"), money("200.00", "PEN")]
    assert body["totals"]["spend"] == [money("650.00"), money("200.00", "PEN")]
    assert body["totals"]["hours"] == 9.0

    # Fair shares 3:1 → 75 % and 25 %; usage 4/9 = 44.4 % and 5/9 = 55.6 %.
    assert (norte_row["fair_share"], norte_row["usage_share"], norte_row["fair_share_delta"]) == (75.0, 44.4, -30.6)
    assert (sur["fair_share"], sur["usage_share"], sur["fair_share_delta"]) == (25.0, 55.6, 30.6)

    # Savings on the rated asset: Norte 4 h × 150 € = 600 € alone against 500 € paid → 100 €.
    assert norte_row["standalone_cost"] == [money("600.00")]
    assert norte_row["savings"] == [money("100.00")]
    # Sur: 1 h × 150 € against 150 € paid there (100 € + the 50 € fee) → 0; nothing for the PEN asset.
    assert sur["standalone_cost"] == [money("150.00")]
    assert sur["savings"] == [money("0.00")]


def test_fair_share_uses_the_weights_each_day_had(api, accountant, member, other_member):
    FairShare.objects.create(member=member, weight=3, valid_from=date(2025, 1, 1))
    FairShare.objects.create(member=other_member, weight=3, valid_from=date(2025, 3, 6))
    body = as_user(api, accountant).get(MEMBERS, {"from": "2025-03-01", "to": "2025-03-10"}).json()
    rows = by_name(body["members"])
    # 5 days at 3:1 (75 %) and 5 days at 3:3 (50 %) → 62.5 % and 37.5 %.
    assert (rows["Norte Films"]["fair_share"], rows["Sur Producciones"]["fair_share"]) == (62.5, 37.5)


def test_a_member_without_a_standalone_rate_has_no_savings(api, accountant, member, booker):
    asset = AssetFactory(name="Sala")
    PriceRuleFactory(asset=asset, vat_rate="0")
    past_reservation(asset=asset, member=member, booked_by=booker, start=utc(2025, 3, 4, 9), end=utc(2025, 3, 4, 11))
    rollups.rebuild()
    row = by_name(as_user(api, accountant).get(MEMBERS, {"from": "2025-03-01", "to": "2025-03-31"}).json()["members"])
    assert row["Norte Films"]["spend"] == [money("200.00")]
    assert row["Norte Films"]["standalone_cost"] == [] and row["Norte Films"]["savings"] == []


# --- Tenancy, CSV, validation ----------------------------------------------------------------------------


def test_a_member_admin_sees_its_own_figures_and_cluster_totals_only(api, member_admin, cluster):
    _others_book(cluster["rated"], 2, day=date(2025, 3, 6))  # three other members booked: totals are shown
    rollups.rebuild()
    body = as_user(api, member_admin).get(MEMBERS, {"from": "2025-03-01", "to": "2025-03-31"}).json()
    assert [row["name"] for row in body["members"]] == ["Norte Films"]
    assert "Sur Producciones" not in str(body) and "Otra" not in str(body)
    assert body["withheld"] is None
    assert body["totals"]["hours"] == 9.0 + 1.0 + 1.0
    csv_text = api.get(MEMBERS, {"from": "2025-03-01", "to": "2025-03-31", "format": "csv"}).content.decode()
    assert "Sur Producciones" not in csv_text
    assert as_user(api, member_admin).get(UTILISATION, {"from": "2025-03-01", "to": "2025-03-31"}).status_code == 200


def test_bookers_and_asset_managers_get_403(api, booker, manager):
    for user in (booker, manager):
        for url in (UTILISATION, MEMBERS):
            response = as_user(api, user).get(url, {"from": "2025-03-01", "to": "2025-03-31"})
            assert response.status_code == 403
            assert response.json()["code"] == "permission_denied"


def test_both_endpoints_answer_csv(api, accountant, cluster):
    rollups.rebuild()
    client = as_user(api, accountant)
    response = client.get(UTILISATION, {"from": "2025-03-01", "to": "2025-03-31", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="utilisation-2025-03-01-2025-03-31.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Asset", "Group", "Week", "Open hours", "Booked hours", "Utilisation (%)", "Came due",
                       "Booked hours that came due", "Used hours", "Used (%)", "Released (%)",
                       "No-shows (%)"]  # fmt: skip
    # Its one booking that came due is the 1-hour no-show: 0 of 1 hour used, 100 % not shown up.
    assert ["Plató A", "", "", "434.0", "5.0", "1.2", "1", "1.0", "0.0", "0.0", "0.0", "100.0"] in rows

    rows = list(
        csv.reader(
            io.StringIO(
                client.get(MEMBERS, {"from": "2025-03-01", "to": "2025-03-31", "format": "csv"}).content.decode()
            )
        )
    )
    assert rows[0][:3] == ["Member", "Hours", "Bookings"]
    assert [
        "Sur Producciones",
        "5.0",
        "2",
        "1",
        "0",
        "55.6",
        "50.0",
        "5.6",
        "150.00 EUR; 200.00 PEN",
        "150.00 EUR",
        "0.00 EUR",
        *("0", "0.0", "0.0", "", "", ""),  # nothing checked in, released or missed
    ] in rows
    assert rows[-2][0] == "Cluster total"
    assert rows[-1][0] == "Figures as of"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"from": "2025-03-31", "to": "2025-03-01"},
        {"from": "2024-01-01", "to": "2025-03-01"},
        {"from": "2025-03-01", "to": "2025-03-31", "format": "xml"},
        {"from": "2025-03-01", "to": "2025-03-31", "group": "99"},
    ],
)
def test_bad_windows_are_refused(api, accountant, params):
    assert as_user(api, accountant).get(MEMBERS, params).status_code == 400


def test_cluster_admin_sets_fair_shares_and_standalone_rates(api, admin_user, accountant, member, asset):
    client = as_user(api, admin_user)
    response = client.post(
        "/api/v1/insights/fair-shares/", {"member": member.id, "weight": "2.5", "valid_from": "2025-01-01"}
    )
    assert response.status_code == 201
    assert (
        client.post(
            "/api/v1/insights/standalone-rates/", {"asset": asset.id, "hourly_rate_minor": 12000, "currency": "EUR"}
        ).status_code
        == 200
    )
    assert AssetStandaloneRate.objects.get(asset=asset).hourly_rate_minor == 12000
    assert as_user(api, accountant).get("/api/v1/insights/fair-shares/").json()[0]["weight"] == "2.5000"
    refused = api.post(
        "/api/v1/insights/fair-shares/", {"member": member.id, "weight": "1", "valid_from": "2025-02-01"}
    )
    assert refused.status_code == 403


# --- Bounded queries ---------------------------------------------------------------------------------------


def _grow(count: int, booked_by):
    group = AssetGroupFactory()
    for index in range(count):
        asset = AssetFactory(group=group)
        PriceRuleFactory(asset=asset, vat_rate="0")
        AssetStandaloneRate.objects.create(asset=asset, hourly_rate_minor=20000)
        payer = MemberFactory()
        MembershipFactory(member=payer, user=booked_by, role=Membership.Role.BOOKER)
        FairShare.objects.create(member=payer, weight=index + 1, valid_from=date(2025, 1, 1))
        Blackout.objects.create(asset=asset, start=utc(2025, 3, 3, 8), end=utc(2025, 3, 3, 9))
        past_reservation(
            asset=asset, member=payer, booked_by=booked_by, start=utc(2025, 3, 4, 9), end=utc(2025, 3, 4, 11)
        )


@pytest.mark.parametrize("count", [2, 12])
def test_queries_stay_bounded_as_assets_and_members_grow(api, accountant, count, django_assert_max_num_queries):
    _grow(count, UserFactory())
    client = as_user(api, accountant)
    # Rolling everything up again costs the same whatever the number of assets and members (the use roll-up:
    # its delete, read and insert)...
    with django_assert_max_num_queries(21):
        assert rollups.rebuild() == 1
    # ...and reading them too.
    with django_assert_max_num_queries(9):  # + the use sums per asset
        assert client.get(UTILISATION, {"from": "2025-01-01", "to": "2025-12-31"}).status_code == 200
    with django_assert_max_num_queries(10):  # + the use sums per member and the cluster's
        assert client.get(MEMBERS, {"from": "2025-01-01", "to": "2025-12-31"}).status_code == 200
    # A member admin's answer reads its own members' figures and the cluster's sums, never every member's rows.
    admin = MembershipFactory(member=MemberFactory._meta.model.objects.last(), role=Membership.Role.MEMBER_ADMIN).user
    for url in (UTILISATION, MEMBERS):
        with django_assert_max_num_queries(12):
            assert as_user(api, admin).get(url, {"from": "2025-01-01", "to": "2025-12-31"}).status_code == 200


# --- What a member admin may learn of the others ----------------------------------------------------------


@pytest.fixture
def bodegas(member, member_admin):
    """Group Bodegas: one cellar (PEN 50/h, 18 % VAT), and Bodega Altiplano booking it 4 h on 4 March 2025."""
    group = AssetGroupFactory(name="Bodegas")
    cellar = AssetFactory(name="Bodega de fermentación", group=group, timezone="America/Lima")
    PriceRuleFactory(asset=cellar, currency="PEN", hourly_rate_minor=15500, vat_rate="18")
    bodega = MemberFactory(name="Bodega Altiplano")
    elena = MembershipFactory(member=bodega).user
    start = local(date(2025, 3, 4), 9, zone="America/Lima")
    past_reservation(asset=cellar, member=bodega, booked_by=elena, start=start, end=start.replace(hour=13))
    return {"group": group, "cellar": cellar, "bodega": bodega}


def _others_book(cellar, count: int, day=date(2025, 3, 4)):
    """`count` more members book an hour each, from 14:00 on."""
    for index in range(count):
        other = MemberFactory(name=f"Otra {index}")
        start = local(day, 14 + index, zone="America/Lima")
        booker = MembershipFactory(member=other).user
        past_reservation(asset=cellar, member=other, booked_by=booker, start=start, end=start.replace(hour=15 + index))


def test_a_member_admin_does_not_learn_the_only_other_members_figures(api, member_admin, accountant, bodegas):
    """bruno (Norte Films), group Bodegas, a day when only Bodega Altiplano booked: no totals, no shares of them,
    no per-asset hours or heatmap, and the reason instead; the accountant still sees everything."""
    window = {"from": "2025-03-04", "to": "2025-03-04", "group": bodegas["group"].id}
    client = as_user(api, member_admin)
    rollups.rebuild()

    members = client.get(MEMBERS, window).json()
    assert members["withheld"]["code"] == "too_few_members" and members["withheld"]["detail"]
    assert members["totals"] is None
    (own,) = members["members"]
    assert own["name"] == "Norte Films" and own["hours"] == 0.0
    assert own["usage_share"] is None and own["fair_share_delta"] is None

    utilisation = client.get(UTILISATION, window).json()
    assert utilisation["withheld"] == members["withheld"]
    (cellar,) = utilisation["assets"]
    assert cellar["open_hours"] > 0 and cellar["booked_hours"] is None and cellar["utilisation"] is None
    assert all(week["booked_hours"] is None for week in cellar["weeks"])
    assert utilisation["totals"]["booked_hours"] is None and utilisation["totals"]["utilisation"] is None
    assert all(cell["booked_hours"] is None for row in utilisation["heatmap"] for cell in row)
    assert all(cell["occupancy"] is None for row in utilisation["heatmap"] for cell in row)

    for url in (MEMBERS, UTILISATION):
        text = client.get(url, {**window, "format": "csv"}).content.decode()
        assert "731.60" not in text and "Bodega Altiplano" not in text and "Cluster total" not in text
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[-2] == ["Withheld", members["withheld"]["detail"]]
        assert rows[-1][0] == "Figures as of"
        if url == UTILISATION:
            # The cellar (its use figures blank too) and its one week.
            assert [row[4:] for row in rows[1:-2]] == [[""] * 8, ["", ""]]
        else:
            assert rows[1][:6] == ["Norte Films", "0.0", "0", "0", "0", ""]

    everything = as_user(api, accountant).get(MEMBERS, window).json()
    assert everything["withheld"] is None
    assert by_name(everything["members"])["Bodega Altiplano"]["hours"] == 4.0
    assert everything["totals"]["hours"] == 4.0 and everything["totals"]["spend"] == [money("731.60", "PEN")]
    assert as_user(api, accountant).get(UTILISATION, window).json()["totals"]["booked_hours"] == 4.0


@pytest.mark.parametrize("others, withheld", [(2, True), (3, False)])
def test_cluster_totals_show_once_three_other_members_booked(
    api, member, booker, member_admin, bodegas, others, withheld
):
    # Norte's own booking does not count towards the three: Bodega Altiplano and `others` more do.
    start = local(date(2025, 3, 4), 6, zone="America/Lima")
    past_reservation(asset=bodegas["cellar"], member=member, booked_by=booker, start=start, end=start.replace(hour=8))
    _others_book(bodegas["cellar"], others - 1)
    rollups.rebuild()
    window = {"from": "2025-03-04", "to": "2025-03-04", "group": bodegas["group"].id}
    body = as_user(api, member_admin).get(MEMBERS, window).json()
    assert (body["withheld"] is not None) == withheld
    if not withheld:
        assert body["totals"]["hours"] == 2.0 + 4.0 + 1.0 + 1.0
        assert body["members"][0]["usage_share"] == 25.0
        assert as_user(api, member_admin).get(UTILISATION, window).json()["totals"]["booked_hours"] == 8.0
