"""The Calendar feeds panel in the user menu: the personal links, a webcal link, replacing the token."""

import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from .helpers import audit

pytestmark = pytest.mark.e2e


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_ana_copies_her_feed_link_and_replaces_it(app_for, live_url):
    ana = app_for("ana")
    ana.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = ana.page
    page.get_by_test_id("user-menu-button").click()
    page.get_by_test_id("open-feeds").click()
    panel = page.get_by_test_id("feeds-panel")
    member_feed = panel.get_by_test_id("feed-member")
    expect(member_feed).to_contain_text("Norte Films")
    old_url = member_feed.get_by_test_id("feed-member-url").input_value()
    assert "/ical/members/" in old_url and "token=" in old_url
    assert member_feed.get_by_test_id("feed-member-webcal").get_attribute("href").startswith("webcal://")
    member_feed.get_by_test_id("feed-member-copy").click()
    expect(member_feed).to_contain_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == old_url
    assert audit(page) == []
    ana.screenshot("test_feeds_panel", full_page=False)

    local = old_url.replace(old_url.split("/ical/")[0], live_url)  # SITE_URL names the public host
    assert status_of(local) == 200
    page.on("dialog", lambda dialog: dialog.accept())
    panel.get_by_test_id("feeds-rotate").click()
    expect(panel.get_by_test_id("feeds-rotated")).to_be_visible()
    new_url = panel.get_by_test_id("feed-member-url").input_value()
    assert new_url != old_url
    assert status_of(local) == 404
    assert status_of(new_url.replace(new_url.split("/ical/")[0], live_url)) == 200
    panel.get_by_test_id("feeds-close").click()
    expect(panel).to_have_count(0)
