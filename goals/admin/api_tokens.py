"""API tokens: founders issue them for an owner (or a bot that posts for one), and revoke them.

The token is shown once, on the page that answers the "Save" of a new one: it is not put in a
message, so it is never stored anywhere (messages live in a cookie or the session until shown).
"""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from goals.models import ApiToken
from goals.permissions import edits_everything

# How long a new token lasts; docs/design.md ("Writing") says why a year is the default.
LIFETIME_CHOICES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("1 year")),
    ("never", _("Never expires")),
]
DEFAULT_LIFETIME = "365"


class IssueTokenForm(forms.ModelForm):
    lifetime = forms.ChoiceField(
        label=_("Expires after"),
        choices=LIFETIME_CHOICES,
        initial=DEFAULT_LIFETIME,
        help_text=_(
            "After this the token is refused and its script needs a new one. Revoking works at any time."
        ),
    )

    class Meta:
        model = ApiToken
        fields = ["name", "owner"]

    def lifetime_days(self):
        value = self.cleaned_data["lifetime"]
        return None if value == "never" else int(value)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name", "owner", "prefix", "created_by", "created_at", "last_used_at", "expiry", "revoked_at",
    ]  # fmt: skip
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["owner", "created_by"]
    search_fields = ["name", "owner__name", "key_id"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "expiry", "revoked_at"]
    actions = ["revoke"]

    # Founders only, whatever the groups' model permissions say.
    def has_module_permission(self, request):
        return edits_everything(request.user)

    def has_view_permission(self, request, obj=None):
        return edits_everything(request.user)

    def has_add_permission(self, request):
        return edits_everything(request.user)

    def has_change_permission(self, request, obj=None):
        return edits_everything(request.user)

    def has_delete_permission(self, request, obj=None):
        # Revoked, never deleted: the check-ins it posted keep saying which token posted them.
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = IssueTokenForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["name", "owner", "lifetime"] if obj is None else ["name", "owner", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        # A token's owner is its scope: a token for someone else is a new token.
        return [] if obj is None else ["owner", *self.readonly_fields]

    @admin.display(description=_("Token starts with"))
    def prefix(self, token):
        return f"{token.prefix}_…"

    @admin.display(description=_("Expires"), ordering="expires_at")
    def expiry(self, token):
        if token.expires_at is None:
            return gettext("never")
        if token.is_expired:
            return gettext("expired")
        days = token.days_left()
        return ngettext("expires in %(count)d day", "expires in %(count)d days", days) % {"count": days}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.set_lifetime(form.lifetime_days())
            request.issued_token = obj.new_secret()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("API token issued"),
            "token": obj,
            "plain_token": request.issued_token,
            "api_docs": request.build_absolute_uri(reverse("api-v1:openapi-view")),
        }
        response = TemplateResponse(request, "admin/goals/apitoken/issued.html", context)
        add_never_cache_headers(response)
        return response

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        tokens = list(queryset.live())
        for token in tokens:
            token.revoke()
            self.log_change(request, token, "Revoked.")
        message = ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", len(tokens))
        self.message_user(request, message % {"count": len(tokens)}, messages.SUCCESS)
