import time

from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("goals", "ContentVersion").objects.get_or_create(pk=1, defaults={"changed_at": int(time.time())})


class Migration(migrations.Migration):
    dependencies = [("goals", "0004_review_records")]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.BigIntegerField(default=0)),
                ("changed_at", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "content version"},
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
