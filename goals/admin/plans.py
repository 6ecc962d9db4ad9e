"""Plans and goals: goals inline on a plan, objectives inline on a goal, archive and restore; a
plan's Markdown downloaded, or uploaded as an import to confirm (goals/admin/github.py)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from goals.admin import recovery
from goals.admin.base import HistoryAdmin, LockedInline
from goals.admin.forms import GoalAdminForm, ObjectiveAdminForm, PlanAdminForm, PlanFileForm
from goals.handbook.dry_run import prepare_dry_run
from goals.handbook.exporter import export_plan
from goals.handbook.importer import PlanImportError
from goals.handbook.links import relative_links
from goals.handbook.markdown import PlanFormatError
from goals.models import Goal, Objective, Plan
from goals.rules import format_percent


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
    actions = ["download_markdown"]
    change_list_template = "admin/goals/plan/change_list.html"
    change_form_template = "admin/goals/plan/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(goal_count=Count("goals"))

    @admin.display(description=_("Goals"), ordering="goal_count")
    def goal_count(self, plan):
        return plan.goal_count

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_file_view), name="goals_plan_import"),
            path(
                "<path:object_id>/import/",
                self.admin_site.admin_view(self.import_file_view),
                name="goals_plan_reimport",
            ),
            path(
                "<path:object_id>/markdown/",
                self.admin_site.admin_view(self.markdown_view),
                name="goals_plan_markdown",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": request.user.has_perm("goals.import_plan")}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": request.user.has_perm("goals.import_plan")}
        return super().change_view(request, object_id, form_url, extra_context)

    def plan_or_404(self, request, object_id):
        plan = self.get_object(request, unquote(object_id))
        if plan is None:
            raise Http404(gettext("No such plan."))
        return plan

    def markdown_view(self, request, object_id):
        """The plan's Markdown as `export_plan` writes it, drafts included, as <slug>.md."""
        plan = self.plan_or_404(request, object_id)
        if not self.has_view_permission(request, plan):
            raise PermissionDenied
        return markdown_download(plan)

    @admin.action(description=_("Download the selected plan as Markdown"), permissions=["view"])
    def download_markdown(self, request, queryset):
        plans = list(queryset[:2])
        if len(plans) != 1:
            self.message_user(request, gettext("Choose one plan to download."), messages.WARNING)
            return None
        return markdown_download(plans[0])

    def import_file_view(self, request, object_id=None):
        """A Markdown file uploaded as a dry run: its changes are shown on the import's page, where a
        founder confirms or discards them; a file that cannot be imported stores nothing."""
        if not request.user.has_perm("goals.import_plan"):
            raise PermissionDenied
        plan = self.plan_or_404(request, object_id) if object_id is not None else None
        initial = {"slug": plan.slug} if plan else {}
        form = PlanFileForm(request.POST or None, request.FILES or None, initial=initial)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import a plan from a Markdown file"),
            "form": form,
            "original": plan,
            "has_view_permission": True,
        }
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                prepared = prepare_dry_run(
                    form.text,
                    slug=form.cleaned_data["slug"] or None,
                    file_name=upload.name,
                    uploaded_by=request.user,
                )
            except (PlanFormatError, PlanImportError) as error:
                # As import_plan FILE says it: the file's name and the line.
                form.add_error("file", f"{upload.name}:{error.line}: {error.message}")
            else:
                if prepared.plan_import is None:
                    context["up_to_date"] = prepared.message
                else:
                    for line, url in relative_links(form.text):
                        self.message_user(
                            request,
                            gettext(
                                "The relative link “%(url)s” (%(file)s:%(line)s) leads nowhere on this "
                                "site; write it as a full address."
                            )
                            % {"file": upload.name, "line": line, "url": url},
                            messages.WARNING,
                        )
                    return redirect(prepared.plan_import.get_absolute_url())
        return TemplateResponse(request, "admin/goals/plan/import_file.html", context)


def markdown_download(plan):
    """`export_plan`'s text (what `manage.py export_plan SLUG` prints) as the attachment <slug>.md."""
    plan = Plan.objects.with_standing().get(pk=plan.pk)
    response = HttpResponse(export_plan(plan), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{plan.slug}.md")
    return response


class ArchivedFilter(admin.SimpleListFilter):
    title = _("archived")
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", _("Current")), ("yes", _("Archived"))]

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
            else format_html('<progress max="100" value="{}"></progress> {}', value, format_percent(value))
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
            "title": gettext("Deleted goals"),
            "deleted": recovery.deleted_goals(),
        }
        return TemplateResponse(request, "admin/goals/goal/deleted_goals.html", context)
