"""The owners' page's forms: a check-in per objective, and a link to GitHub."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from goals.check_in_form import CheckInForm
from goals.models import GitHubLink


class OwnerCheckInForm(CheckInForm):
    """The check-in form (goals.check_in_form) in an objective's card: one per card, so prefixed."""

    def __init__(self, *args, objective, **kwargs):
        kwargs.setdefault("prefix", f"objective-{objective.pk}")
        super().__init__(*args, objective=objective, **kwargs)


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
