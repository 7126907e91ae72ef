"""No schema change: the guards between blackouts and bookings (sinergia/triggers.py), installed after the
bookings app migrates, read `assets_blackout.kind`, so migrating bookings brings that column along."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0007_dayuse_checkin_release"),
        ("assets", "0004_incidents_blackout_kind"),
    ]

    operations = []
