from django.conf import settings
from django.db import migrations, models


def invoicing_state_of_existing_statements(apps, schema_editor):
    """Statements with a Stripe invoice per currency are invoiced. The others were never invoiced (a lost call):
    pending, so the sweep invoices them, when Stripe is on; not sent when it is off."""
    Statement = apps.get_model("billing", "Statement")
    for statement in Statement.objects.all().iterator():
        invoiced = statement.stripe_invoices.count()
        currencies = statement.lines.values("currency").distinct().count()
        if invoiced and invoiced >= currencies:
            state = "invoiced"
        else:
            state = "pending" if settings.STRIPE_SECRET_KEY else "not_sent"
        Statement.objects.filter(id=statement.id).update(invoicing_state=state, invoicing_changed_at=statement.issued_at)


class Migration(migrations.Migration):

    dependencies = [
        ("billing", "0005_share_proposals"),
    ]

    operations = [
        migrations.AlterField(
            model_name="billingperiod",
            name="state",
            field=models.CharField(
                choices=[("open", "Open"), ("closing", "Closing"), ("closed", "Closed")],
                default="open",
                max_length=8,
                verbose_name="state",
            ),
        ),
        migrations.AddField(
            model_name="billingperiod",
            name="closing_since",
            field=models.DateTimeField(blank=True, null=True, verbose_name="closing since"),
        ),
        migrations.AddField(
            model_name="billingperiod",
            name="statements_to_make",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="statements to make"),
        ),
        migrations.AddField(
            model_name="billingperiod",
            name="statements_made",
            field=models.PositiveIntegerField(default=0, verbose_name="statements made"),
        ),
        migrations.AddField(
            model_name="billingperiod",
            name="close_progress_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="statement",
            name="invoicing_state",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting for Stripe"),
                    ("invoiced", "Invoiced in Stripe"),
                    ("failed", "Invoicing failed"),
                    ("not_sent", "Not sent (Stripe is off)"),
                ],
                default="pending",
                max_length=10,
                verbose_name="invoicing",
            ),
        ),
        migrations.AddField(
            model_name="statement",
            name="invoicing_error",
            field=models.CharField(blank=True, default="", max_length=500, verbose_name="last invoicing error"),
        ),
        migrations.AddField(
            model_name="statement",
            name="invoicing_changed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(fields=["invoicing_state", "invoicing_changed_at"], name="statement_invoicing"),
        ),
        migrations.RunPython(invoicing_state_of_existing_statements, migrations.RunPython.noop),
    ]
