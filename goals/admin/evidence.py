"""Owners and evidence."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from goals.admin.base import HistoryAdmin
from goals.admin.forms import EvidenceAdminForm
from goals.models import Evidence, Objective, Owner
from goals.permissions import edits_everything, reads_everything


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

    @admin.display(description=_("Objectives"), ordering="objective_count")
    def objective_count(self, owner):
        return owner.objective_count

    def get_list_display(self, request):
        # Founders may open any owner's page (/me/?owner=); everyone else only their own.
        shown = super().get_list_display(request)
        return [*shown, "owners_page"] if edits_everything(request.user) else shown

    @admin.display(description=_("Owner's page"))
    def owners_page(self, owner):
        url = f"{reverse('workspace:mine')}?{urlencode({'owner': owner.slug})}"
        return format_html('<a href="{}">{}</a>', url, _("Open"))


@admin.register(Evidence)
class EvidenceAdmin(HistoryAdmin):
    form = EvidenceAdminForm
    list_display = ["title", "objective", "kind", "happened_on", "visibility", "added_by", "on_site"]
    # Related filters offer only what this login's list holds (an owner's: their objectives' plans).
    list_filter = [
        "kind",
        "visibility",
        ("objective__goal__plan", admin.RelatedOnlyFieldListFilter),
        ("objective__goal", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "summary", "objective__statement"]
    date_hierarchy = "happened_on"
    list_select_related = ["objective__goal__plan", "added_by"]
    readonly_fields = ["added_by"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not reads_everything(request.user):
            queryset = queryset.filter(objective__in=Objective.objects.owned_by(request.user).values("pk"))
        return queryset

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or request.user.has_perm("goals.see_evidence", obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or request.user.has_perm("goals.correct_evidence", obj))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "objective":
            queryset = Objective.objects.select_related("goal")
            if not edits_everything(request.user):
                queryset = queryset.owned_by(request.user)
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
