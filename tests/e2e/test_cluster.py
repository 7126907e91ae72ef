"""Browser: the cluster admin changes a member's fair share from next month, Insights shows the new weight from
then (and not before), the Changes page shows the change with its before and after; both pages pass axe and fit a
phone in English and Spanish."""

import calendar
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from .helpers import audit, settle

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def month_bounds(day: date) -> tuple[str, str]:
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1).isoformat(), day.replace(day=last).isoformat()


def norte_share(app, first: str, last: str) -> float:
    figures = app.api("GET", f"/insights/members/?from={first}&to={last}").json()
    return next(row["fair_share"] for row in figures["members"] if row["name"] == "Norte Films")


def test_the_cluster_admin_sets_a_fair_share_from_next_month_and_insights_and_changes_show_it(app_for):
    admin = app_for("admin", language="en")
    page = admin.page
    today = date.today()
    this_month = month_bounds(today)
    next_first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    next_month = month_bounds(next_first)
    before_now, before_next = norte_share(admin, *this_month), norte_share(admin, *next_month)
    norte = next(m for m in admin.api("GET", "/members/").json() if m["name"] == "Norte Films")
    assert norte["fair_share"] == "3.0000"  # the demo's weight

    page.get_by_test_id("nav-cluster").click()
    expect(page.get_by_test_id("members-table")).to_be_visible()
    page.get_by_test_id(f"open-member-{norte['id']}").click()
    detail = page.get_by_test_id(f"member-{norte['id']}")
    expect(detail.get_by_test_id("fair-from")).to_have_value(next_first.isoformat())  # next month by default
    detail.get_by_test_id("fair-weight").fill("-2")
    detail.get_by_test_id("fair-save").click()
    expect(detail.get_by_test_id("fair-weight-error")).to_be_visible()  # the error sits under its field
    detail.get_by_test_id("fair-weight").fill("6")
    detail.get_by_test_id("fair-save").click()
    history = detail.get_by_test_id("fair-share-row")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("6")
    expect(history.first).to_contain_text(next_first.strftime("%Y")[:4])
    expect(detail.get_by_test_id("fair-weight-error")).to_be_hidden()
    admin.screenshot("test_cluster_fair_share")

    # Insights: next month's fair share follows the new weight; this month keeps the old one.
    others = 3 * (100 - before_next) / before_next  # the other members' weights, from Norte's share at weight 3
    expected = round(6 / (6 + others) * 100, 1)
    after_next = norte_share(admin, *next_month)
    assert after_next == pytest.approx(expected, abs=0.1) and after_next > before_next
    assert norte_share(admin, *this_month) == before_now
    page.goto(f"/#/insights?from={next_month[0]}&to={next_month[1]}")
    row = page.get_by_test_id("usage-table").locator("tbody tr", has_text="Norte Films")
    expect(row).to_contain_text(f"{after_next:.1f}%")
    admin.screenshot("test_cluster_insights_next_month")

    # Changes: the change in Norte Films' history, before → after; an accountant reads it too.
    for app in (admin, app_for("accountant", language="en")):
        app.page.goto("/#/changes")
        expect(app.page.get_by_test_id("change-row").first).to_be_visible()
        app.page.get_by_test_id("changes-member").select_option(label="Norte Films")
        app.page.get_by_test_id("changes-apply").click()
        expect(app.page).to_have_url(f"{app.url}/#/changes?member={norte['id']}")
        first = app.page.get_by_test_id("change-row").filter(has_text="Fair share set").first
        expect(first).to_contain_text("Norte Films")
        expect(first).to_contain_text("Adriana")
        weight = first.get_by_test_id("change-weight")
        expect(weight.get_by_test_id("before")).to_have_text("3")
        expect(weight.get_by_test_id("after")).to_have_text("6")
        expect(first.get_by_test_id("change-valid_from").get_by_test_id("after")).to_contain_text(str(next_first.year))
        rows = app.page.get_by_test_id("change-row")
        for index in range(rows.count()):
            expect(rows.nth(index)).to_contain_text("Norte Films")  # the filter keeps to the company's history
    admin.screenshot("test_cluster_changes")


def test_the_cluster_admin_creates_a_company_and_deactivates_it_after_the_preview(app_for):
    admin = app_for("admin", language="en")
    page = admin.page
    page.goto("/#/cluster")
    page.get_by_test_id("member-create").click()
    expect(page.get_by_test_id("member-name-error")).to_be_visible()  # a name is required, said under the field
    page.get_by_test_id("member-name").fill("Oeste Audio")
    page.get_by_test_id("member-billing-email").fill("pay@oeste.example")
    page.get_by_test_id("member-tier").select_option("associate")
    page.get_by_test_id("member-create").click()
    expect(page.get_by_test_id("member-created")).to_contain_text("Oeste Audio")
    oeste = next(m for m in admin.api("GET", "/members/").json() if m["name"] == "Oeste Audio")
    assert oeste["tier"] == "associate"
    page.get_by_test_id(f"open-member-{oeste['id']}").click()
    page.get_by_test_id("deactivate").click()
    expect(page.get_by_test_id("deactivation-preview")).to_contain_text("no future bookings")
    page.get_by_test_id("confirm-deactivate").click()
    row = page.get_by_test_id("member-row").filter(has_text="Oeste Audio")
    expect(row).to_contain_text("Inactive")
    expect(page.get_by_test_id("reactivate")).to_be_visible()
    admin.screenshot()


@pytest.mark.parametrize("role", ["admin", "accountant"])
def test_the_cluster_and_changes_pages_pass_axe_and_fit_a_phone(app_for, role):
    app = app_for(role, language="en", viewport=PHONE)
    page = app.page
    paths = ["/changes"] + (["/cluster"] if role == "admin" else [])
    problems = {}
    for language in ("en", "es"):
        page.get_by_test_id(f"language-{language}").click()
        for path in paths:
            page.goto(f"/#{path}")
            settle(page)
            found = audit(page)
            if found:
                problems[f"{language} {path}"] = found
        app.screenshot(f"test_cluster_phone_{role}_{language}")
    assert not problems, problems
