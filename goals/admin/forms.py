"""Forms the admin and the owners' update page validate with: plain-word messages, upload limits,
and optimistic locking of objectives."""

from pathlib import PurePath
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format

from goals.models import Evidence, Goal, Objective

WEIGHT_MESSAGE = "The weight must be between 1 and 100."
PROGRESS_MESSAGE = "Progress must be between 0 and 100."
WEIGHT_ERRORS = {"min_value": WEIGHT_MESSAGE, "max_value": WEIGHT_MESSAGE}
PROGRESS_ERRORS = {"min_value": PROGRESS_MESSAGE, "max_value": PROGRESS_MESSAGE}


def validate_upload(upload):
    """Refuse files over STRATEGY_MAX_UPLOAD_MB and types outside STRATEGY_UPLOAD_EXTENSIONS."""
    allowed = [extension.lower().lstrip(".") for extension in settings.STRATEGY_UPLOAD_EXTENSIONS]
    extension = PurePath(upload.name).suffix.lower().lstrip(".")
    if extension not in allowed:
        raise ValidationError(
            "Files of type “%(extension)s” cannot be uploaded. Allowed types: %(allowed)s.",
            code="file_type",
            params={"extension": extension or "(none)", "allowed": ", ".join(allowed)},
        )
    limit = settings.STRATEGY_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            "This file is %(size).1f MB; the limit is %(limit)s MB.",
            code="file_size",
            params={"size": upload.size / 1024 / 1024, "limit": settings.STRATEGY_MAX_UPLOAD_MB},
        )


def formfield_for(db_field, **kwargs):
    """Model fields' form fields, with web addresses assumed https:// when typed without a scheme."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class UploadField(forms.FileField):
    default_validators = [validate_upload]


def current_version(objective_pk):
    """The objective's saved version, locking its row until the save when in a transaction."""
    queryset = Objective.objects.filter(pk=objective_pk)
    if transaction.get_connection().in_atomic_block:
        queryset = queryset.select_for_update()
    return queryset.values_list("version", flat=True).first()


def conflict_message(objective):
    last = objective.history.select_related("history_user").first()
    who = ""
    if last is not None:
        when = date_format(timezone.localtime(last.history_date), "j F Y, H:i")
        name = last.history_user.get_username() if last.history_user else "someone"
        who = f" ({name}, {when})"
    return (
        f"Someone else saved this objective while you were editing it{who}. Your changes were not "
        "saved; they are still in the form below. Open the objective in a new tab to see the current "
        "version, then save again to replace it with yours."
    )


class OptimisticLockMixin:
    """Refuse a save made from an older version of the objective than the one in the database.

    On a conflict the hidden version moves to the saved one, so that saving again, after looking,
    deliberately replaces the other person's edit.
    """

    check_version = True

    def check_version_is_current(self, submitted):
        if not (self.check_version and self.instance.pk):
            return
        saved = current_version(self.instance.pk)
        if saved is not None and submitted != saved:
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded_version")] = saved
            raise ValidationError(conflict_message(self.instance), code="conflict")


class ObjectiveAdminForm(OptimisticLockMixin, forms.ModelForm):
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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
        error_messages = {"progress": PROGRESS_ERRORS, "weight": WEIGHT_ERRORS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        self.check_version_is_current(cleaned_data.get("loaded_version") or 0)
        return cleaned_data


class GoalAdminForm(forms.ModelForm):
    class Meta:
        formfield_callback = formfield_for
        model = Goal
        fields = ["plan", "title", "slug", "rationale", "order", "weight", "is_archived"]
        error_messages = {"weight": WEIGHT_ERRORS}


class EvidenceAdminForm(forms.ModelForm):
    file = UploadField(
        required=False,
        help_text="A PDF, image, spreadsheet, document or text file.",
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


def parse_links(text):
    links = [line.strip() for line in text.splitlines() if line.strip()]
    validate = URLValidator(schemes=["http", "https"])
    for link in links:
        try:
            validate(link)
        except ValidationError:
            raise ValidationError(
                "“%(link)s” is not a web address. Put one address per line, starting with https://.",
                code="invalid_link",
                params={"link": link},
            ) from None
    return links


class ObjectiveUpdateForm(OptimisticLockMixin, forms.Form):
    """An owner's weekly update: new status and progress, and what happened, as dated evidence."""

    status = forms.ChoiceField(choices=Objective.Status.choices)
    progress = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=100,
        error_messages=PROGRESS_ERRORS,
        help_text="Percent done. Leave empty to derive it from the status (not started 0, under way 50, done 100).",  # noqa: E501
    )
    title = forms.CharField(
        max_length=200,
        label="What happened",
        help_text="One line, shown in public.",
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5, "class": "vLargeTextField"}),
        required=False,
        help_text="Markdown. A few lines of detail.",
    )
    links = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        required=False,
        help_text="Web addresses that show the work, one per line.",
    )
    file = UploadField(required=False, help_text="A document or image, if there is one.")
    happened_on = forms.DateField(
        label="Date", initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    visibility = forms.ChoiceField(
        choices=Evidence.Visibility.choices,
        initial=Evidence.Visibility.PUBLIC,
        help_text="Internal updates are seen by staff and the board only.",
    )
    loaded_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, objective, **kwargs):
        self.instance = objective
        initial = {
            "status": objective.status,
            "progress": objective.progress if objective.progress_source == "manual" else None,
            "loaded_version": objective.version,
            **kwargs.pop("initial", {}),
        }
        super().__init__(*args, initial=initial, **kwargs)

    def clean_links(self):
        return parse_links(self.cleaned_data["links"])

    def clean(self):
        cleaned_data = super().clean()
        if "loaded_version" in cleaned_data:
            self.check_version_is_current(cleaned_data["loaded_version"])
        return cleaned_data

    @transaction.atomic
    def save(self, user):
        data = self.cleaned_data
        objective = self.instance
        before = (objective.status, objective.progress_source, objective.progress)
        objective.status = data["status"]
        if data["progress"] is None:
            objective.progress_source = Objective.ProgressSource.STATUS
        else:
            objective.progress_source = Objective.ProgressSource.MANUAL
            objective.progress = data["progress"]
        # Saved only when something moved: an unchanged objective keeps its public updated_at, so an
        # internal note does not show the public when it was added.
        if (objective.status, objective.progress_source, objective.progress) != before:
            objective.save()

        links = data["links"]
        if data["file"]:
            kind = Evidence.Kind.DOCUMENT
        elif links:
            kind = Evidence.Kind.LINK
        else:
            kind = Evidence.Kind.NOTE
        common = {
            "objective": objective,
            "happened_on": data["happened_on"],
            "visibility": data["visibility"],
            "added_by": user,
        }
        created = [
            Evidence.objects.create(
                title=data["title"],
                kind=kind,
                url=links[0] if links else "",
                file=data["file"] or "",
                summary=data["note"],
                **common,
            )
        ]
        for link in links[1:]:
            created.append(
                Evidence.objects.create(
                    title=f"{data['title']} ({urlsplit(link).netloc})",
                    kind=Evidence.Kind.LINK,
                    url=link,
                    **common,
                )
            )
        return created
