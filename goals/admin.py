"""The admin: where founders keep the plan current, owners post updates and the board reads.

Roles are groups (goals/roles.py, migration 0003_admin_roles). Group permissions decide which kinds
of object a user may see or change; the methods below narrow owners to the objectives they own.
"""

import copy

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from . import recovery
from .forms import EvidenceAdminForm, GoalAdminForm, ObjectiveAdminForm, ObjectiveUpdateForm
from .models import Evidence, Goal, Objective, Owner, Plan
from .roles import edits_everything, owns, reads_everything

admin.site.site_header = "Strategy site administration"
admin.site.site_title = "Strategy site admin"
admin.site.index_title = "Keep the plan current"


def public_page_link(obj):
    return format_html('<a href="{}">View on site</a>', obj.get_absolute_url())


URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class HistoryAdmin(SimpleHistoryAdmin):
    """History for everyone who may read; revert only for those who edit everything."""

    formfield_overrides = URL_FIELDS

    def has_change_history_permission(self, request, obj=None):
        return edits_everything(request.user) and super().has_change_history_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.is_history_revert = True
        if self.has_change_history_permission(request):
            return super().history_form_view(request, object_id, version_id, extra_context)
        # django-simple-history would save a POST here with view permission alone: refuse it.
        if request.method == "POST":
            raise PermissionDenied
        # Read-only: without prepopulated fields, which it expects on every form (a copy per request).
        reader = copy.copy(self)
        reader.prepopulated_fields = {}
        return SimpleHistoryAdmin.history_form_view(reader, request, object_id, version_id, extra_context)

    @admin.display(description="Public page")
    def on_site(self, obj):
        return public_page_link(obj)


class GoalInline(admin.TabularInline):
    model = Goal
    form = GoalAdminForm
    fields = ["order", "title", "slug", "weight", "is_archived"]
    prepopulated_fields = {"slug": ["title"]}
    extra = 0
    show_change_link = True


class ObjectiveInline(admin.TabularInline):
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

    def get_fields(self, request, obj=None):
        return [*super().get_fields(request, obj), "loaded_version"]


class EvidenceInline(admin.StackedInline):
    model = Evidence
    form = EvidenceAdminForm
    formfield_overrides = URL_FIELDS
    fields = [
        "title",
        "kind",
        "happened_on",
        "url",
        "file",
        "summary",
        "metric_value",
        "metric_unit",
        "visibility",
    ]
    extra = 0

    def has_add_permission(self, request, obj=None):
        allowed = super().has_add_permission(request, obj)
        return allowed and (obj is None or edits_everything(request.user) or owns(request.user, obj))

    def has_change_permission(self, request, obj=None):
        # Owners add evidence here; they correct their own items on the evidence page.
        return edits_everything(request.user) and super().has_change_permission(request, obj)


@admin.register(Plan)
class PlanAdmin(HistoryAdmin):
    list_display = ["title", "status", "starts_on", "due_on", "goal_count", "updated_at", "on_site"]
    list_filter = ["status"]
    search_fields = ["title", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [GoalInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(goal_count=Count("goals"))

    @admin.display(description="Goals", ordering="goal_count")
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
    list_filter = [ArchivedFilter, "plan"]
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

    @admin.display(description="Objectives")
    def objective_count(self, goal):
        return len(goal.objectives_in_order())

    @admin.display(description="Progress")
    def progress_column(self, goal):
        value = goal.progress
        return (
            "—"
            if value is None
            else format_html('<progress max="100" value="{}"></progress> {}%', value, value)
        )

    @admin.action(
        description="Archive the selected goals (hide them from public pages)", permissions=["change"]
    )
    def archive(self, request, queryset):
        self._set_archived(request, queryset, True)

    @admin.action(description="Restore the selected goals to public pages", permissions=["change"])
    def unarchive(self, request, queryset):
        self._set_archived(request, queryset, False)

    def _set_archived(self, request, queryset, archived):
        goals = [goal for goal in queryset if goal.is_archived != archived]
        for goal in goals:  # one by one, so that each change is in the history
            goal.is_archived = archived
            goal.save(update_fields=["is_archived", "updated_at"])
        word = "archived" if archived else "restored to public pages"
        self.message_user(request, f"{len(goals)} goal(s) {word}.", messages.SUCCESS)

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
                    "Restored “{}” with {} objective(s) and {} evidence item(s).",
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


class StaleFilter(admin.SimpleListFilter):
    title = "stale"
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("yes", "Stale"), ("no", "Recently updated")]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        # The stale flag of the public pages, from the one rule (goals/rules.py), row by row.
        today = timezone.localdate()
        stale = [o.pk for o in queryset.select_related("goal__plan") if o.is_stale(today)]
        if self.value() == "yes":
            return queryset.filter(pk__in=stale)
        return queryset.exclude(pk__in=stale)


def _set_status_action(status):
    def action(modeladmin, request, queryset):
        changed = 0
        for objective in modeladmin.editable(request, queryset):
            if objective.status != status:
                objective.status = status
                objective.save()
                changed += 1
        modeladmin.message_user(request, f"{changed} objective(s) set to “{status.label}”.", messages.SUCCESS)

    action.__name__ = f"set_status_{status.value}"
    return admin.action(description=f"Set status: {status.label}", permissions=["change"])(action)


@admin.register(Objective)
class ObjectiveAdmin(HistoryAdmin):
    form = ObjectiveAdminForm
    list_display = [
        "statement",
        "goal",
        "status",
        "progress_column",
        "owner_names",
        "due_on",
        "last_activity",
        "reviewed_at",
        "update_link",
        "on_site",
    ]
    list_filter = ["status", "goal__plan", "goal", "owners", StaleFilter]
    search_fields = ["statement", "description", "goal__title", "owners__name"]
    autocomplete_fields = ["owners"]
    prepopulated_fields = {"slug": ["statement"]}
    list_select_related = ["goal__plan"]
    inlines = [EvidenceInline]
    actions = [_set_status_action(status) for status in Objective.Status] + ["mark_reviewed"]
    owner_fields = ["status", "progress_source", "progress"]

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .with_standing()
            .prefetch_related(
                Prefetch("owners", queryset=Owner.objects.order_by("name"), to_attr="owner_list")
            )
        )
        if not reads_everything(request.user):
            queryset = queryset.filter(
                pk__in=Objective.objects.filter(owners__user=request.user).values("pk")
            )
        return queryset

    def editable(self, request, queryset):
        if edits_everything(request.user):
            return queryset
        return queryset.filter(pk__in=Objective.objects.filter(owners__user=request.user).values("pk"))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or reads_everything(request.user) or owns(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or edits_everything(request.user) or owns(request.user, obj))

    def has_review_permission(self, request):
        return edits_everything(request.user)

    def get_readonly_fields(self, request, obj=None):
        if edits_everything(request.user):
            return super().get_readonly_fields(request, obj)
        return ["goal", "statement", "slug", "description", "order", "due_on", "weight", "owners"]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if edits_everything(request.user) else {}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if getattr(request, "is_history_revert", False):
            # Reverting saves an old version on purpose: its version number is old by definition.
            form = type("RevertObjectiveForm", (form,), {"check_version": False})
        return form

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return [field for field in fields if field != "loaded_version"] + ["loaded_version"]

    @admin.display(description="Progress", ordering="progress")
    def progress_column(self, objective):
        return format_html(
            '<progress max="100" value="{}"></progress> {}%', objective.progress, objective.progress
        )

    @admin.display(description="Owners")
    def owner_names(self, objective):
        return ", ".join(owner.name for owner in objective.owners_in_order()) or "—"

    @admin.display(description="Last activity")
    def last_activity(self, objective):
        day = objective.last_activity_on()
        stale = " (stale)" if objective.is_stale() else ""
        return f"{day:%Y-%m-%d}{stale}" if day else f"never{stale}"

    @admin.display(description="Update")
    def update_link(self, objective):
        return format_html(
            '<a href="{}">Post an update</a>', reverse("admin:goals_objective_update", args=[objective.pk])
        )

    @admin.action(description="Mark the selected objectives reviewed (now)", permissions=["review"])
    def mark_reviewed(self, request, queryset):
        now = timezone.now()
        objectives = list(queryset)
        for objective in objectives:
            objective.reviewed_at = now
            objective.save(update_fields=["reviewed_at", "updated_at"])
        self.message_user(request, f"{len(objectives)} objective(s) marked reviewed.", messages.SUCCESS)

    def save_formset(self, request, form, formset, change):
        # Evidence added inline records who added it, as on its own page.
        for inline_form in formset.forms:
            instance = inline_form.instance
            if isinstance(instance, Evidence) and instance.pk is None and instance.added_by_id is None:
                instance.added_by = request.user
        super().save_formset(request, form, formset, change)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/update/",
                self.admin_site.admin_view(self.post_update_view),
                name="goals_objective_update",
            ),
            *super().get_urls(),
        ]

    def post_update_view(self, request, object_id):
        """An owner's short update: status, progress, a note and links, recorded as dated evidence."""
        objective = self.get_object(request, unquote(object_id))
        if objective is None:
            raise Http404("No such objective, or not one of yours.")
        if not (
            self.has_change_permission(request, objective) and request.user.has_perm("goals.add_evidence")
        ):
            raise PermissionDenied
        form = ObjectiveUpdateForm(request.POST or None, request.FILES or None, objective=objective)
        if request.method == "POST":
            with transaction.atomic():
                if form.is_valid():
                    form.save(request.user)
                    self.message_user(
                        request,
                        format_html(
                            'Update posted. <a href="{}">See it on the public page</a>.',
                            objective.get_absolute_url(),
                        ),
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(reverse("admin:goals_objective_change", args=[objective.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Post an update",
            "subtitle": str(objective),
            "objective": objective,
            "form": form,
            "media": self.media + form.media,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/goals/objective/post_update.html", context)


@admin.register(Owner)
class OwnerAdmin(HistoryAdmin):
    list_display = ["name", "kind", "role", "user", "objective_count", "on_site"]
    list_filter = ["kind"]
    search_fields = ["name", "role", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("user").annotate(objective_count=Count("objectives"))
        )

    @admin.display(description="Objectives", ordering="objective_count")
    def objective_count(self, owner):
        return owner.objective_count


@admin.register(Evidence)
class EvidenceAdmin(HistoryAdmin):
    form = EvidenceAdminForm
    list_display = ["title", "objective", "kind", "happened_on", "visibility", "added_by", "on_site"]
    list_filter = ["kind", "visibility", "objective__goal__plan", "objective__goal"]
    search_fields = ["title", "summary", "objective__statement"]
    date_hierarchy = "happened_on"
    list_select_related = ["objective__goal__plan", "added_by"]
    readonly_fields = ["added_by"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not reads_everything(request.user):
            queryset = queryset.filter(
                objective__in=Objective.objects.filter(owners__user=request.user).values("pk")
            )
        return queryset

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (
            obj is None or reads_everything(request.user) or owns(request.user, obj.objective)
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or edits_everything(request.user):
            return allowed
        return owns(request.user, obj.objective) and obj.added_by_id == request.user.pk

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "objective":
            queryset = Objective.objects.select_related("goal")
            if not edits_everything(request.user):
                queryset = queryset.filter(owners__user=request.user)
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)


from . import review_admin  # noqa: E402, F401 - board reviews (issue 5)
