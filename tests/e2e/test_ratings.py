"""What members think, in the browser: Ana finds her completed demo shoot under "To rate", rates the stage and
the service from the booking page, the stage's manager answers on Manage, Ana reads the answer, and the cluster
admin sees the satisfaction in Insights. The booking page's prompt and My bookings pass axe and fit a phone in
English and Spanish."""

import pytest
from playwright.sync_api import expect

from .helpers import asset_id, audit, settle
from .test_closures import PHONE

pytestmark = pytest.mark.e2e

SHOOT = "Rodaje anuncio Sidra Norte"  # the demo's: Ana's completed booking of Plató A last month
GRADING = "Etalonaje documental"  # the demo's: Ana's completed booking of the grading suite last month
ANSWER = "Sorry: the key box now opens with the booking's code."


def _to_rate(app, title: str) -> int:
    [booking] = [row for row in app.api("GET", "/ratings/to-rate/").json() if row["title"] == title]
    return booking["reservation"]


def test_ana_rates_her_shoot_the_manager_answers_and_insights_count_it(app_for):
    ana = app_for("ana", language="en")
    shoot = _to_rate(ana, SHOOT)
    page = ana.page
    page.goto("/#/reservations?tab=past")
    settle(page)
    item = page.locator(f"[data-testid=to-rate-item][data-reservation='{shoot}']")
    expect(item).to_contain_text(SHOOT)
    item.get_by_role("link").click()
    settle(page)
    card = page.get_by_test_id("booking-rating")
    expect(card).to_contain_text("How was it?")
    card.get_by_test_id("rating-send").click()
    expect(card.get_by_test_id("rating-error")).to_have_text("Pick a score for the asset and for the service.")
    card.locator("label", has=page.get_by_test_id("score-asset-4")).click()
    card.locator("label", has=page.get_by_test_id("score-service-2")).click()
    card.get_by_test_id("rating-comment").fill("Great stage; the keys came late")
    assert audit(page) == []
    card.get_by_test_id("rating-send").click()
    expect(card.get_by_test_id("rating-saved")).to_have_text("Thanks: your rating is recorded.")
    expect(card.get_by_test_id("rating-asset")).to_have_text("4 of 5")
    expect(card.get_by_test_id("rating-service")).to_have_text("2 of 5")
    expect(card.get_by_test_id("rating-unanswered")).to_be_visible()
    ana.screenshot("test_ratings_ana_rated")
    # She changes her mind while she may.
    card.get_by_test_id("rating-edit").click()
    card.locator("label", has=page.get_by_test_id("score-service-3")).click()
    card.get_by_test_id("rating-send").click()
    expect(card.get_by_test_id("rating-service")).to_have_text("3 of 5")
    assert shoot not in [row["reservation"] for row in ana.api("GET", "/ratings/to-rate/").json()]

    manager = app_for("manager", language="en")
    page = manager.page
    page.goto(f"/#/manage?asset={asset_id(manager, 'Plató A')}")
    settle(page)
    panel = page.get_by_test_id("manage-ratings")
    panel.get_by_test_id("ratings-unanswered").check()
    settle(page)
    rating = panel.get_by_test_id("rating").filter(has_text="the keys came late")
    expect(rating).to_contain_text("Norte Films")
    rating.get_by_test_id("answer-text").fill(ANSWER)
    assert audit(page) == []
    rating.get_by_test_id("answer-send").click()
    expect(rating.get_by_test_id("rating-answer-text")).to_have_text(
        "Sorry: the key box now opens with the booking's code."
    )
    manager.screenshot("test_ratings_manager_answered")
    page.goto(f"/#/reservations/{shoot}")  # the booking's page shows the same rating, with who gave it
    settle(page)
    card = page.get_by_test_id("booking-rating")
    expect(card.get_by_role("heading", level=2)).to_have_text("The booker's rating")
    expect(card).to_contain_text("Norte Films")
    expect(card.get_by_test_id("rating-answer-text")).to_have_text(ANSWER)
    expect(card.get_by_test_id("answer-send")).to_have_count(0)  # answered once

    page = ana.page
    page.reload()
    settle(page)
    card = page.get_by_test_id("booking-rating")
    expect(card.get_by_test_id("rating-answer-text")).to_have_text(ANSWER)
    expect(card.get_by_test_id("rating-edit")).to_have_count(0)  # answered: it stays as it is

    admin = app_for("admin", language="en")
    page = admin.page
    page.goto("/#/insights")
    settle(page)
    assets = page.get_by_test_id("satisfaction-assets")
    expect(assets.locator("tr", has_text="Plató A")).to_be_visible()
    expect(page.get_by_test_id("satisfaction-members").locator("tr", has_text="Norte Films")).to_be_visible()
    assert audit(page) == []
    admin.screenshot("test_ratings_insights")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_rating_prompt_and_the_to_rate_list_pass_axe_and_fit_a_phone(app_for, language):
    ana = app_for("ana", language=language, viewport=PHONE)
    grading = _to_rate(ana, GRADING)
    page = ana.page
    page.goto("/#/reservations?tab=past")
    settle(page)
    expect(page.get_by_test_id("to-rate")).to_be_visible()
    expect(page.get_by_test_id("to-rate")).to_contain_text("To rate" if language == "en" else "Por valorar")
    assert audit(page) == []
    ana.screenshot(f"test_ratings_to_rate_phone_{language}")
    page.goto(f"/#/reservations/{grading}")
    settle(page)
    card = page.get_by_test_id("booking-rating")
    expect(card.get_by_role("heading", level=2)).to_have_text("Your rating" if language == "en" else "Su valoración")
    card.locator("label", has=page.get_by_test_id("score-asset-5")).click()
    assert audit(page) == []
    ana.screenshot(f"test_ratings_prompt_phone_{language}")
