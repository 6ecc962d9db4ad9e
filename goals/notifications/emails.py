"""The e-mails themselves: a subject, a plain-text and an HTML part from templates/emails/, and the
headers that let mail programs offer one-click unsubscribe (RFC 8058).

E-mails have no request: every link is absolute, from STRATEGY_SITE_URL; and each is written in
its recipient's language (`Recipient.language`), subject, dates and numbers included, whatever
language is active around it.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from goals.models import NotificationPreference
from goals.notifications.tokens import make_token

Kind = NotificationPreference.Kind

# The owners' page ("My objectives"), where each objective has its check-in form at #objective-<pk>.
OWNERS_PAGE_PATH = "/me/"


@dataclass(frozen=True)
class Recipient:
    user: object
    address: str
    name: str
    # The language their e-mails are written in (NotificationPreference.email_language).
    language: str = ""

    def speaking(self):
        """Their language, active while their e-mail is written ("": the site's default)."""
        return translation.override(self.language or settings.LANGUAGE_CODE)


def address_of(user):
    """Where a person's e-mail goes: the login's address, else its owner's private one ("" if neither)."""
    owner = getattr(user, "owner", None)
    return user.email or (owner.email if owner else "")


def absolute(path):
    return settings.STRATEGY_SITE_URL + path


def check_in_url(objective):
    return absolute(f"{OWNERS_PAGE_PATH}#objective-{objective.pk}")


def unsubscribe_url(user, kind):
    token = make_token(user, kind)
    return absolute(reverse("notifications:unsubscribe", kwargs={"kind": kind, "token": token}))


def _message(recipient, kind, subject, template, context):
    unsubscribe = unsubscribe_url(recipient.user, kind)
    context = {
        **context,
        "recipient": recipient,
        "kind_label": Kind(kind).label.lower(),
        "site_url": settings.STRATEGY_SITE_URL,
        "unsubscribe_url": unsubscribe,
        "preferences_url": absolute(reverse("notifications:preferences")),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{template}.txt", context),
        to=[recipient.address],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # RFC 3834: a machine wrote this; out-of-office replies should stay away.
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    return message


def reminder_message(recipient, objectives, today):
    """One e-mail listing every objective of the recipient's that needs a check-in."""
    with recipient.speaking():
        return _reminder_message(recipient, objectives, today)


def _reminder_message(recipient, objectives, today):
    items = [
        {
            "objective": objective,
            "goal": objective.goal,
            "plan": objective.goal.plan,
            "due_on": objective.check_in_due_on(today),
            "last_update_on": objective.last_evidence_on,
            "cadence": objective.check_in_cadence_label(),
            "check_in_url": check_in_url(objective),
            "page_url": absolute(objective.get_absolute_url()) if objective.goal.plan.is_public else None,
        }
        for objective in objectives
    ]
    count = len(items)
    if count == 1:
        subject = gettext("A check-in is due")
    else:
        subject = ngettext(
            "A check-in is due on %(count)d of your objectives",
            "A check-in is due on %(count)d of your objectives",
            count,
        ) % {"count": count}
    return _message(recipient, Kind.REMINDERS, subject, "reminder", {"items": items, "today": today})


def digest_message(recipient, digests, since, today):
    """The weekly board digest: one section per active plan (`digests` built in the recipient's language)."""
    with recipient.speaking():
        return _digest_message(recipient, digests, since, today)


def _digest_message(recipient, digests, since, today):
    monday = today - timedelta(days=today.weekday())
    subject = gettext("Board digest for the week of %(monday)s") % {"monday": date_format(monday)}
    context = {"digests": digests, "since": since, "today": today}
    return _message(recipient, Kind.DIGEST, subject, "digest", context)
