"""E-mails write every time in the asset's zone with the zone named and every amount in the recipient's format,
read from the e-mails actually sent (locmem outbox), through the JSON context a worker receives."""

import json
import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.utils import translation

from accounts.models import Membership
from billing import services as billing
from bookings import services as bookings
from notifications import services
from notifications.models import Delivery
from tests.billing.helpers import past_reservation, utc
from tests.conftest import future_day, local
from tests.factories import MemberFactory, MembershipFactory, PriceRuleFactory, UserFactory

from .helpers import spanish_time, subject_time

pytestmark = pytest.mark.django_db

TEMPLATES = Path(services.__file__).parent / "templates" / "notifications"
# 17:00–19:00 in Madrid on Tuesday 10 March 2026 (CET, UTC+1): 16:00–18:00 UTC. The deadline: 09:00 Madrid.
START = datetime(2026, 3, 10, 16, tzinfo=UTC)
END = datetime(2026, 3, 10, 18, tzinfo=UTC)
DEADLINE = datetime(2026, 3, 10, 8, tzinfo=UTC)
ENGLISH_WHEN = "Tue 10 Mar 2026, 17:00–19:00 (Europe/Madrid)"
SPANISH_WHEN = "mar 10 mar 2026, 17:00–19:00 (Europe/Madrid)"
CONTEXT = {
    "reservation_id": 7, "title": "Rodaje", "asset": "Plató A", "location": "Nave 3", "timezone": "Europe/Madrid",
    "member": "Norte Films", "booked_by": "Ana", "by": "Mara", "reason": "Obras", "start": START, "end": END,
    "deadline": DEADLINE, "payer": "Sur Producciones", "amount_minor": 182710, "currency": "EUR",
    "accepted_amount_minor": 100000, "accepted_currency": "EUR", "proposed_by": "Ana", "decided_by": "Carla",
    "period": "2026-03", "totals": {"EUR": 182710}, "id": 3, "series_id": 2, "occurrences": 4, "lines": 2,
    "link": "http://127.0.0.1:8000/#/x", "previous_asset": "Plató B",
    "previous_start": datetime(2026, 3, 9, 16, tzinfo=UTC), "previous_end": datetime(2026, 3, 9, 18, tzinfo=UTC),
    "alternatives": [{"asset": 2, "asset_name": "Plató B", "start": START, "end": END,
                      "price": {"amount": "1827.10", "currency": "EUR"}, "requires_approval": False}],
}  # fmt: skip


def template_kinds() -> set[str]:
    """Every e-mail kind there is a template for (not the partials and the base layouts)."""
    return {path.stem for path in TEMPLATES.glob("*.txt") if not path.stem.startswith(("_", "base"))}


def send(kind: str, user, context: dict = CONTEXT, key: str = "test") -> mail.EmailMessage:
    """Send `kind` to `user` as a worker does: from the JSON the queue carries."""
    mail.outbox.clear()
    queued = json.loads(json.dumps(services._plain(context)))
    assert services.notify_users(kind=kind, user_ids=[user.id], context=queued, key=key) == 1
    (message,) = mail.outbox
    return message


def test_every_template_is_a_kind_and_every_kind_has_its_templates():
    assert template_kinds() == set(services.KINDS)
    assert all((TEMPLATES / f"{kind}.html").exists() for kind in template_kinds())


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("kind", sorted(template_kinds()))
def test_no_e_mail_shows_a_time_without_its_zone_or_in_utc(kind, language):
    message = send(kind, UserFactory(language=language))
    html = message.alternatives[0][0]
    for text in (message.subject, message.body, html):
        # Every clock time belongs to a local time that names its zone; nothing is left once those are removed.
        rest = re.sub(r"\d{2}:\d{2}(?:–\d{2}:\d{2})? \(Europe/Madrid\)|https?://[^\s\"<]+", "", text)
        assert not re.search(r"\d{1,2}:\d{2}|\d{1,2} ?[ap]\.?m\.?|\bUTC\b|\+00:00", rest), (kind, text)
        assert "16:00" not in text and "18:00" not in text and "08:00" not in text, (kind, text)
        assert "1827.10" not in text and "EUR" not in text, (kind, text)
    uses_time = (
        "when" in (TEMPLATES / f"{kind}.txt").read_text() or "_reservation" in (TEMPLATES / f"{kind}.txt").read_text()
    )
    if uses_time:
        assert (ENGLISH_WHEN if language == "en" else SPANISH_WHEN) in message.body + message.subject


@pytest.mark.parametrize(
    ("language", "when", "amount", "accepted"),
    [
        ("en", ENGLISH_WHEN, "€1,827.10", "€1,000.00"),
        ("es", SPANISH_WHEN, "1.827,10 €", "1.000,00 €"),
    ],
)
def test_a_proposed_share_reads_the_madrid_time_with_its_zone_and_a_localised_amount(language, when, amount, accepted):
    message = send("cost_share_proposed", UserFactory(language=language))
    assert message.subject.endswith(f" {when}")
    assert when in message.body and amount in message.body and accepted in message.body
    assert when in message.alternatives[0][0] and amount in message.alternatives[0][0]


@pytest.mark.parametrize(
    ("currency", "minor", "english", "spanish"),
    [
        ("JPY", 182710, "¥182,710", "182.710 ¥"),
        ("KWD", 1827105, "KWD 1,827.105", "1.827,105 KWD"),
        ("USD", -50, "-US$0.50", "-0,50 US$"),
    ],
)
def test_amounts_use_the_currencys_exponent(currency, minor, english, spanish):
    context = {**CONTEXT, "amount_minor": minor, "currency": currency, "accepted_amount_minor": None}
    assert english in send("cost_share_proposed", UserFactory(language="en"), context).body
    body = send("cost_share_proposed", UserFactory(language="es"), context, key="es").body
    assert spanish in body
    if currency == "JPY":
        assert "182.710,00" not in body and "182710" not in body


def test_a_statement_totals_each_currency_in_the_recipients_format_and_names_the_month():
    context = {**CONTEXT, "totals": {"EUR": 182710, "JPY": 5000}}
    english = send("statement_issued", UserFactory(language="en"), context)
    assert english.subject == "Statement for Norte Films, March 2026"
    assert "€1,827.10, ¥5,000." in english.body
    spanish = send("statement_issued", UserFactory(language="es"), context, key="es")
    assert "marzo de 2026: 1.827,10 €, 5.000 ¥." in spanish.body


def test_a_context_queued_before_minor_units_still_reads_localised():
    """A task already in the queue when this version deploys carries the amount as "123.45"."""
    old = {key: value for key, value in CONTEXT.items() if key not in ("amount_minor", "accepted_amount_minor")}
    body = send("cost_share_proposed", UserFactory(language="es"), {**old, "amount": "250.00"}).body
    assert "250,00 €" in body and SPANISH_WHEN in body


def test_a_real_madrid_booking_at_17_reads_17_with_its_zone_in_both_languages(
    asset, member, booker, django_capture_on_commit_callbacks
):
    payer = MemberFactory(name="Bodega Altiplano")
    english = MembershipFactory(member=payer, role=Membership.Role.MEMBER_ADMIN, user=UserFactory(language="en"))
    spanish = MembershipFactory(member=payer, role=Membership.Role.MEMBER_ADMIN, user=UserFactory(language="es"))
    PriceRuleFactory(asset=asset, hourly_rate_minor=182710, vat_rate="0")  # 2 h halved: 1827.10 each
    day = future_day(1)
    reservation = bookings.reservation_create(
        asset=asset, member=member, by=booker, start=local(day, 17), end=local(day, 19), title="Rodaje"
    )
    with django_capture_on_commit_callbacks(execute=True):
        billing.cost_shares_set(reservation=reservation, payers=[(member, Decimal(1)), (payer, Decimal(1))], by=booker)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    en, es = by_recipient[english.user.email], by_recipient[spanish.user.email]
    assert subject_time(reservation.start, reservation.end) in en.subject
    assert "17:00–19:00 (Europe/Madrid)" in en.body and "€1,827.10" in en.body
    assert spanish_time(reservation.start, reservation.end) in es.body and "1.827,10 €" in es.body


def test_a_booking_across_midnight_names_both_days():
    context = {**CONTEXT, "start": datetime(2026, 3, 10, 21, tzinfo=UTC), "end": datetime(2026, 3, 11, 1, tzinfo=UTC)}
    body = send("approved", UserFactory(language="en"), context).body
    assert "Tue 10 Mar 2026, 22:00 – Wed 11 Mar 2026, 02:00 (Europe/Madrid)" in body


def test_the_summer_time_offset_follows_the_date():
    """Madrid is UTC+2 in July: 15:00 UTC is 17:00 there."""
    context = {**CONTEXT, "start": datetime(2026, 7, 7, 15, tzinfo=UTC), "end": datetime(2026, 7, 7, 17, tzinfo=UTC)}
    assert "Tue 7 Jul 2026, 17:00–19:00 (Europe/Madrid)" in send("reminder", UserFactory(language="en"), context).body


def test_the_auto_rejection_reason_is_in_the_recipients_language_not_the_approvers(
    approval_asset, member, booker, other_member, manager, django_capture_on_commit_callbacks
):
    rival_booker = MembershipFactory(member=other_member, role=Membership.Role.BOOKER, user=UserFactory()).user
    day = future_day(1)
    chosen = bookings.reservation_create(
        asset=approval_asset, member=member, by=booker, start=local(day, 10), end=local(day, 12), title="A"
    )
    bookings.reservation_create(
        asset=approval_asset, member=other_member, by=rival_booker, start=local(day, 11), end=local(day, 13),
        title="B", compete=True,
    )  # fmt: skip
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), translation.override("es"):
        bookings.reservation_approve(reservation=chosen, by=manager)
    (rejected,) = [message for message in mail.outbox if message.to == [rival_booker.email]]
    assert "Reason: Another request for the same period was approved." in rejected.body


@pytest.mark.parametrize(
    ("language", "before", "offer"),
    [
        ("en", "Mon 9 Mar 2026, 17:00–19:00 (Europe/Madrid)", f"Plató B: {ENGLISH_WHEN} (€1,827.10)"),
        ("es", "lun 9 mar 2026, 17:00–19:00 (Europe/Madrid)", f"Plató B: {SPANISH_WHEN} (1.827,10 €)"),
    ],
)
def test_a_closure_names_the_former_time_and_the_offers_in_local_time(language, before, offer):
    assert before in send("closure_moved", UserFactory(language=language)).body
    assert offer in send("closure_cancelled", UserFactory(language=language), key="cancelled").body


def close_march(django_capture_on_commit_callbacks, asset, member, booker):
    PriceRuleFactory(asset=asset, hourly_rate_minor=100000, vat_rate="0")
    past_reservation(asset=asset, member=member, booked_by=booker, start=utc(2025, 3, 3, 9), end=utc(2025, 3, 3, 11))
    period = billing.billing_period_for(year=2025, month=3)
    with django_capture_on_commit_callbacks(execute=True):
        billing.billing_period_close(period=period, by=UserFactory(is_accountant=True), now=utc(2025, 4, 2))
    return [message for message in mail.outbox if "/#/statements/" in message.body]


def test_a_member_without_an_admin_gets_its_statement_at_its_billing_e_mail(
    asset, other_member, django_capture_on_commit_callbacks
):
    """Sur Producciones in the demo: bookers only, no member admin; its users write Spanish."""
    other_member.billing_email = "facturas@sur.example"
    other_member.save()
    carla = MembershipFactory(member=other_member, role=Membership.Role.BOOKER, user=UserFactory(language="es")).user
    (message,) = close_march(django_capture_on_commit_callbacks, asset, other_member, carla)
    assert message.to == ["facturas@sur.example"]
    assert message.subject == "Extracto de Sur Producciones, marzo de 2025"
    assert "Hola, Sur Producciones:" in message.body and "2.000,00 €" in message.body
    delivery = Delivery.objects.get(kind="statement_issued")
    assert (delivery.email, delivery.recipient) == ("facturas@sur.example", None)


def test_a_member_with_an_admin_mails_the_admin_not_the_billing_address(
    asset, member, booker, member_admin, django_capture_on_commit_callbacks
):
    member.billing_email = "facturas@norte.example"
    member.save()
    (message,) = close_march(django_capture_on_commit_callbacks, asset, member, booker)
    assert message.to == [member_admin.email]
    assert "€2,000.00" in message.body


def test_a_member_with_neither_an_admin_nor_a_billing_e_mail_is_mailed_nothing(
    asset, member, booker, django_capture_on_commit_callbacks
):
    assert close_march(django_capture_on_commit_callbacks, asset, member, booker) == []
    assert not Delivery.objects.filter(kind="statement_issued").exists()
