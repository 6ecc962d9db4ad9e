"""E-mail: each person's preferences (founders edit them), and the records of what was sent (read-only)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from goals.models import DigestSent, NotificationPreference, ReminderSent


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "reminders", "digest", "language", "updated_at"]
    list_filter = ["reminders", "digest", "language"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


class SentRecordAdmin(admin.ModelAdmin):
    """Written by send_reminders only; nobody adds or edits one by hand."""

    list_select_related = ["user"]
    date_hierarchy = "claimed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Sent"), boolean=True, ordering="sent_at")
    def was_sent(self, record):
        return record.sent_at is not None


@admin.register(ReminderSent)
class ReminderSentAdmin(SentRecordAdmin):
    list_display = ["user", "objective", "due_on", "claimed_at", "sent_at", "was_sent"]
    list_filter = ["due_on"]
    search_fields = ["user__username", "objective__statement"]
    list_select_related = ["user", "objective"]


@admin.register(DigestSent)
class DigestSentAdmin(SentRecordAdmin):
    list_display = ["user", "week", "claimed_at", "sent_at", "was_sent"]
    list_filter = ["week"]
    search_fields = ["user__username"]
