"""E-mail: what each person wants to get, and a record of every reminder and digest sent.

A record is claimed (written with `sent_at` empty) before its e-mail goes out and marked sent after;
its unique constraint is what stops two runs of `send_reminders` from sending the same e-mail twice.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from goals.models.objective import Objective


def site_languages():
    """The languages the site is offered in, after "" for its default. Read at run time, so that
    DJANGO_LANGUAGES and DJANGO_LANGUAGE_CODE change no migration."""
    try:  # the default named in the reader's language ("inglés"); the others each in its own
        default = translation.get_language_info(settings.LANGUAGE_CODE)["name_translated"]
    except KeyError:
        default = settings.LANGUAGE_CODE
    return [("", format_lazy(_("The site's default ({language})"), language=default)), *settings.LANGUAGES]


class NotificationPreference(models.Model):
    """Which e-mails one person gets, and in which language. Without a row, the defaults: reminders
    on, digest off, the site's default language."""

    class Kind(models.TextChoices):
        # Each kind's value is the name of its field below.
        REMINDERS = "reminders", _("Check-in reminders")
        DIGEST = "digest", _("Weekly board digest")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    reminders = models.BooleanField(
        _("check-in reminders"),
        default=True,
        help_text=_("An e-mail when a check-in is due on an objective this person owns."),
    )
    digest = models.BooleanField(
        _("weekly board digest"),
        default=False,
        help_text=_("Once a week: progress, what moved, what needs attention (board members and founders)."),
    )
    language = models.CharField(
        _("language"),
        max_length=35,
        blank=True,
        choices=site_languages,
        help_text=_(
            "The language of this person's e-mails: chosen on their e-mail preferences, or the last "
            "one they picked in the site's language switcher. Empty: the site's default."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")

    def __str__(self):
        return gettext("E-mail preferences of %(user)s") % {"user": self.user}

    def get_absolute_url(self):
        return reverse("notifications:preferences")

    @classmethod
    def for_user(cls, user):
        """The user's preferences, or the defaults (unsaved) when they never chose."""
        return cls.objects.filter(user=user).first() or cls(user=user)

    @classmethod
    def remember_language(cls, user, language):
        """Store the language a signed-in person chose (the other preferences stay as they are)."""
        cls.objects.update_or_create(user=user, defaults={"language": language})

    def wants(self, kind):
        return getattr(self, self.Kind(kind).value)

    @property
    def offered_language(self):
        """The language this person chose, while the site still offers it; empty when none."""
        return self.language if self.language in dict(settings.LANGUAGES) else ""

    @property
    def email_language(self):
        """The language this person's e-mails are written in: theirs while the site offers it, else
        the site's default."""
        return self.offered_language or settings.LANGUAGE_CODE


class ReminderSent(models.Model):
    """A check-in reminder about one objective to one person, for one due date."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="+", verbose_name=_("objective")
    )
    due_on = models.DateField(
        help_text=_("The check-in due date this reminder was about."), verbose_name=_("due on")
    )
    claimed_at = models.DateTimeField(default=timezone.now, verbose_name=_("claimed at"))
    run = models.CharField(
        max_length=32, help_text=_("The run of send_reminders that claimed it."), verbose_name=_("run")
    )
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Empty while the e-mail is being sent."), verbose_name=_("sent at")
    )

    class Meta:
        ordering = ["-claimed_at"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "objective", "due_on"],
                name="reminder_once_per_due_date",
                violation_error_message=_("This person was already reminded of this check-in."),
            ),
        ]

    def __str__(self):
        return gettext("Reminder to %(user)s about “%(objective)s”, due %(day)s") % {
            "user": self.user,
            "objective": self.objective,
            "day": f"{self.due_on:%Y-%m-%d}",
        }

    def get_absolute_url(self):
        return self.objective.get_absolute_url()


class DigestSent(models.Model):
    """The weekly board digest sent to one person for one ISO week."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    week = models.DateField(help_text=_("The Monday of the ISO week."), verbose_name=_("week"))
    claimed_at = models.DateTimeField(default=timezone.now, verbose_name=_("claimed at"))
    run = models.CharField(
        max_length=32, help_text=_("The run of send_reminders that claimed it."), verbose_name=_("run")
    )
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Empty while the e-mail is being sent."), verbose_name=_("sent at")
    )

    class Meta:
        ordering = ["-week", "user__username"]
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "week"],
                name="digest_once_per_week",
                violation_error_message=_("This person already has this week's digest."),
            ),
        ]

    def __str__(self):
        return gettext("Digest to %(user)s for the week of %(day)s") % {
            "user": self.user,
            "day": f"{self.week:%Y-%m-%d}",
        }
