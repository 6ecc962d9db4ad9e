"""Plans and goals: goals inline on a plan, objectives inline on a goal, archive and restore."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from goals.admin import recovery
from goals.admin.base import HistoryAdmin, LockedInline
from goals.admin.forms import GoalAdminForm, ObjectiveAdminForm, PlanAdminForm
from goals.models import Goal, Objective, Plan


class GoalInline(LockedInline, admin.TabularInline):
    model = Goal
    form = GoalAdminForm
    fields = ["order", "title", "slug", "weight", "is_archived"]
    prepopulated_fields = {"slug": ["title"]}
    extra = 0
    show_change_link = True


class ObjectiveInline(LockedInline, admin.TabularInline):
    model = Objective
    form = ObjectiveAdminForm
    fields = [
        "order",
        "statement",
        "slug",
        "status",
        "progress_source",
        "progress",
        "due_on",
        "weight",
        "owners",
    ]
    autocomplete_fields = ["owners"]
    prepopulated_fields = {"slug": ["statement"]}
    extra = 1
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(HistoryAdmin):
    form = PlanAdminForm
    list_display = ["title", "status", "starts_on", "due_on", "goal_count", "updated_at", "on_site"]
    list_filter = ["status"]
    search_fields = ["title", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [GoalInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(goal_count=Count("goals"))

    @admin.display(description=_("Goals"), ordering="goal_count")
    def goal_count(self, plan):
        return plan.goal_count


class ArchivedFilter(admin.SimpleListFilter):
    title = "archived"
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", "Current"), ("yes", "Archived")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(is_archived=self.value() == "yes")
        return queryset


@admin.register(Goal)
class GoalAdmin(HistoryAdmin):
    form = GoalAdminForm
    list_display = [
        "title",
        "plan",
        "order",
        "weight",
        "objective_count",
        "progress_column",
        "is_archived",
        "on_site",
    ]
    list_filter = [ArchivedFilter, ("plan", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "rationale", "plan__title"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["plan"]
    inlines = [ObjectiveInline]
    actions = ["archive", "unarchive"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "objectives", queryset=Objective.objects.order_by("order", "pk"), to_attr="objective_list"
                )
            )
        )

    @admin.display(description=_("Objectives"))
    def objective_count(self, goal):
        return len(goal.objectives_in_order())

    @admin.display(description=_("Progress"))
    def progress_column(self, goal):
        value = goal.progress
        return (
            "—"
            if value is None
            else format_html('<progress max="100" value="{}"></progress> {}%', value, value)
        )

    @admin.action(
        description=_("Archive the selected goals (hide them from public pages)"), permissions=["change"]
    )
    def archive(self, request, queryset):
        self._set_archived(request, queryset, True)

    @admin.action(description=_("Restore the selected goals to public pages"), permissions=["change"])
    def unarchive(self, request, queryset):
        self._set_archived(request, queryset, False)

    def _set_archived(self, request, queryset, archived):
        goals = [goal for goal in queryset if goal.is_archived != archived]
        for goal in goals:  # one by one, so that each change is in the history
            goal.is_archived = archived
            goal.save(update_fields=["is_archived", "updated_at"])
        if archived:
            message = ngettext("%(count)d goal archived.", "%(count)d goals archived.", len(goals))
        else:
            message = ngettext(
                "%(count)d goal restored to public pages.",
                "%(count)d goals restored to public pages.",
                len(goals),
            )
        self.message_user(request, message % {"count": len(goals)}, messages.SUCCESS)

    def get_urls(self):
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_goals_view),
                name="goals_goal_deleted",
            ),
            *super().get_urls(),
        ]

    def deleted_goals_view(self, request):
        """Goals deleted with their objectives and evidence, and a button to bring each back."""
        if not (self.has_add_permission(request) and self.has_change_history_permission(request)):
            raise PermissionDenied
        if request.method == "POST":
            try:
                goal = recovery.restore_goal(int(request.POST.get("goal_id", "0")))
            except (ValueError, recovery.CannotRestore) as error:
                self.message_user(request, str(error), messages.ERROR)
                return redirect("admin:goals_goal_deleted")
            self.message_user(
                request,
                format_html(
                    _("Restored “{}” with {} objective(s) and {} evidence item(s)."),
                    goal,
                    goal.restored_objectives,
                    goal.restored_evidence,
                ),
                messages.SUCCESS,
            )
            return redirect("admin:goals_goal_change", goal.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Deleted goals",
            "deleted": recovery.deleted_goals(),
        }
        return TemplateResponse(request, "admin/goals/goal/deleted_goals.html", context)
