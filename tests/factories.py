from datetime import time, timedelta

import factory

from accounts.models import Member, Membership, User
from assets.models import Asset, AssetGroup, OpeningHours, PriceRule


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("pw-secret-123")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"Member {n}")
    tax_id = factory.Sequence(lambda n: f"TAX{n:06d}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    member = factory.SubFactory(MemberFactory)
    role = Membership.Role.BOOKER


class AssetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssetGroup

    name = factory.Sequence(lambda n: f"Group {n}")


class AssetFactory(factory.django.DjangoModelFactory):
    """An asset open 08:00–22:00 every day, 30-minute slots, no buffers, no approval."""

    class Meta:
        model = Asset
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Asset {n}")
    kind = "sound stage"
    timezone = "Europe/Madrid"
    slot_minutes = 30
    min_duration = timedelta(minutes=30)
    max_duration = timedelta(hours=12)

    @factory.post_generation
    def hours(asset, create, extracted, **kwargs):
        opens, closes = extracted or (time(8), time(22))
        OpeningHours.objects.bulk_create(
            OpeningHours(asset=asset, weekday=day, opens=opens, closes=closes) for day in range(7)
        )


class PriceRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceRule

    asset = factory.SubFactory(AssetFactory)
    tier = "full"
    currency = "EUR"
    hourly_rate_minor = 10000
    vat_rate = "21.00"


def api_key(user, name: str = "test") -> str:
    """A working API key for `user` (a named token made through the service)."""
    from accounts.services import api_token_create

    return api_token_create(user=user, name=name)[1]
