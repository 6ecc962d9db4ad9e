"""The check-in form: the fields an update is posted with, on the admin's "Post an update" and on the
owners' page (/me/) alike, recorded through goals.check_ins.record_check_in.

Which of a measured value and a progress figure it offers is the objective's rule
(Objective.check_in_takes, rules.check_in_takes), so that the two pages cannot disagree on it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goals.check_ins import record_check_in
from goals.models import CheckIn, Objective
from goals.uploads import UploadField, parse_links

PROGRESS_MESSAGE = _("Progress must be between 0 and 100.")


class CheckInForm(forms.Form):
    """An update: new status, progress (or a measurement), what happened, links and a file."""

    status = forms.ChoiceField(label=_("Status"), choices=Objective.Status.choices)
    value = forms.DecimalField(
        label=_("Measured value"),
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=_("The key result's value now. Leave empty if unchanged."),
    )
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        required=False,
        min_value=0,
        max_value=100,
        error_messages={"min_value": PROGRESS_MESSAGE, "max_value": PROGRESS_MESSAGE},
        help_text=_("Percent done. Leave empty to keep it as it is."),
    )
    confidence = forms.ChoiceField(
        label=_("Confidence"), required=False, choices=[("", _("Not said")), *CheckIn.Confidence.choices]
    )
    note = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Markdown. A few lines are enough."),
    )
    links = forms.CharField(
        label=_("Links"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Web addresses that show the work, one per line."),
    )
    file = UploadField(label=_("File"), required=False, help_text=_("A document or image, if there is one."))
    happened_on = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=CheckIn.Visibility.choices,
        initial=CheckIn.Visibility.PUBLIC,
        help_text=_("Internal updates are seen by staff and the board only."),
    )

    def __init__(self, *args, objective, **kwargs):
        self.objective = objective
        kwargs["initial"] = {"status": objective.status, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        takes = objective.check_in_takes()
        for name in {"value", "progress"} - takes:
            del self.fields[name]
        unit = objective.key_result.unit if "value" in takes else ""
        if unit:  # "Measured value (institutions)": what the number counts, beside the box it goes in
            self.fields["value"].label = _("Measured value (%(unit)s)") % {"unit": unit}
        # Where progress comes from when the form cannot set it (GitHub, the measurements): the
        # page says so instead of leaving the owner to wonder where the box went.
        self.progress_note = objective.where_progress_comes_from()

    def clean_links(self):
        return "\n".join(parse_links(self.cleaned_data["links"]))

    def check_in_fields(self):
        """The cleaned data as record_check_in's keyword arguments; an unchanged status is left out."""
        data = {name: value for name, value in self.cleaned_data.items() if name in CheckInForm.base_fields}
        if data["status"] == self.objective.status:
            data["status"] = ""  # an unchanged status is not news
        return data

    def save(self, author):
        """Record the check-in; None, with the errors on the form, when record_check_in refuses it."""
        try:
            check_in, _created = record_check_in(self.objective, author=author, **self.check_in_fields())
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
            return None
        return check_in
