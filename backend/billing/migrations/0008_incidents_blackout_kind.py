"""No schema change: migrating billing alone installs the guards between blackouts and bookings
(sinergia/triggers.py), which read `assets_blackout.kind`, so that column comes along."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0007_dayuse_released_charge"),
        ("assets", "0004_incidents_blackout_kind"),
    ]

    operations = []
