"""Review snapshots freeze a measured objective's targets on the way too, as a list of
{"due_on", "value"}. Rows recorded before this keep null: their targets were not kept, and a
recorded snapshot is never rewritten."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0019_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewsnapshot",
            name="targets",
            field=models.JSONField(
                blank=True,
                help_text="The key result's targets on the way, by date.",
                null=True,
                verbose_name="targets on the way",
            ),
        ),
    ]
