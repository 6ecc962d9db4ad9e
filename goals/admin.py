"""The admin: where founders and staff keep the plan current."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Evidence, Goal, Objective, Owner, Plan


class GoalInline(admin.TabularInline):
    model = Goal
    fields = ["order", "title", "slug", "weight"]
    prepopulated_fields = {"slug": ["title"]}
    extra = 0
    show_change_link = True


class ObjectiveInline(admin.TabularInline):
    model = Objective
    fields = ["order", "statement", "slug", "status", "progress_source", "progress", "weight", "owners"]
    autocomplete_fields = ["owners"]
    extra = 0
    show_change_link = True


class EvidenceInline(admin.StackedInline):
    model = Evidence
    fields = ["title", "kind", "happened_on", "url", "file", "summary", "metric_value", "metric_unit", "visibility"]
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "status", "starts_on", "due_on", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "order", "weight"]
    list_filter = ["plan"]
    search_fields = ["title", "rationale"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["plan"]
    inlines = [ObjectiveInline]


@admin.register(Objective)
class ObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["statement", "goal", "status", "progress", "due_on"]
    list_filter = ["status", "goal__plan", "goal", "owners"]
    search_fields = ["statement", "description"]
    autocomplete_fields = ["owners"]
    list_select_related = ["goal__plan"]
    inlines = [EvidenceInline]


@admin.register(Owner)
class OwnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "role", "user"]
    list_filter = ["kind"]
    search_fields = ["name", "role", "email"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "objective", "kind", "happened_on", "visibility"]
    list_filter = ["kind", "visibility", "objective__goal__plan"]
    search_fields = ["title", "summary"]
    date_hierarchy = "happened_on"
    list_select_related = ["objective"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
from . import review_admin  # noqa: E402, F401 - board reviews (issue 5)
