"""What every admin page shares: history with revert, URL fields, the link to the public page."""

import copy

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from goals.admin.forms import LockedModelForm
from goals.permissions import edits_everything

admin.site.site_header = _("Strategy site administration")
admin.site.site_title = _("Strategy site admin")
admin.site.index_title = _("Keep the plan current")

# django-axes ships no Spanish: the names of its records in the admin's menu (on every page, for
# founders), marked here so that `make messages` puts them in our catalogue, from which Django
# translates axes' own strings too (LOCALE_PATHS come first). "Axes" is a name.
AXES_NAMES = [gettext_noop("access attempts"), gettext_noop("access logs")]


def public_page_link(obj):
    return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), gettext("View on site"))


URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def version_last(fields):
    """The hidden version goes last, after the fields people see."""
    fields = list(fields)
    if "loaded_version" not in fields:
        return fields
    return [field for field in fields if field != "loaded_version"] + ["loaded_version"]


def unchanged(form, change):
    """A locked form the user left as loaded: saving it would only write back what they loaded."""
    return change and isinstance(form, LockedModelForm) and form.check_version and not form.has_changed()


class PlainWordsHistory(HistoricalRecordContextHelper):
    """The history's changes in the words the forms use: choice labels, yes and no, "—" for none."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        value = super().prepare_delta_change_value(change, value)
        if isinstance(field, models.ManyToManyField):
            return ", ".join(str(item) for item in value) or "—"
        if field.choices and value is not None:
            return dict(field.flatchoices).get(value, value)
        if isinstance(field, models.BooleanField):
            return "yes" if value else "no"
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField) and value:
            return date_format(value, "j F Y")
        return "—" if value in (None, "") else value


def revert_reason(record):
    """The history's note on a revert (django-simple-history's history_change_reason: 100 characters)."""
    # The history's words stay in English (docs/translations.md), whatever the reverting page's language.
    with translation.override("en"):
        when = date_format(timezone.localtime(record.history_date), "j F Y, H:i")
    return Truncator(f"Reverted to the version of {when}").chars(100)


class LockedInline:
    """Inline rows of plans, goals and objectives: each row carries the version it was loaded at."""

    def get_fields(self, request, obj=None):
        return version_last([*super().get_fields(request, obj), "loaded_version"])


class HistoryAdmin(SimpleHistoryAdmin):
    """History for everyone who may read; revert only for those who edit everything.

    With a LockedModelForm, a stale save is refused, and a page whose own object the user did not
    change saves only its inline rows (a save of the loaded values would revert others' edits).
    """

    formfield_overrides = URL_FIELDS

    def get_fields(self, request, obj=None):
        return version_last(super().get_fields(request, obj))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if getattr(request, "is_history_revert", False) and issubclass(form, LockedModelForm):
            # Reverting saves an old version on purpose: its version number is old by definition.
            form = type(f"Revert{form.__name__}", (form,), {"check_version": False})
        return form

    def get_historical_record_context_helper(self, request, historical_record):
        return PlainWordsHistory(self.model, historical_record)

    def history_form_view_title(self, request, obj):
        # django-simple-history's title of a version's page, in our catalogue (it ships no Spanish).
        if self.revert_disabled(request, obj):
            return gettext("View “%(object)s”") % {"object": obj}
        return gettext("Revert to this version of “%(object)s”") % {"object": obj}

    def save_model(self, request, obj, form, change):
        if getattr(request, "history_revert_to", None) is not None:
            obj._change_reason = revert_reason(request.history_revert_to)
        if not unchanged(form, change):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if not unchanged(form, change):
            return super().save_related(request, form, formsets, change)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

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
            raise Http404(gettext("No such record.")) from None

    def history_view(self, request, object_id, extra_context=None):
        self.refuse_impossible_ids(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.refuse_impossible_ids(object_id, version_id)
        request.is_history_revert = True
        if self.has_change_history_permission(request):
            if request.method == "POST":
                request.history_revert_to = self.model.history.filter(
                    id=object_id, history_id=version_id
                ).first()
            return super().history_form_view(request, object_id, version_id, extra_context)
        # django-simple-history would save a POST here with view permission alone: refuse it.
        if request.method == "POST":
            raise PermissionDenied
        # Read-only: without prepopulated fields, which it expects on every form (a copy per request).
        reader = copy.copy(self)
        reader.prepopulated_fields = {}
        return SimpleHistoryAdmin.history_form_view(reader, request, object_id, version_id, extra_context)

    @admin.display(description=_("Public page"))
    def on_site(self, obj):
        return public_page_link(obj)
