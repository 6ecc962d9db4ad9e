"""GitHub as a source in the admin: an objective's links (inline, founders), every link with what
was last read and which reads fail, and the plan imports prepared from a repository file or from a
file uploaded on the plans' pages (goals/admin/plans.py), which a founder confirms after reading
their changes."""

import hashlib
import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from goals.admin.base import URL_FIELDS
from goals.handbook.importer import PlanImportError, import_plan
from goals.handbook.markdown import PlanFormatError, parse_plan
from goals.models import GitHubLink, PlanImport
from goals.permissions import edits_everything


def changes_digest(changes):
    """A fingerprint of a dry run's changes: the confirmation carries the one its page showed."""
    return hashlib.sha256(json.dumps(changes, ensure_ascii=False).encode()).hexdigest()


class GitHubLinkInlineForm(forms.ModelForm):
    """Refuses a new or changed URL outside the repositories the site may link (GitHubLink.refusal)."""

    user = None  # set per request by GitHubLinkInline.get_formset

    def clean_url(self):
        url = self.cleaned_data["url"]
        if "url" in self.changed_data and (refusal := GitHubLink.refusal(url, self.user)):
            raise ValidationError(refusal)
        return url


class GitHubLinkInline(admin.TabularInline):
    model = GitHubLink
    formfield_overrides = URL_FIELDS
    fields = ["url", "kind", "state", "read_column"]
    readonly_fields = ["kind", "state", "read_column"]
    extra = 0
    verbose_name_plural = gettext_lazy("GitHub links (read by manage.py sync_github)")

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = type("GitHubLinkInlineForm", (GitHubLinkInlineForm,), {"user": request.user})
        return super().get_formset(request, obj, **kwargs)

    def has_add_permission(self, request, obj=None):
        return edits_everything(request.user) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return edits_everything(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return edits_everything(request.user) and super().has_delete_permission(request, obj)

    @admin.display(description=gettext_lazy("Read from GitHub"))
    def read_column(self, link):
        return read_words(link)


def read_words(link):
    """ "read on 2 Dec 2026" or "not updated since 2 Dec 2026: <why>", as the public page says it."""
    if link.pk is None:
        return "—"
    when = timezone.localtime(link.read_at).strftime("%Y-%m-%d %H:%M") if link.read_at else None
    if link.failure:
        since = _("not updated since %(when)s") % {"when": when} if when else _("never read")
        return f"{since}: {link.failure}"
    return _("read on %(when)s") % {"when": when} if when else _("not read yet")


class FailingFilter(admin.SimpleListFilter):
    title = gettext_lazy("last read")
    parameter_name = "failing"

    def lookups(self, request, model_admin):
        return [("yes", _("Failed")), ("no", _("Read"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.failing()
        if self.value() == "no":
            return queryset.filter(failure="")
        return queryset


@admin.register(GitHubLink)
class GitHubLinkAdmin(admin.ModelAdmin):
    list_display = ["label_column", "objective", "kind", "state", "progress_counts", "read_column"]
    list_filter = [FailingFilter, "kind"]
    list_select_related = ["objective"]
    search_fields = ["url", "title", "objective__statement"]
    fields = ["objective", "url", "kind", "title", "state", "progress_counts", "read_column"]
    readonly_fields = ["kind", "title", "state", "progress_counts", "read_column"]
    autocomplete_fields = ["objective"]
    formfield_overrides = URL_FIELDS

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = type("GitHubLinkInlineForm", (GitHubLinkInlineForm,), {"user": request.user})
        return super().get_form(request, obj, **kwargs)

    @admin.display(description=gettext_lazy("GitHub item"), ordering="url")
    def label_column(self, link):
        return link.title or link.label

    @admin.display(description=gettext_lazy("Counts"))
    def progress_counts(self, link):
        if link.counts is None:
            return "—"
        done, total = link.counts
        return _("%(done)s of %(total)s done") % {"done": done, "total": total}

    @admin.display(description=gettext_lazy("Read from GitHub"), ordering="read_at")
    def read_column(self, link):
        return read_words(link)


@admin.register(PlanImport)
class PlanImportAdmin(admin.ModelAdmin):
    list_display = ["slug", "source_column", "state", "created_at", "decided_by"]
    list_filter = ["state"]
    fields = [
        "source_url", "file_name", "uploaded_by", "slug", "commit_sha", "state", "created_at",
        "decided_at", "decided_by",
    ]  # fmt: skip
    readonly_fields = fields
    change_form_template = "admin/goals/planimport/change_form.html"

    # Founders only: an import rewrites the plan.
    def has_module_permission(self, request):
        return request.user.has_perm("goals.import_plan")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("goals.import_plan")

    def has_add_permission(self, request):
        return False  # prepared by a push, `import_plan --from-github` or an upload, never typed in

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("goals.import_plan") and super().has_change_permission(request, obj)

    @admin.display(description=gettext_lazy("From"), ordering="source_url")
    def source_column(self, plan_import):
        return plan_import.source

    def change_view(self, request, object_id, form_url="", extra_context=None):
        plan_import = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}), **self.dry_run_context(plan_import)}
        return super().change_view(request, object_id, form_url, extra_context)

    def dry_run_context(self, plan_import):
        """The changes the import would make now (the plan may have moved on since it was prepared)."""
        if plan_import is None or plan_import.state != PlanImport.State.WAITING:
            return {"changes": plan_import.changes if plan_import else [], "can_confirm": False}
        try:
            report = import_plan(parse_plan(plan_import.text), slug=plan_import.slug, dry_run=True)
        except (PlanFormatError, PlanImportError) as error:
            problem = f"{plan_import.where(error.line)}: {error.message}"
            return {"changes": [], "problem": problem, "can_confirm": False}
        return {
            "changes": report.changes,
            "can_confirm": report.changed,
            "changes_digest": changes_digest(report.changes),
        }

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="goals_planimport_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        """POST "confirm" imports the file as the dry run showed; "discard" drops it. Nothing else writes."""
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:goals_planimport_change", args=[pk]))
        if not self.has_change_permission(request):
            raise PermissionDenied
        with transaction.atomic():
            plan_import = get_object_or_404(PlanImport.objects.select_for_update(), pk=pk)
            change_url = reverse("admin:goals_planimport_change", args=[pk])
            if plan_import.state != PlanImport.State.WAITING:
                self.message_user(request, _("This import was already decided."), messages.WARNING)
                return HttpResponseRedirect(change_url)
            decision = request.POST.get("decision")
            if decision == "confirm":
                try:
                    parsed = parse_plan(plan_import.text)
                    # The plan may have changed since the page showed the dry run (an edit in the
                    # admin, another import): confirm only the changes the founder read.
                    seen = import_plan(parsed, slug=plan_import.slug, dry_run=True).changes
                    if request.POST.get("changes") != changes_digest(seen):
                        self.message_user(
                            request,
                            _(
                                "The plan changed since this page was shown: nothing was imported. "
                                "Read what the import would change now, then confirm again."
                            ),
                            messages.ERROR,
                        )
                        return HttpResponseRedirect(change_url)
                    report = import_plan(parsed, slug=plan_import.slug)
                except (PlanFormatError, PlanImportError) as error:
                    message = _("The file cannot be imported: %(where)s: %(message)s")
                    self.message_user(
                        request,
                        message % {"where": plan_import.where(error.line), "message": error.message},
                        messages.ERROR,
                    )
                    return HttpResponseRedirect(change_url)
                plan_import.plan, plan_import.changes = report.plan, report.changes
                plan_import.state = PlanImport.State.CONFIRMED
                self.message_user(
                    request,
                    _("Imported “%(title)s”: %(count)s change(s).")
                    % {"title": report.plan.title, "count": len(report.changes)},
                    messages.SUCCESS,
                )
            elif decision == "discard":
                plan_import.state = PlanImport.State.DISCARDED
                self.message_user(request, _("The import was discarded; nothing changed."), messages.SUCCESS)
            else:
                self.message_user(request, _("Choose to confirm or to discard the import."), messages.ERROR)
                return HttpResponseRedirect(change_url)
            plan_import.decided_at, plan_import.decided_by = timezone.now(), request.user
            plan_import.save()
        return HttpResponseRedirect(change_url)
