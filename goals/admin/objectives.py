"""Objectives: lists with status, progress and the stale flag, owners' updates, evidence inline."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from goals.admin.base import URL_FIELDS, HistoryAdmin
from goals.admin.forms import EvidenceAdminForm, ObjectiveAdminForm, ObjectiveUpdateForm
from goals.admin.github import GitHubLinkInline
from goals.admin.key_results import KeyResultInline
from goals.models import Evidence, GitHubLink, Objective, Owner
from goals.permissions import edits_everything, reads_everything
from goals.rules import format_percent


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
        return allowed and (obj is None or request.user.has_perm("goals.update_objective", obj))

    def has_change_permission(self, request, obj=None):
        # Owners add evidence here; they correct their own items on the evidence page.
        return edits_everything(request.user) and super().has_change_permission(request, obj)


class StaleFilter(admin.SimpleListFilter):
    title = _("stale")
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("yes", _("Stale")), ("no", _("Recently updated"))]

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
        message = ngettext(
            "%(count)d objective set to “%(status)s”.", "%(count)d objectives set to “%(status)s”.", changed
        )
        modeladmin.message_user(
            request, message % {"count": changed, "status": status.label}, messages.SUCCESS
        )

    action.__name__ = f"set_status_{status.value}"
    description = format_lazy(_("Set status: {}"), status.label)
    return admin.action(description=description, permissions=["change"])(action)


class GitHubFailingFilter(admin.SimpleListFilter):
    title = _("GitHub")
    parameter_name = "github"

    def lookups(self, request, model_admin):
        return [
            ("linked", _("Linked to GitHub")),
            ("failing", _("A GitHub read failed")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "linked":
            return queryset.filter(github_links__isnull=False).distinct()
        if self.value() == "failing":
            return queryset.filter(pk__in=GitHubLink.objects.failing().values("objective"))
        return queryset


@admin.register(Objective)
class ObjectiveAdmin(HistoryAdmin):
    form = ObjectiveAdminForm
    # The actions next to the statement, so that no width of the list hides them off to the right.
    list_display = [
        "statement",
        "update_link",
        "on_site",
        "goal",
        "status",
        "progress_column",
        "owner_names",
        "due_on",
        "last_activity",
        "reviewed_at",
    ]
    # Related filters offer only what this login's list holds: an owner sees no other plan, goal or owner.
    list_filter = [
        "status",
        ("goal__plan", admin.RelatedOnlyFieldListFilter),
        ("goal", admin.RelatedOnlyFieldListFilter),
        ("owners", admin.RelatedOnlyFieldListFilter),
        StaleFilter,
        GitHubFailingFilter,
    ]
    search_fields = ["statement", "description", "goal__title", "owners__name"]
    autocomplete_fields = ["owners"]
    prepopulated_fields = {"slug": ["statement"]}
    list_select_related = ["goal__plan"]
    inlines = [KeyResultInline, GitHubLinkInline, EvidenceInline]
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
            queryset = queryset.filter(pk__in=Objective.objects.owned_by(request.user).values("pk"))
        return queryset

    def editable(self, request, queryset):
        if edits_everything(request.user):
            return queryset
        return queryset.filter(pk__in=Objective.objects.owned_by(request.user).values("pk"))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or request.user.has_perm("goals.see_objective", obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or request.user.has_perm("goals.update_objective", obj))

    def has_review_permission(self, request):
        return edits_everything(request.user)

    def get_readonly_fields(self, request, obj=None):
        if edits_everything(request.user):
            return super().get_readonly_fields(request, obj)
        return [
            *["goal", "statement", "slug", "description", "order", "due_on", "check_in_cadence"],
            *["weight", "owners"],
        ]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if edits_everything(request.user) else {}

    @admin.display(description=_("Progress"), ordering="progress")
    def progress_column(self, objective):
        return format_html(
            '<progress max="100" value="{}"></progress> {}',
            objective.progress,
            format_percent(objective.progress),
        )

    @admin.display(description=_("Owners"))
    def owner_names(self, objective):
        return ", ".join(owner.name for owner in objective.owners_in_order()) or "—"

    @admin.display(description=_("Last activity"))
    def last_activity(self, objective):
        day = objective.last_activity_on()
        if day is None:
            return gettext("never (stale)") if objective.is_stale() else gettext("never")
        day = f"{day:%Y-%m-%d}"
        return gettext("%(day)s (stale)") % {"day": day} if objective.is_stale() else day

    @admin.display(description=_("Update"))
    def update_link(self, objective):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:goals_objective_update", args=[objective.pk]),
            gettext("Post an update"),
        )

    @admin.action(description=_("Mark the selected objectives reviewed (now)"), permissions=["review"])
    def mark_reviewed(self, request, queryset):
        now = timezone.now()
        objectives = list(queryset)
        for objective in objectives:
            objective.reviewed_at = now
            objective.save(update_fields=["reviewed_at", "updated_at"])
        message = ngettext(
            "%(count)d objective marked reviewed.", "%(count)d objectives marked reviewed.", len(objectives)
        )
        self.message_user(request, message % {"count": len(objectives)}, messages.SUCCESS)

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
        """An owner's update (status, progress or a measurement, a note, links, a file), recorded as
        one check-in with its author."""
        objective = self.get_object(request, unquote(object_id))
        if objective is None:
            raise Http404(gettext("No such objective, or not one of yours."))
        if not (
            self.has_change_permission(request, objective) and request.user.has_perm("goals.add_checkin")
        ):
            raise PermissionDenied
        form = ObjectiveUpdateForm(request.POST or None, request.FILES or None, objective=objective)
        if request.method == "POST":
            with transaction.atomic():
                if form.is_valid() and form.save(request.user):
                    self.message_user(
                        request,
                        format_html(
                            _('Update posted. <a href="{}">See it on the public page</a>.'),
                            objective.get_absolute_url(),
                        ),
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(reverse("admin:goals_objective_change", args=[objective.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Post an update"),
            "subtitle": str(objective),
            "objective": objective,
            "form": form,
            "media": self.media + form.media,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/goals/objective/post_update.html", context)
