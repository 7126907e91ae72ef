"""Demo data: the logins of the README, two clusters' worth of assets and a few bookings.

Bookings go through the real service, so the demo never holds an impossible state.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.models import Member, Membership, User
from assets.models import (
    Asset,
    AssetGroup,
    Blackout,
    OpeningHours,
    OperatorMode,
    PeakWindow,
    PriceRule,
    Qualification,
    QualificationGrant,
    ResourceType,
)
from assets.pricing import quote
from assets.qualification_services import add_months
from bookings import series_services, services
from bookings.models import Reservation, Status
from consumables.models import Item
from insights import rollups

PASSWORD = "demo"

MEMBERS = [
    # name, tax id, cost centre, tier
    ("Norte Films", "B12345678", "NF-100", Member.Tier.FULL),
    ("Sur Producciones", "B87654321", "SP-200", Member.Tier.FULL),
    ("Bodega Altiplano", "20123456789", "BA-300", Member.Tier.ASSOCIATE),
    ("Cerámica Celaya", "CCE0101017A1", "CC-400", Member.Tier.ASSOCIATE),
    ("Miel de Boyacá", "900123456-7", "MB-500", Member.Tier.EXTERNAL),
]

USERS = [
    # username, first name, last name, language, (member, role) or None, extra flags
    ("admin", "Adriana", "Admin", "en", None, {"is_staff": True, "is_superuser": True}),
    ("manager", "Mateo", "Gestor", "es", None, {}),
    ("accountant", "Alba", "Contable", "es", None, {"is_accountant": True}),
    ("ana", "Ana", "García", "en", ("Norte Films", Membership.Role.BOOKER), {}),
    ("bruno", "Bruno", "Martín", "es", ("Norte Films", Membership.Role.MEMBER_ADMIN), {}),
    ("carla", "Carla", "Ruiz", "es", ("Sur Producciones", Membership.Role.BOOKER), {}),
    ("diego", "Diego", "Quispe", "es", ("Bodega Altiplano", Membership.Role.MEMBER_ADMIN), {}),
    ("elena", "Elena", "Mamani", "en", ("Bodega Altiplano", Membership.Role.BOOKER), {}),
    ("felipe", "Felipe", "Rojas", "es", ("Miel de Boyacá", Membership.Role.MEMBER_ADMIN), {}),
]

WEEKDAYS = range(0, 5)
ALL_DAYS = range(0, 7)


def _asset(name, group, *, kind, tz, location, hours, days, rates, currency, vat, fixed_fee=0, **rules):
    asset = Asset.objects.create(name=name, group=group, kind=kind, timezone=tz, location=location, **rules)
    opens, closes = hours
    OpeningHours.objects.bulk_create(OpeningHours(asset=asset, weekday=d, opens=opens, closes=closes) for d in days)
    PriceRule.objects.bulk_create(
        PriceRule(
            asset=asset,
            tier=tier,
            currency=currency,
            hourly_rate_minor=rate,
            peak_hourly_rate_minor=peak,
            fixed_fee_minor=fixed_fee,
            vat_rate=vat,
        )
        for tier, (rate, peak) in rates.items()
    )
    return asset


def _create_catalogue(manager: User) -> dict[str, Asset]:
    stages = AssetGroup.objects.create(name="Platós", description="Platós de rodaje insonorizados")
    post = AssetGroup.objects.create(name="Postproducción", description="Salas de etalonaje y mezcla")
    cellars = AssetGroup.objects.create(name="Bodegas", description="Fermentación y embotellado compartidos")
    coworking = AssetGroup.objects.create(name="Coworking", description="Puestos de trabajo compartidos")
    for group in (stages, post, cellars, coworking):
        group.managers.add(manager)

    stage_rules = dict(
        kind="sound stage",
        tz="Europe/Madrid",
        hours=(time(8), time(22)),
        days=range(0, 6),
        currency="EUR",
        vat="21.00",
        fixed_fee=5000,
        rates={"full": (9000, 12000), "associate": (11000, 14000), "external": (15000, 18000)},
        slot_minutes=30,
        cleanup_buffer=timedelta(minutes=30),
        min_duration=timedelta(hours=1),
        max_duration=timedelta(hours=14),
        min_notice=timedelta(hours=2),
    )
    assets = {
        "Plató A": _asset("Plató A", stages, location="Nave 1, Polígono Audiovisual, Bilbao", **stage_rules),
        "Plató B": _asset("Plató B", stages, location="Nave 2, Polígono Audiovisual, Bilbao", **stage_rules),
        "Sala de etalonaje": _asset(
            "Sala de etalonaje",
            post,
            kind="colour grading suite",
            tz="Europe/Madrid",
            location="Edificio Central, 2ª planta, Bilbao",
            hours=(time(9), time(20)),
            days=WEEKDAYS,
            currency="EUR",
            vat="21.00",
            rates={"full": (6000, None), "associate": (7500, None), "external": (9500, None)},
            slot_minutes=30,
            min_duration=timedelta(hours=1),
            max_duration=timedelta(hours=11),
            min_notice=timedelta(hours=24),
            requires_approval=True,
        ),
        "Bodega de fermentación": _asset(
            "Bodega de fermentación",
            cellars,
            kind="fermentation cellar",
            tz="America/Lima",
            location="Av. Los Viñedos 120, Ica",
            hours=(time(0), time(0)),
            days=ALL_DAYS,
            currency="PEN",
            vat="18.00",
            rates={"full": (2500, None), "associate": (3000, None), "external": (4000, None)},
            slot_minutes=60,
            min_duration=timedelta(hours=4),
            max_duration=timedelta(days=21),
            min_notice=timedelta(hours=24),
            requires_approval=True,
        ),
        "Línea de embotellado": _asset(
            "Línea de embotellado",
            cellars,
            kind="bottling line",
            tz="America/Lima",
            location="Av. Los Viñedos 120, Ica",
            hours=(time(7), time(19)),
            days=WEEKDAYS,
            currency="PEN",
            vat="18.00",
            fixed_fee=8000,
            rates={"full": (12000, None), "associate": (13500, None), "external": (16000, None)},
            slot_minutes=60,
            min_duration=timedelta(hours=1),
            max_duration=timedelta(hours=12),
            setup_buffer=timedelta(hours=1),
        ),
        # A pooled asset: twelve interchangeable desks, each booking takes one (bookings/units.py).
        "Coworking desks": _asset(
            "Coworking desks",
            coworking,
            kind="desk",
            tz="Europe/Madrid",
            location="Edificio Central, 1ª planta, Bilbao",
            hours=(time(8), time(20)),
            days=WEEKDAYS,
            currency="EUR",
            vat="21.00",
            rates={"full": (300, None), "associate": (400, None), "external": (600, None)},
            slot_minutes=30,
            min_duration=timedelta(hours=1),
            max_duration=timedelta(hours=12),
            capacity=12,
        ),
    }
    for day in (5,):  # Saturdays on stages are peak
        for asset in (assets["Plató A"], assets["Plató B"]):
            PeakWindow.objects.create(asset=asset, weekday=day, starts=time(8), ends=time(22))
    for asset in assets.values():
        asset.managers.add(manager)
    return assets


def _working_day(offset: int, today: date) -> date:
    """The offset-th Monday-to-Friday day after today."""
    day = today
    while offset:
        day += timedelta(days=1)
        if day.weekday() < 5:
            offset -= 1
    return day


def _at(day: date, hour: int, asset: Asset) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(asset.timezone))


@transaction.atomic
def load_demo(today: date | None = None) -> None:
    members = {
        name: Member.objects.create(
            name=name,
            tax_id=tax_id,
            cost_centre=centre,
            tier=tier,
            billing_email=f"facturas@{name.split()[0].lower()}.example",
        )
        for name, tax_id, centre, tier in MEMBERS
    }
    users = {}
    for username, first, last, language, membership, flags in USERS:
        user = User.objects.create_user(
            username, email=f"{username}@sinergia.example", password=PASSWORD,
            first_name=first, last_name=last, language=language, **flags,
        )  # fmt: skip
        if membership:
            Membership.objects.create(user=user, member=members[membership[0]], role=membership[1])
        users[username] = user

    assets = _create_catalogue(users["manager"])
    _load_items(assets)
    today = today or timezone.localdate()
    _load_qualifications(assets, users, today)
    day = lambda n: _working_day(n, today)  # noqa: E731
    bookings = [
        ("ana", "Norte Films", "Plató A", day(1), 10, day(1), 14, "Rodaje spot Cerveza Norte"),
        ("carla", "Sur Producciones", "Plató B", day(1), 9, day(1), 13, "Ensayo general"),
        ("carla", "Sur Producciones", "Plató A", day(2), 15, day(2), 19, "Grabación videoclip"),
        ("ana", "Norte Films", "Sala de etalonaje", day(3), 10, day(3), 13, "Etalonaje del spot"),
        ("elena", "Bodega Altiplano", "Línea de embotellado", day(2), 8, day(2), 12, "Embotellado pisco quebranta"),
        (
            "elena",
            "Bodega Altiplano",
            "Bodega de fermentación",
            day(4),
            0,
            day(4) + timedelta(days=3),
            0,
            "Fermentación mosto",
        ),
        ("bruno", "Norte Films", "Plató B", day(6), 9, day(6), 18, "Rodaje serie capítulo 3"),
    ]
    for username, member, asset_name, start_day, start_hour, end_day, end_hour, title in bookings:
        asset = assets[asset_name]
        services.reservation_create(
            asset=asset,
            member=members[member],
            by=users[username],
            start=_at(start_day, start_hour, asset),
            end=_at(end_day, end_hour, asset),
            title=title,
        )
    stage_b = assets["Plató B"]
    Blackout.objects.create(
        asset=stage_b,
        start=_at(day(7), 8, stage_b),
        end=_at(day(7), 12, stage_b),
        reason="Mantenimiento de iluminación",
        created_by=users["manager"],
    )
    stage_a = assets["Plató A"]
    first_tuesday = today + timedelta(days=8 + (1 - today.weekday()) % 7)
    series_services.series_create(
        asset=stage_a,
        member=members["Norte Films"],
        by=users["ana"],
        start=_at(first_tuesday, 16, stage_a),
        end=_at(first_tuesday, 19, stage_a),
        rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=4",
        title="Rodaje serie semanal",
        on_conflict="skip",
    )
    _load_history(assets, members, users, today)
    _load_insights(assets, members, today)
    rollups.rebuild()  # the history and rates above are written directly, not through the services


def _load_items(assets) -> None:
    """The bottling line's consumables and add-ons, in soles: bottles and labels in stock, and a cleaning fee."""
    line = assets["Línea de embotellado"]
    Item.objects.bulk_create([
        Item(asset=line, name="Botella 750 ml", unit="botella", unit_price_minor=120, stock=20000),
        Item(asset=line, name="Etiquetas", unit="rollo", unit_price_minor=4500, stock=200),
        Item(asset=line, name="Limpieza CIP", unit="", unit_price_minor=25000),
    ])  # fmt: skip


def _load_qualifications(assets, users, today: date) -> None:
    """The bottling line needs a trained operator: Elena is one (Diego, her company's admin, is not yet)."""
    trained = Qualification.objects.create(
        name="Bottling line: trained operator",
        description="Safety and hygiene training for the bottling line, renewed yearly.",
        validity_months=12,
    )
    assets["Línea de embotellado"].required_qualifications.add(trained)
    QualificationGrant.objects.create(
        qualification=trained,
        user=users["elena"],
        granted_by=users["manager"],
        granted_on=today,
        expires_on=add_months(today, trained.validity_months),
    )
    _load_operator(assets["Línea de embotellado"], trained, users["manager"])


def _load_operator(line: Asset, trained: Qualification, manager: User) -> None:
    """Operator Olga, a technician (staff asset) who operates the bottling line; the line offers an operator."""
    olga = _asset(
        "Operator Olga", None, kind="technician", tz=line.timezone, location=line.location, hours=(time(7), time(19)),
        days=WEEKDAYS, currency="PEN", vat="18.00",
        rates={"full": (4000, None), "associate": (4500, None), "external": (5500, None)},
        slot_minutes=60, min_duration=timedelta(hours=1), resource_type=ResourceType.STAFF,
    )  # fmt: skip
    olga.operates.add(line)
    olga.holds.add(trained)
    olga.managers.add(manager)
    line.operator = OperatorMode.OPTIONAL
    line.save(update_fields=["operator"])


def _load_history(assets, members, users, today: date) -> None:
    """Last month's used bookings, so accounting has a period to close and a CSV to download."""
    from billing import services as billing

    first_of_month = today.replace(day=1)
    last_month = (first_of_month - timedelta(days=1)).replace(day=1)
    history = [
        ("ana", "Norte Films", "Plató A", 6, 9, 13, "Rodaje anuncio Sidra Norte"),
        ("carla", "Sur Producciones", "Plató B", 7, 10, 16, "Sesión de fotos catálogo"),
        ("ana", "Norte Films", "Sala de etalonaje", 8, 10, 14, "Etalonaje documental"),
        ("elena", "Bodega Altiplano", "Línea de embotellado", 9, 8, 12, "Embotellado vino tinto"),
        ("bruno", "Norte Films", "Plató B", 14, 9, 18, "Rodaje cortometraje"),
    ]
    for username, member, asset_name, day_of_month, start_hour, end_hour, title in history:
        asset = assets[asset_name]
        day = last_month.replace(day=day_of_month)
        while day.weekday() >= 5:  # every asset is open on weekdays
            day += timedelta(days=1)
        start, end = _at(day, start_hour, asset), _at(day, end_hour, asset)
        reservation = Reservation.objects.create(
            asset=asset,
            member=members[member],
            booked_by=users[username],
            start=start,
            end=end,
            blocked_start=start - asset.setup_buffer,
            blocked_end=end + asset.cleanup_buffer,
            status=Status.APPROVED,
            title=title,
            quote=quote(asset=asset, tier=members[member].tier, start=start, end=end).as_dict(),
        )
        billing.charge_sync(reservation=reservation)
        services.reservation_complete(reservation=reservation, now=end)
    billing.billing_period_for(year=last_month.year, month=last_month.month)
    billing.billing_period_for(year=today.year, month=today.month)


def _load_insights(assets, members, today: date) -> None:
    """Fair shares (proportional to dues) and what renting each asset alone would cost, for the Insights page."""
    from insights.models import AssetStandaloneRate, FairShare

    since = date(today.year - 1, 1, 1)
    weights = {"Norte Films": 3, "Sur Producciones": 2, "Bodega Altiplano": 2}
    FairShare.objects.bulk_create(
        FairShare(member=member, weight=weights.get(name, 1), valid_from=since) for name, member in members.items()
    )
    rates = {"Plató A": (18000, "EUR"), "Plató B": (16000, "EUR"), "Sala de etalonaje": (9000, "EUR")}
    rates["Línea de embotellado"] = (20000, "PEN")
    AssetStandaloneRate.objects.bulk_create(
        AssetStandaloneRate(asset=assets[name], hourly_rate_minor=rate, currency=currency)
        for name, (rate, currency) in rates.items()
    )
