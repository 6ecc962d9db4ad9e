"""Forms the admin and the owners' update page validate with: plain-word messages, upload limits,
and optimistic locking of plans, goals and objectives."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from goals import measurements_csv
from goals.check_in_form import PROGRESS_MESSAGE, CheckInForm
from goals.handbook import dry_run
from goals.models import CheckIn, Evidence, Goal, Objective, Plan
from goals.uploads import UploadField

WEIGHT_MESSAGE = _("The weight must be between 1 and 100.")
WEIGHT_ERRORS = {"min_value": WEIGHT_MESSAGE, "max_value": WEIGHT_MESSAGE}
PROGRESS_ERRORS = {"min_value": PROGRESS_MESSAGE, "max_value": PROGRESS_MESSAGE}


def formfield_for(db_field, **kwargs):
    """Model fields' form fields, with web addresses assumed https:// when typed without a scheme."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


def current_version(model, pk):
    """The row's saved version, locking the row until the save when in a transaction."""
    queryset = model._base_manager.filter(pk=pk)
    if transaction.get_connection().in_atomic_block:
        queryset = queryset.select_for_update()
    return queryset.values_list("version", flat=True).first()


def conflict_message(instance):
    last = instance.history.select_related("history_user").first()
    who = ""
    if last is not None:
        when = date_format(timezone.localtime(last.history_date), "j F Y, H:i")
        name = last.history_user.get_username() if last.history_user else gettext("someone")
        who = f" ({name}, {when})"
    return gettext(
        "Someone else saved this %(noun)s while you were editing it%(who)s. Your changes were not "
        "saved; they are still in the form below. Open the %(noun)s in a new tab to see the current "
        "version, then save again to replace it with yours."
    ) % {"noun": instance._meta.verbose_name, "who": who}


class OptimisticLockMixin:
    """Refuse a save made from an older version of the row than the one in the database.

    On a conflict the hidden version moves to the saved one, so that saving again, after looking,
    deliberately replaces the other person's edit.
    """

    check_version = True

    def check_version_is_current(self, submitted):
        if not (self.check_version and self.instance.pk):
            return
        saved = current_version(type(self.instance), self.instance.pk)
        if saved is not None and submitted != saved:
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded_version")] = saved
            raise ValidationError(conflict_message(self.instance), code="conflict")


class LockedModelForm(OptimisticLockMixin, forms.ModelForm):
    """A model form for a plan, a goal or an objective, on its own page or as an inline row.

    What counts as changed is what the user changed: each field carries the value the user loaded
    (Django's hidden initial), not the database's value now, so a row someone else saved meanwhile
    does not look changed. Only a changed form is checked against the saved version, and an
    unchanged one is not saved (the admin's inline formsets skip it; HistoryAdmin skips the page's
    own object).
    """

    loaded_version = forms.IntegerField(label=_("Version loaded"), widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version
        if self.check_version and self.instance.pk is not None:
            for name, field in self.fields.items():
                if name != "loaded_version":
                    field.show_hidden_initial = True

    @cached_property
    def changed_data(self):
        # A stale form's version differs from the saved one: that is not a change the user made.
        return [name for name in self.fields if name != "loaded_version" and self[name]._has_changed()]

    def clean(self):
        cleaned_data = super().clean()
        if self.has_changed():
            self.check_version_is_current(cleaned_data.get("loaded_version") or 0)
        return cleaned_data


class PlanAdminForm(LockedModelForm):
    class Meta:
        formfield_callback = formfield_for
        model = Plan
        fields = [
            *["title", "slug", "introduction", "starts_on", "due_on", "status", "language"],
            *["check_in_cadence", "github_source"],
        ]


class GoalAdminForm(LockedModelForm):
    class Meta:
        formfield_callback = formfield_for
        model = Goal
        fields = ["plan", "title", "slug", "rationale", "order", "weight", "is_archived"]
        error_messages = {"weight": WEIGHT_ERRORS}


class ObjectiveAdminForm(LockedModelForm):
    class Meta:
        formfield_callback = formfield_for
        model = Objective
        fields = [
            "goal",
            "statement",
            "slug",
            "description",
            "order",
            "status",
            "progress_source",
            "progress",
            "due_on",
            "check_in_cadence",
            "weight",
            "owners",
        ]
        # A statement is a sentence or two (up to 500 characters): a one-line input hid most of it.
        widgets = {"statement": forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"})}
        error_messages = {"progress": PROGRESS_ERRORS, "weight": WEIGHT_ERRORS}


class EvidenceAdminForm(forms.ModelForm):
    file = UploadField(
        label=_("File"),
        required=False,
        help_text=_("A PDF, image, spreadsheet, document or text file."),
    )

    class Meta:
        formfield_callback = formfield_for
        model = Evidence
        fields = [
            "objective",
            "title",
            "kind",
            "url",
            "file",
            "happened_on",
            "summary",
            "metric_value",
            "metric_unit",
            "visibility",
        ]


class ObjectiveUpdateForm(OptimisticLockMixin, CheckInForm):
    """The check-in form (goals.check_in_form) on the admin's "Post an update": refused when the
    objective was saved by someone else since the page was loaded."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, objective, **kwargs):
        self.instance = objective
        kwargs["initial"] = {"loaded_version": objective.version, **kwargs.get("initial", {})}
        super().__init__(*args, objective=objective, **kwargs)
        for name in ("note", "links"):
            self.fields[name].widget.attrs["class"] = "vLargeTextField"

    def clean(self):
        cleaned_data = super().clean()
        if "loaded_version" in cleaned_data:
            self.check_version_is_current(cleaned_data["loaded_version"])
        return cleaned_data


class MeasurementsUploadForm(forms.Form):
    """A CSV of measurements (goals/measurements_csv.py); the confirmation sends its text back."""

    file = forms.FileField(label=_("CSV file"), required=False)
    content = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    visibility = forms.ChoiceField(
        label=_("The measurements are"),
        choices=CheckIn.Visibility.choices,
        initial=CheckIn.Visibility.PUBLIC,
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("content"):
            raise ValidationError(_("Choose a CSV file."))
        return cleaned

    def text(self):
        """The file's text: MeasurementFileError when it is too large or not UTF-8."""
        if self.cleaned_data.get("file"):
            return measurements_csv.decode(self.cleaned_data["file"].read(measurements_csv.MAX_BYTES + 1))
        return self.cleaned_data["content"]


class PlanFileForm(forms.Form):
    """A plan's Markdown file uploaded in the admin, and the plan it creates or updates."""

    file = forms.FileField(
        label=_("Markdown file"),
        help_text=_(
            "The plan in the handbook format (UTF-8 text, up to 1 MB), as Download as Markdown gives it."
        ),
    )
    slug = forms.SlugField(
        label=_("Plan's slug"),
        max_length=80,
        required=False,
        help_text=_("The plan the file creates or updates; empty: made from the file's title."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.text = dry_run.read_upload(upload.read(dry_run.MAX_BYTES + 1))
        except dry_run.FileNotReadable as error:
            raise ValidationError(str(error), code="unreadable") from None
        return upload
