"""Board reviews in the admin: reviewers read them; founders publish or unpublish; nobody rewrites or
deletes one.

Reviews are recorded from the review pages (/review/), which freeze the snapshot in one transaction.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from goals.admin.base import HistoryAdmin
from goals.models import Review, ReviewSnapshot


class ReviewSnapshotInline(admin.TabularInline):
    model = ReviewSnapshot
    fields = [
        "kind",
        "goal_title",
        "objective_statement",
        "status",
        "progress",
        "evidence_count",
        "last_evidence_on",
    ]
    readonly_fields = fields
    can_delete = False
    extra = 0
    max_num = 0
    ordering = ["position"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(HistoryAdmin):
    list_display = ["__str__", "held_on", "plan_progress", "is_public", "withdrawn_at", "recorded_by"]
    list_filter = [
        ("plan", admin.RelatedOnlyFieldListFilter),
        "is_public",
        ("withdrawn_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["plan", "recorded_by"]
    search_fields = ["notes", "decisions", "attendees"]
    date_hierarchy = "held_on"
    fields = [
        "review_page", "plan", "held_on", "attendees", "notes", "decisions", "plan_progress",
        "expected_progress", "recorded_at", "recorded_by", "is_public", "public_summary",
        "withdrawn_at", "withdrawn_reason",
    ]  # fmt: skip
    # Only publication can change here; withdrawing happens on the review page, with a reason.
    readonly_fields = [name for name in fields if name not in ("is_public", "public_summary")]
    inlines = [ReviewSnapshotInline]

    @admin.display(description=_("Review page"))
    def review_page(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), gettext("Open the review record"))

    def has_module_permission(self, request):
        return request.user.has_perm("goals.review_plans")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("goals.review_plans")

    def has_change_permission(self, request, obj=None):
        # Board members read here; they record and withdraw on the review pages, never here.
        return request.user.has_perm("goals.publish_review") and (obj is None or not obj.is_withdrawn)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_history_permission(self, request, obj=None):
        # A review is a record: reverting it could undo a withdrawal or rewrite what was decided.
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history saves a POST here on view permission alone: refuse it.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "title": _("Board reviews (record new ones from the review pages)"),
        }
        extra_context["review_home"] = reverse("board:home")
        return super().changelist_view(request, extra_context)
