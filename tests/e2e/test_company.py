"""My company: a member admin changes a booker's role (the booker sees it on reload), previews a removal, edits the
company's details, adds a cost centre and books with it; every section passes axe on a phone in English and Spanish.

The demo data is shared by the whole session: what this journey changes (Ana's role, the cost centre) is put back
at the end."""

import pytest
from playwright.sync_api import expect

from .helpers import audit, future, pick_slot, settle

pytestmark = pytest.mark.e2e

SECTIONS = ["overview", "people", "details", "costCentres"]


def norte(app) -> int:
    return next(m["member"]["id"] for m in app.api("GET", "/me/").json()["memberships"])


def membership_of(app, member: int, username: str) -> dict:
    return next(p for p in app.api("GET", f"/members/{member}/people/").json() if p["username"] == username)


def test_a_member_admin_changes_a_role_adds_a_cost_centre_and_books_with_it(app_for):
    bruno = app_for("bruno", language="en")
    page = bruno.page
    member = norte(bruno)
    ana_membership = membership_of(bruno, member, "ana")
    try:
        # Overview: this month and last, consents, statements.
        page.get_by_test_id("nav-company").click()
        expect(page.get_by_test_id("company-page")).to_contain_text("Norte Films")
        expect(page.get_by_test_id("company-this-month")).to_contain_text("Bookings")
        expect(page.get_by_test_id("company-consents")).to_be_visible()
        settle(page)
        bruno.screenshot("test_company_overview")

        # People: Ana becomes member admin; the removal preview lists her future bookings and changes nothing.
        page.get_by_test_id("company-tab-people").click()
        row = page.get_by_test_id("person-ana")
        expect(row).to_contain_text("Booker")
        row.get_by_test_id("role-ana").select_option("member_admin")
        expect(page.get_by_test_id("people-status")).to_contain_text("Ana García is now Member admin")
        row.get_by_test_id("remove-ana").click()
        preview = page.get_by_test_id("removal-preview")
        expect(preview).to_contain_text("Remove Ana García?")
        expect(preview.get_by_test_id("removal-bookings")).to_contain_text("Rodaje")
        bruno.screenshot("test_company_people_removal_preview")
        preview.get_by_role("button", name="Cancel").click()
        expect(page.get_by_test_id("removal-preview")).to_have_count(0)
        assert membership_of(bruno, member, "ana")["role"] == "member_admin"

        # The booker sees the new role on her next visit: the My company tab appears.
        ana = app_for("ana", language="en")
        ana.page.reload()
        expect(ana.page.get_by_test_id("nav-company")).to_be_visible()

        # Details: billing e-mail with an error next to the field, then saved.
        page.get_by_test_id("company-tab-details").click()
        email = page.get_by_test_id("company-billing_email")
        expect(page.get_by_test_id("company-tier")).to_be_disabled()
        original_email = email.input_value()
        email.fill("not-an-address")
        page.get_by_test_id("details-save").click()
        expect(page.locator("#company-billing_email-error")).to_be_visible()
        expect(email).to_have_attribute("aria-invalid", "true")
        email.fill("facturas@norte.example")
        page.get_by_test_id("details-save").click()
        expect(page.get_by_test_id("details-status")).to_have_text("Saved.")
        bruno.api("PATCH", f"/members/{member}/", {"billing_email": original_email})

        # Cost centres: add one.
        page.get_by_test_id("company-tab-costCentres").click()
        page.get_by_test_id("centre-code").fill("SPOT-7")
        page.get_by_test_id("centre-name").fill("Spot Sidra")
        page.get_by_test_id("centre-add").click()
        expect(page.get_by_test_id("centres-status")).to_contain_text("SPOT-7")
        expect(page.get_by_test_id("centre-SPOT-7")).to_contain_text("Active")
        bruno.screenshot("test_company_cost_centres")

        # Book with it.
        page.get_by_test_id("nav-book").click()
        select = page.get_by_test_id("book-cost-centre")
        expect(select).to_be_visible()
        pick_slot(page, "Sala de etalonaje", future(3, weeks_ahead=7), "16:00", "17:00", "Etalonaje Sidra")
        select.select_option(label="SPOT-7 · Spot Sidra")
        page.get_by_test_id("book-submit").click()
        expect(page.locator(".result-card--ok")).to_be_visible()
        booked = bruno.api("GET", "/reservations/?ordering=-created_at&page_size=1").json()["results"][0]
        assert booked["title"] == "Etalonaje Sidra" and booked["cost_centre"]["code"] == "SPOT-7"
        bruno.screenshot("test_company_booked_with_cost_centre")
        page.goto(f"{page.url.split('#')[0]}#/reservations/{booked['id']}")
        expect(page.locator(".facts").first).to_contain_text("SPOT-7 · Spot Sidra")
        assert bruno.api("POST", f"/reservations/{booked['id']}/cancel/", {"reason": "e2e"}).status == 200
    finally:
        bruno.api("PATCH", f"/memberships/{ana_membership['id']}/", {"role": "booker"})
        for centre in bruno.api("GET", f"/members/{member}/cost-centres/").json():
            bruno.api("PATCH", f"/cost-centres/{centre['id']}/", {"active": False})
    assert membership_of(bruno, member, "ana")["role"] == "booker"


def test_my_company_passes_axe_and_fits_a_phone_in_english_and_spanish(app_for):
    bruno = app_for("bruno", language="en", viewport={"width": 390, "height": 844})
    page = bruno.page
    member = norte(bruno)
    problems = {}
    for language in ("en", "es"):
        page.get_by_test_id(f"language-{language}").click()
        for section in SECTIONS:
            page.goto(f"/#/company?member={member}&section={section}")
            settle(page)
            expect(page.get_by_test_id("company-page")).to_be_visible()
            found = audit(page)
            if found:
                problems[f"{language} {section}"] = found
        page.goto(f"/#/company?member={member}&section=people")
        settle(page)
        page.get_by_test_id("remove-ana").click()
        expect(page.get_by_test_id("removal-preview")).to_be_visible()
        found = audit(page)
        if found:
            problems[f"{language} removal preview"] = found
        bruno.screenshot(f"test_company_phone_people_{language}", full_page=False)
    assert not problems, problems
