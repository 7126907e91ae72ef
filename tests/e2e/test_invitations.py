"""Invite → accept → book: Bruno, member admin of Norte Films, invites Nora from My company; Nora opens the link
from the e-mail, sets her name and password, is signed in and books. The accept page and the used link pass axe on
a phone."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import audit, future, pick_slot, settle

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def link_in(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            text = part.get_content()
            return re.search(r"https?://\S+/#/invitations/[0-9a-f]{64}", text).group(0)
    raise AssertionError("no text part")


def test_a_member_admin_invites_and_the_invitee_accepts_and_books(app_for, mailbox):
    bruno = app_for("bruno", language="en")
    page = bruno.page
    member = next(m["member"]["id"] for m in bruno.api("GET", "/me/").json()["memberships"])
    page.goto(f"/#/company?member={member}&section=people")
    settle(page)
    page.get_by_test_id("invite-email").fill("nora@norte.example")
    page.get_by_test_id("invite-role").select_option("booker")
    page.get_by_test_id("invite-mail-language").select_option("es")
    page.get_by_test_id("invite-send").click()
    expect(page.get_by_test_id("invitations-status")).to_contain_text("Invitation sent to nora@norte.example")
    expect(page.get_by_test_id("invitation-nora@norte.example")).to_contain_text("Pending")
    bruno.screenshot("test_invitations_sent")

    [message] = [m for m in mailbox() if m["To"] == "nora@norte.example"]
    assert message["Subject"] == "Tu invitación a Norte Films en Sinergia"
    link = link_in(message)

    nora = app_for(viewport=PHONE)
    nora.page.goto("/#" + link.split("/#", 1)[1])
    form = nora.page.get_by_test_id("invitation-form")
    expect(nora.page.get_by_test_id("invitation")).to_contain_text("Norte Films")
    expect(form).to_contain_text("create your account")
    assert audit(nora.page) == []
    nora.page.get_by_test_id("language-es").click()
    expect(nora.page.get_by_test_id("invitation-form")).to_contain_text("crear tu cuenta")
    assert audit(nora.page) == []
    nora.page.get_by_test_id("language-en").click()
    nora.page.get_by_test_id("invite-first-name").fill("Nora")
    nora.page.get_by_test_id("invite-last-name").fill("Vidal")
    nora.page.get_by_test_id("invite-password").fill("nora")
    nora.page.get_by_test_id("invite-accept").click()
    expect(nora.page.locator("#invite-password-error")).to_be_visible()
    nora.screenshot("test_invitations_weak_password", full_page=False)
    nora.page.get_by_test_id("invite-password").fill("Gr3en-tractor-lamp")
    nora.page.get_by_test_id("invite-accept").click()
    expect(nora.page.get_by_test_id("header-user")).to_contain_text("Nora")

    nora.page.get_by_test_id("nav-book").click()
    pick_slot(nora.page, "Sala de etalonaje", future(4, weeks_ahead=8), "09:00", "10:00", "Primera sesión")
    nora.page.get_by_test_id("book-submit").click()
    expect(nora.page.locator(".result-card--ok")).to_be_visible()
    booked = nora.api("GET", "/reservations/?ordering=-created_at&page_size=1").json()["results"][0]
    assert booked["title"] == "Primera sesión"
    assert nora.api("POST", f"/reservations/{booked['id']}/cancel/", {"reason": "e2e"}).status == 200

    # The same link, used: it says so plainly.
    used = app_for(viewport=PHONE)
    used.page.goto("/#" + link.split("/#", 1)[1])
    gone = used.page.get_by_test_id("invitation-gone")
    expect(gone).to_have_attribute("data-code", "invitation_used")
    assert audit(used.page) == []

    page.reload()
    settle(page)
    expect(page.get_by_test_id("invitation-nora@norte.example")).to_contain_text("Accepted")
    membership = next(
        p for p in bruno.api("GET", f"/members/{member}/people/").json() if p["email"] == "nora@norte.example"
    )
    assert bruno.api("DELETE", f"/memberships/{membership['id']}/").status == 200


def test_a_cluster_admin_invites_an_accountant_and_revokes_it(app_for, mailbox):
    admin = app_for("admin", language="en")
    page = admin.page
    page.get_by_test_id("nav-cluster").click()
    invitations = page.get_by_test_id("cluster-invitations")
    invitations.get_by_test_id("invite-role").select_option("accountant")
    expect(invitations.get_by_test_id("invite-company")).to_be_hidden()
    invitations.get_by_test_id("invite-email").fill("olga@cluster.example")
    invitations.get_by_test_id("invite-send").click()
    row = invitations.get_by_test_id("invitation-olga@cluster.example")
    expect(row).to_contain_text("Accountant")
    expect(row).to_contain_text("Pending")
    assert [m["Subject"] for m in mailbox() if m["To"] == "olga@cluster.example"] == ["Your invitation to Sinergia"]
    row.get_by_role("button", name="Revoke the invitation to olga@cluster.example").click()
    expect(invitations.get_by_test_id("invitations-status")).to_contain_text("was revoked")
    expect(row).to_contain_text("Revoked")
