"""Review snapshots freeze a measured objective's key result: metric, unit, direction, baseline, target
and the newest public value."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0009_roles_for_key_results"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewsnapshot",
            name="baseline",
            field=models.DecimalField(decimal_places=2, max_digits=14, null=True),
        ),
        migrations.AddField(
            model_name="reviewsnapshot",
            name="direction",
            field=models.CharField(
                blank=True,
                choices=[("at_least", "At least"), ("at_most", "At most"), ("exactly", "Exactly")],
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="reviewsnapshot",
            name="metric",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="reviewsnapshot",
            name="target",
            field=models.DecimalField(decimal_places=2, max_digits=14, null=True),
        ),
        migrations.AddField(
            model_name="reviewsnapshot",
            name="unit",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="reviewsnapshot",
            name="value",
            field=models.DecimalField(
                decimal_places=2,
                help_text="The newest public measurement: the value the progress counted.",
                max_digits=14,
                null=True,
            ),
        ),
    ]
