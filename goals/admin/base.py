"""What every admin page shares: history with revert, URL fields, the link to the public page."""

import copy

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from goals.permissions import edits_everything

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

    def refuse_impossible_ids(self, object_id, version_id=None):
        """404 for ids that cannot be this model's or its history's (`abc`, `²`): django-simple-history
        passes them to the database lookup, which raises ValueError."""
        history_model = getattr(self.model, self.model._meta.simple_history_manager_attribute).model
        try:
            self.model._meta.pk.to_python(unquote(object_id))
            if version_id is not None:
                history_model._meta.pk.to_python(unquote(version_id))
        except ValidationError:
            raise Http404("No such record.") from None

    def history_view(self, request, object_id, extra_context=None):
        self.refuse_impossible_ids(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.refuse_impossible_ids(object_id, version_id)
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
