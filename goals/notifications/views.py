"""Each person's e-mail preferences, and the signed one-click unsubscribe links every e-mail carries."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from goals.models import NotificationPreference
from goals.notifications.emails import address_of
from goals.notifications.tokens import read_token

Kind = NotificationPreference.Kind


class LanguageSelect(forms.Select):
    """Each language named in itself and marked so (`lang`), as in the footer's switcher."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class NotificationPreferenceForm(forms.ModelForm):
    """Each kind of e-mail on or off, and their language; the digest only for those who may read the
    board's packet."""

    class Meta:
        model = NotificationPreference
        fields = ["reminders", "digest", "language"]
        labels = {"language": gettext_lazy("Language of your e-mails")}
        widgets = {"language": LanguageSelect}
        error_messages = {
            "language": {
                "invalid_choice": gettext_lazy(
                    "The site is not offered in “%(value)s”: choose one of the languages in the list."
                )
            }
        }
        help_texts = {
            "reminders": gettext_lazy(
                "An e-mail when a check-in is due on an objective you own, with a link to its form."
            ),
            "digest": gettext_lazy(
                "Once a week: progress against pace, what moved, what needs attention, what falls due."
            ),
            "language": gettext_lazy(
                "Changing the site's language at the foot of any page, signed in, changes this too."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.has_perm("goals.review_plans"):
            del self.fields["digest"]


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    form = NotificationPreferenceForm(
        request.POST if request.method == "POST" else None,
        instance=NotificationPreference.for_user(request.user),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your e-mail preferences are saved."))
        return redirect("notifications:preferences")
    context = {"form": form, "address": address_of(request.user)}
    return render(request, "notifications/preferences.html", context)


# RFC 8058: a mail program's one-click POST carries no cookie and no CSRF token; the signed link is
# the proof. GET only shows the button (link scanners fetch links; they must not unsubscribe anyone).
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, kind, token):
    if kind not in Kind.values:
        raise Http404(_("No such kind of e-mail."))
    try:
        user_id = read_token(token, kind)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    user = get_object_or_404(get_user_model(), pk=user_id)
    preference = NotificationPreference.for_user(user)
    context = {"kind": Kind(kind), "person": user.get_full_name() or user.get_username()}
    if request.method == "POST":
        NotificationPreference.objects.update_or_create(user=user, defaults={kind: False})
        return render_for_recipient(request, preference, "notifications/unsubscribed.html", context)
    context["subscribed"] = preference.wants(kind)
    return render_for_recipient(request, preference, "notifications/unsubscribe.html", context)


def render_for_recipient(request, preference, template_name, context):
    """The page in the language of the recipient's e-mails, as the e-mail the link came in, unless
    the visitor chose one with the footer's switcher (a language cookie that LocaleMiddleware took).
    Only a valid token gets here: a forged one names nobody, so its page keeps the browser's."""
    if visitor_chose_language(request):
        return render(request, template_name, context)
    language = preference.email_language
    with translation.override(language):
        response = render(request, template_name, context)
    response["Content-Language"] = language  # LocaleMiddleware would name the browser's
    return response


def visitor_chose_language(request):
    """Whether the request's language cookie names a language the site offers, as LocaleMiddleware
    reads it."""
    try:
        translation.get_supported_language_variant(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    except LookupError:
        return False
    return True
