"""The check-in form on the owners' page: one per objective, posted to record_check_in."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goals.models import CheckIn, GitHubLink, Objective
from goals.uploads import UploadField, parse_links


class CheckInForm(forms.Form):
    status = forms.ChoiceField(choices=Objective.Status.choices, label=_("Status"))
    value = forms.DecimalField(
        required=False,
        max_digits=14,
        decimal_places=2,
        label=_("Measured value"),
        help_text=_("Leave empty if unchanged."),
    )
    progress = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=100,
        label=_("Progress (%)"),
        help_text=_("Leave empty to keep it as it is."),
        error_messages={
            "min_value": _("Progress must be between 0 and 100."),
            "max_value": _("Progress must be between 0 and 100."),
        },
    )
    confidence = forms.ChoiceField(
        required=False, choices=[("", _("Not said")), *CheckIn.Confidence.choices], label=_("Confidence")
    )
    note = forms.CharField(
        required=False,
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown. A few lines are enough."),
    )
    link = forms.CharField(
        required=False,
        label=_("Links"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Web addresses that show the work, one per line."),
    )
    file = UploadField(required=False, label=_("A document or image"))
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
        kwargs.setdefault("initial", {}).setdefault("status", objective.status)
        kwargs.setdefault("prefix", f"objective-{objective.pk}")
        super().__init__(*args, **kwargs)
        # A measured objective takes a value; any other may take progress by hand.
        del self.fields["progress" if self.is_measured else "value"]
        unit = self.objective.key_result.unit if self.is_measured else ""
        if unit:  # "Measured value (institutions)": what the number counts, beside the box it goes in
            self.fields["value"].label = _("Measured value (%(unit)s)") % {"unit": unit}

    @property
    def is_measured(self):
        return self.objective.progress_source == Objective.ProgressSource.MEASURED

    def clean_link(self):
        return "\n".join(parse_links(self.cleaned_data["link"]))

    def check_in_fields(self):
        """The cleaned data as record_check_in's keyword arguments; an unchanged status is left out."""
        data = dict(self.cleaned_data)
        data["links"] = data.pop("link")
        if data["status"] == self.objective.status:
            data["status"] = ""
        return data


class GitHubLinkForm(forms.ModelForm):
    """Link an objective to a GitHub issue, pull request, milestone or project item, by its URL."""

    url = forms.URLField(
        label=_("GitHub URL"),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://github.com/owner/repo/issues/1"}),
    )

    class Meta:
        model = GitHubLink
        fields = ["url"]

    def __init__(self, *args, objective, user=None, **kwargs):
        kwargs.setdefault("prefix", f"github-{objective.pk}")
        super().__init__(*args, **kwargs)
        self.instance.objective = objective
        self.user = user

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if self.instance.objective.github_links.filter(url=url).exists():
            raise ValidationError(_("This objective is already linked to that URL."))
        if refusal := GitHubLink.refusal(url, self.user):
            raise ValidationError(refusal)
        return url
