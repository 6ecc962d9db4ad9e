"""Key results (on the objective's page) and check-ins (listed; posted through "Post an update")."""

from django.contrib import admin

from goals.admin.base import HistoryAdmin
from goals.models import CheckIn, KeyResult, KeyResultTarget, Objective
from goals.permissions import edits_everything, reads_everything


class KeyResultInline(admin.StackedInline):
    model = KeyResult
    fields = ["metric", "unit", "direction", "baseline", "target"]
    extra = 0
    max_num = 1

    def has_change_permission(self, request, obj=None):
        return edits_everything(request.user) and super().has_change_permission(request, obj)

    has_add_permission = has_delete_permission = lambda self, request, obj=None: edits_everything(
        request.user
    )


class KeyResultTargetInline(admin.TabularInline):
    model = KeyResultTarget
    extra = 0


@admin.register(KeyResult)
class KeyResultAdmin(HistoryAdmin):
    list_display = ["metric", "objective", "direction", "baseline", "target", "unit"]
    list_select_related = ["objective"]
    search_fields = ["metric", "objective__statement"]
    inlines = [KeyResultTargetInline]


@admin.register(CheckIn)
class CheckInAdmin(HistoryAdmin):
    list_display = ["objective", "happened_on", "status", "value", "progress", "confidence", "visibility"]
    list_filter = ["visibility", "confidence"]
    list_select_related = ["objective__goal__plan", "author"]
    search_fields = ["note", "objective__statement"]
    date_hierarchy = "happened_on"
    readonly_fields = ["objective", "author", "status", "progress", "value", "client_key"]
    fields = [
        "objective", "happened_on", "author", "status", "progress", "value", "confidence", "note",
        "links", "file", "visibility", "client_key",
    ]  # fmt: skip

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not reads_everything(request.user):
            queryset = queryset.filter(objective__in=Objective.objects.owned_by(request.user).values("pk"))
        return queryset

    def has_add_permission(self, request):
        # A check-in also moves its objective: it is posted with "Post an update" (goals/check_ins.py).
        return False

    def has_change_permission(self, request, obj=None):
        return edits_everything(request.user) and super().has_change_permission(request, obj)
