"""Browser: the accountant reads the cluster's insights for the demo data."""

import json

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_accountant_sees_insights_charts_with_the_api_numbers(app_for):
    accountant = app_for("accountant", language="en")
    page = accountant.page
    page.get_by_test_id("nav-insights").click()
    chart = page.get_by_test_id("utilisation-chart")
    expect(chart).to_be_visible()
    expect(page.get_by_test_id("usage-chart")).to_be_visible()
    expect(page.get_by_test_id("savings-chart")).to_be_visible()
    expect(page.get_by_test_id("heatmap")).to_be_visible()
    # The figures come from roll-ups the worker keeps: the page says up to when they are complete.
    expect(page.get_by_test_id("utilisation-as-of")).to_contain_text("Figures as of")
    expect(page.get_by_test_id("members-as-of")).to_contain_text("Figures as of")

    members_href = page.get_by_test_id("csv-members").get_attribute("href").replace("&format=csv", "")
    utilisation_href = page.get_by_test_id("csv-utilisation").get_attribute("href").replace("&format=csv", "")
    api_members = page.evaluate(f"() => fetch('{members_href}').then(r => r.json())")
    api_utilisation = page.evaluate(f"() => fetch('{utilisation_href}').then(r => r.json())")

    assert json.loads(chart.get_attribute("data-values")) == [
        [a["utilisation"] or 0 for a in api_utilisation["assets"]]
    ]
    usage = json.loads(page.get_by_test_id("usage-chart").get_attribute("data-values"))
    assert usage == [
        [m["usage_share"] for m in api_members["members"]],
        [m["fair_share"] for m in api_members["members"]],
    ]
    assert api_members["totals"]["hours"] > 0
    # Booked against used hours per asset, and per company, as the API gives them.
    use = json.loads(page.get_by_test_id("use-chart").get_attribute("data-values"))
    assert use == [
        [a["due_hours"] for a in api_utilisation["assets"]],
        [a["used_hours"] for a in api_utilisation["assets"]],
    ]
    expect(page.get_by_test_id("use-table").locator("tbody tr")).to_have_count(len(api_utilisation["assets"]))
    expect(page.get_by_test_id("member-use-table").locator("tbody tr")).to_have_count(len(api_members["members"]))
    # Chart.js drew on the canvases.
    assert page.evaluate("() => document.querySelector('[data-testid=utilisation-chart]').width") > 0
    rows = page.get_by_test_id("usage-table").locator("tbody tr")
    expect(rows).to_have_count(len(api_members["members"]))
    first = api_members["members"][0]
    expect(rows.first).to_contain_text(first["name"])
    expect(rows.first).to_contain_text(f"{first['fair_share']:.1f}%")  # Intl in English: "22.2%"
    # In Spanish the figures follow Spanish usage: a decimal comma and a space before %.
    page.get_by_test_id("language-es").click()
    spanish = f"{first['fair_share']:.1f}\u00a0%".replace(".", ",")
    expect(page.get_by_test_id("usage-table").locator("tbody tr").first).to_contain_text(spanish)
    accountant.screenshot("test_insights_spanish")
    accountant.screenshot()


def test_a_member_admin_reads_why_the_cluster_figures_are_withheld(app_for):
    """bruno (Norte Films) asks for a group and day where fewer than three other companies booked: the page says
    why instead of showing the cluster's numbers, and still shows his own company's row."""
    bruno = app_for("bruno", language="en")
    page = bruno.page
    groups = bruno.api("GET", "/asset-groups/").json()
    bodegas = next(group["id"] for group in groups if group["name"] == "Bodegas")
    page.goto(f"/#/insights?from=2025-03-04&to=2025-03-04&group={bodegas}")
    notice = page.get_by_test_id("members-withheld")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Fewer than 3 other member companies booked")
    expect(page.get_by_test_id("utilisation-withheld")).to_be_visible()
    expect(page.get_by_test_id("usage-chart")).to_have_count(0)
    expect(page.get_by_test_id("heatmap")).to_have_count(0)
    rows = page.get_by_test_id("usage-table").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Norte Films")
    expect(page.get_by_test_id("use-table")).to_have_count(0)  # the assets' use is the cluster's: withheld
    expect(page.get_by_test_id("member-use-table").locator("tbody tr")).to_have_count(1)
    assert bruno.errors == []
    bruno.screenshot()
