"""Check-in cadence on plans and objectives; e-mail preferences and the records of reminders and
digests sent; founders may edit preferences and read the records in the admin."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from goals.migrations._role_grants import role_grants

ROLE_PERMISSIONS = {
    "Founders": [
        *[f"{action}_notificationpreference" for action in ("add", "change", "delete", "view")],
        "view_remindersent",
        "view_digestsent",
    ],
}


grant, revoke = role_grants(ROLE_PERMISSIONS)


class Migration(migrations.Migration):

    dependencies = [
        ('goals', '0011_api_tokens'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalobjective',
            name='check_in_cadence',
            field=models.CharField(blank=True, choices=[('weekly', 'Weekly'), ('every_two_weeks', 'Every two weeks'), ('monthly', 'Monthly')], help_text="How often its owners are asked for a check-in. Leave empty to use the plan's.", max_length=16),
        ),
        migrations.AddField(
            model_name='historicalplan',
            name='check_in_cadence',
            field=models.CharField(choices=[('weekly', 'Weekly'), ('every_two_weeks', 'Every two weeks'), ('monthly', 'Monthly')], default='monthly', help_text="How often owners are asked for a check-in, counted from an objective's last update. Each objective may set its own.", max_length=16),
        ),
        migrations.AddField(
            model_name='objective',
            name='check_in_cadence',
            field=models.CharField(blank=True, choices=[('weekly', 'Weekly'), ('every_two_weeks', 'Every two weeks'), ('monthly', 'Monthly')], help_text="How often its owners are asked for a check-in. Leave empty to use the plan's.", max_length=16),
        ),
        migrations.AddField(
            model_name='plan',
            name='check_in_cadence',
            field=models.CharField(choices=[('weekly', 'Weekly'), ('every_two_weeks', 'Every two weeks'), ('monthly', 'Monthly')], default='monthly', help_text="How often owners are asked for a check-in, counted from an objective's last update. Each objective may set its own.", max_length=16),
        ),
        migrations.CreateModel(
            name='NotificationPreference',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reminders', models.BooleanField(default=True, help_text='An e-mail when a check-in is due on an objective this person owns.', verbose_name='check-in reminders')),
                ('digest', models.BooleanField(default=False, help_text='Once a week: progress, what moved, what needs attention (board members and founders).', verbose_name='weekly board digest')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='notification_preference', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'e-mail preference',
                'ordering': ['user__username'],
            },
        ),
        migrations.CreateModel(
            name='DigestSent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('week', models.DateField(help_text='The Monday of the ISO week.')),
                ('claimed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('run', models.CharField(help_text='The run of send_reminders that claimed it.', max_length=32)),
                ('sent_at', models.DateTimeField(blank=True, help_text='Empty while the e-mail is being sent.', null=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'digest sent',
                'verbose_name_plural': 'digests sent',
                'ordering': ['-week', 'user__username'],
                'constraints': [models.UniqueConstraint(fields=('user', 'week'), name='digest_once_per_week', violation_error_message="This person already has this week's digest.")],
            },
        ),
        migrations.CreateModel(
            name='ReminderSent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('due_on', models.DateField(help_text='The check-in due date this reminder was about.')),
                ('claimed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('run', models.CharField(help_text='The run of send_reminders that claimed it.', max_length=32)),
                ('sent_at', models.DateTimeField(blank=True, help_text='Empty while the e-mail is being sent.', null=True)),
                ('objective', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='goals.objective')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'reminder sent',
                'verbose_name_plural': 'reminders sent',
                'ordering': ['-claimed_at'],
                'constraints': [models.UniqueConstraint(fields=('user', 'objective', 'due_on'), name='reminder_once_per_due_date', violation_error_message='This person was already reminded of this check-in.')],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
