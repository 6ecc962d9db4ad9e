"""Key results (on the objective's page) and check-ins (listed; posted through "Post an update"),
and measurements in bulk from a CSV file (founders only)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext

from goals import measurements_csv
from goals.admin.base import HistoryAdmin
from goals.admin.forms import MeasurementsUploadForm
from goals.models import CheckIn, KeyResult, KeyResultTarget, Objective
from goals.permissions import edits_everything, reads_everything


class UploadLinkMixin:
    """The "Upload measurements (CSV)" link on the changelist, for those who may upload."""

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_upload_measurements": edits_everything(request.user)}
        return super().changelist_view(request, extra_context)


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
class KeyResultAdmin(UploadLinkMixin, HistoryAdmin):
    list_display = ["metric", "objective", "direction", "baseline", "target", "unit"]
    list_select_related = ["objective"]
    search_fields = ["metric", "objective__statement"]
    inlines = [KeyResultTargetInline]


@admin.register(CheckIn)
class CheckInAdmin(UploadLinkMixin, HistoryAdmin):
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

    def get_urls(self):
        return [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_measurements_view),
                name="goals_checkin_upload",
            ),
            *super().get_urls(),
        ]

    def upload_measurements_view(self, request):
        """A CSV of measurements: a preview of every change first, then all recorded or none."""
        if not edits_everything(request.user):
            raise PermissionDenied
        form = MeasurementsUploadForm(request.POST or None, request.FILES or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Upload measurements"),
            "form": form,
            "has_view_permission": True,
        }
        if request.method == "POST" and form.is_valid():
            confirmed = "confirm" in request.POST
            visibility = form.cleaned_data["visibility"]
            try:
                text = form.text()
                rows = measurements_csv.read_rows(text)
                changes = measurements_csv.record_measurements(
                    rows, author=request.user, visibility=visibility, dry_run=not confirmed
                )
            except measurements_csv.MeasurementFileError as error:
                context["problems"] = error.problems
            else:
                if confirmed:
                    recorded = sum(change.recorded for change in changes)
                    self.message_user(
                        request,
                        gettext("%(recorded)d measurement(s) recorded; %(skipped)d were already there.")
                        % {"recorded": recorded, "skipped": len(changes) - recorded},
                        messages.SUCCESS,
                    )
                    return redirect("admin:goals_checkin_changelist")
                context["changes"] = changes
                context["confirm_form"] = MeasurementsUploadForm(
                    initial={"content": text, "visibility": visibility}
                )
                context["visibility_label"] = CheckIn.Visibility(visibility).label.lower()
        return TemplateResponse(request, "admin/goals/checkin/upload_measurements.html", context)
