# A series' rule and title are read back from its django-scheduler Event and Rule, which hold them already.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('bookings', '0004_blocked_period_index'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='series',
            name='rrule',
        ),
        migrations.RemoveField(
            model_name='series',
            name='title',
        ),
    ]
