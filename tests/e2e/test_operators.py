"""Technicians in the browser: the manager makes an asset a technician who operates the label press and has the
press offer an operator; Ana books the press with an operator and sees the technician on the booking page (axe, and
a 390 px phone in English and Spanish)."""

import pytest
from playwright.sync_api import expect

from .helpers import audit, future, pick_slot, settle

pytestmark = pytest.mark.e2e

PRESS, TECH = "Prensa de etiquetas", "Técnico Tomás"
PHONE = {"width": 390, "height": 844}


def _asset(admin, name: str, manager_id: int) -> int:
    rates = [
        {"tier": tier, "currency": "EUR", "hourly_rate": {"amount": "30.00", "currency": "EUR"}, "vat_rate": "21.00"}
        for tier in ("full", "associate", "external")
    ]
    body = {"name": name, "kind": "label press", "timezone": "Europe/Madrid", "min_duration": 60,
            "max_duration": 720, "slot_minutes": 60}  # fmt: skip
    created = admin.api("POST", "/assets/", body)
    assert created.status == 201, created.text()
    asset = created.json()["id"]
    hours = [{"weekday": day, "opens": "08:00", "closes": "20:00"} for day in range(7)]
    ruled = admin.api("PATCH", f"/assets/{asset}/", {"opening_hours": hours, "price_rules": rates})
    assert ruled.status == 200, ruled.text()
    named = admin.api("PUT", f"/assets/{asset}/managers/", {"managers": [manager_id]})
    assert named.status == 200, named.text()
    return asset


def test_the_manager_defines_a_technician_and_ana_books_the_press_with_an_operator(app_for):
    admin, manager = app_for("admin"), app_for("manager", language="en")
    manager_id = manager.api("GET", "/me/").json()["id"]
    press, tech = _asset(admin, PRESS, manager_id), _asset(admin, TECH, manager_id)

    # The manager makes Tomás a technician who operates the press, and has the press offer an operator.
    page = manager.page
    page.goto(f"/#/manage?asset={tech}")
    settle(page)
    section = page.get_by_test_id("manage-operators")
    section.get_by_test_id("field-operator-staff").check()
    section.get_by_test_id(f"field-operator-operates-{press}").check()
    section.get_by_test_id("operator-save").click()
    expect(section.get_by_test_id("operator-saved")).to_be_visible()
    assert audit(page) == []
    page.goto(f"/#/manage?asset={press}")
    settle(page)
    section = page.get_by_test_id("manage-operators")
    section.get_by_test_id("operator-mode").select_option("optional")
    section.get_by_test_id("operator-save").click()
    expect(section.get_by_test_id("operator-saved")).to_be_visible()
    saved = manager.api("GET", f"/assets/{tech}/").json()
    assert (saved["resource_type"], saved["operates"]) == ("staff", [press])
    assert manager.api("GET", f"/assets/{press}/").json()["operator"] == "optional"

    # Ana books the press with an operator.
    ana = app_for("ana", language="en")
    page = ana.page
    page.goto(f"/#/book?asset={press}")
    settle(page)
    pick_slot(page, PRESS, future(2, 4), "10:00", "12:00", "Etiquetas de temporada")
    page.get_by_test_id("book-operator").check()
    assert audit(page) == []
    page.get_by_test_id("book-submit").click()
    expect(page.get_by_test_id("book-operator-booked")).to_have_text(f"Operator: {TECH}")
    [booking] = [r for r in ana.api("GET", f"/reservations/?asset={press}").json()["results"]]
    page.goto(f"/#/reservations/{booking['id']}")
    settle(page)
    expect(page.get_by_test_id("booking-operator-name")).to_have_text(TECH)
    assert audit(page) == []
    ana.screenshot("test_operators_booking")
    assert ana.errors == []

    # On a phone, in English and in Spanish: the Book page's choice and the booking page.
    phone = app_for("ana", viewport=PHONE)
    for language, label in (("en", "Book an operator"), ("es", "Reservar un operador")):
        phone.page.get_by_test_id(f"language-{language}").click()
        phone.page.goto(f"/#/book?asset={press}")
        settle(phone.page)
        expect(phone.page.get_by_test_id("book-operator-choice")).to_contain_text(label)
        assert audit(phone.page) == []
        phone.page.goto(f"/#/reservations/{booking['id']}")
        settle(phone.page)
        expect(phone.page.get_by_test_id("booking-operator-name")).to_have_text(TECH)
        assert audit(phone.page) == []
    phone.screenshot("test_operators_phone_es")
    phone.page.get_by_test_id("language-en").click()  # the language is saved on the account: back for the others
    settle(phone.page)
    assert phone.errors == []
