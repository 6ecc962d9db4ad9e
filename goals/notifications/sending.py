"""Who gets which e-mail, and sending it once: claim, send, mark.

Each e-mail is first claimed: its records (ReminderSent per objective, DigestSent per ISO week) are
written with `sent_at` empty in one short transaction, and their unique constraints let only one
run have them, so two app servers running the same cron line send one e-mail, not two. Then it is
sent, then marked sent. When sending fails the claim is removed, so the next run sends it; a claim
left by a run that died mid-send is taken over after CLAIM_EXPIRES.

Who is asked: every active login linked to an owner of an objective whose check-in is due
(rules.check_in_due_on), at the login's e-mail address or else the owner's, unless they turned
reminders off. The digest goes to board members and founders who turned it on. Each e-mail, and
the digest's content, is written in its recipient's language (NotificationPreference.email_language).
"""

import logging
import smtplib
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from goals import rules
from goals.models import DigestSent, NotificationPreference, Objective, Owner, ReminderSent
from goals.notifications import emails
from goals.notifications.emails import Recipient, address_of

log = logging.getLogger(__name__)

Kind = NotificationPreference.Kind
CLAIM_EXPIRES = timedelta(minutes=30)
DIGEST_LOOKBACK = timedelta(days=7)

# The server refused this one message (an address, the sender, the content): the others may still
# go. Any other smtplib or socket error means the server is out of reach: the rest wait for the next run.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


class ServerUnreachable(Exception):
    pass


@dataclass
class Report:
    """What a run did (or, in a dry run, would do)."""

    dry_run: bool = False
    kinds: list[str] = field(default_factory=lambda: [Kind.REMINDERS])
    lines: list[str] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Kind.values, 0))
    failed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Kind.values, 0))
    unreachable: bool = False

    @property
    def failures(self):
        return sum(self.failed.values())

    def summary(self):
        verb = "would send" if self.dry_run else "sent"
        parts = [
            f"{Kind(kind).label}: {verb} {self.sent[kind]}"
            + (f", {self.failed[kind]} failed (pending for the next run)" if self.failed[kind] else "")
            for kind in self.kinds
        ]
        return "; ".join(parts) + "."


def _recipient(user, preference):
    owner = getattr(user, "owner", None)
    name = (owner.name if owner else "") or user.get_full_name() or user.get_username()
    return Recipient(user=user, address=address_of(user), name=name, language=preference.email_language)


def _preferences(users):
    """{user id: NotificationPreference}, with unsaved defaults for those who never chose."""
    saved = {pref.user_id: pref for pref in NotificationPreference.objects.filter(user__in=users)}
    return {user.pk: saved.get(user.pk) or NotificationPreference(user=user) for user in users}


# ---------------------------------------------------------------------------------------------
# Who is due what.


def due_reminders(today):
    """[(Recipient, [objectives due])] for everyone a reminder may go to, by user name."""
    linked = Objective.objects.filter(owners__user__isnull=False).values("pk")
    objectives = (
        # The rule decides; the filter only skips plans it never asks about.
        Objective.objects.filter(pk__in=linked, goal__plan__status=rules.ACTIVE_PLAN)
        .with_standing()
        .select_related("goal__plan")
        .prefetch_related(
            Prefetch(
                "owners",
                queryset=Owner.objects.filter(user__is_active=True).select_related("user"),
                to_attr="linked_owners",
            )
        )
        .order_by("goal__order", "goal__pk", "order", "pk")
    )
    due = defaultdict(list)
    users = {}
    for objective in objectives:
        if not objective.is_check_in_due(today):
            continue
        for owner in objective.linked_owners:
            users[owner.user.pk] = owner.user
            due[owner.user.pk].append(objective)
    preferences = _preferences(list(users.values()))
    found = []
    for user in sorted(users.values(), key=lambda user: user.get_username()):
        recipient = _recipient(user, preferences[user.pk])
        if not preferences[user.pk].reminders:
            log.info("Reminder to %s skipped: turned off.", user.get_username())
        elif not recipient.address:
            log.warning("Reminder to %s skipped: no e-mail address (login or owner).", user.get_username())
        else:
            found.append((recipient, due[user.pk]))
    return found


def digest_recipients():
    """Board members and founders who turned the digest on and have an address, by user name."""
    User = get_user_model()
    users = (
        User.objects.filter(is_active=True, notification_preference__digest=True)
        .select_related("owner", "notification_preference")
        .order_by(User.USERNAME_FIELD)
    )
    found = []
    for user in users:
        recipient = _recipient(user, user.notification_preference)
        if not user.has_perm("goals.review_plans"):
            log.info("Digest to %s skipped: not a board member or founder.", user.get_username())
        elif not recipient.address:
            log.warning("Digest to %s skipped: no e-mail address.", user.get_username())
        else:
            found.append(recipient)
    return found


# ---------------------------------------------------------------------------------------------
# Claim, send, mark.


def _taken(now):
    """Records another run has: sent, or claimed recently enough that it may still be sending."""
    return Q(sent_at__isnull=False) | Q(claimed_at__gte=now - CLAIM_EXPIRES)


def _claim(model, user, keys, run):
    """Claim each record (user + key) for this run, in one transaction; the ids this run now has."""
    now = timezone.now()
    claimed = []
    with transaction.atomic():
        for key in keys:
            try:
                with transaction.atomic():
                    claimed.append(model.objects.create(user=user, run=run, claimed_at=now, **key).pk)
            except IntegrityError:
                # Sent already, or another run is sending it; a claim from a run that died is taken over.
                abandoned = model.objects.filter(user=user, **key).exclude(_taken(now))
                if abandoned.update(claimed_at=now, run=run):
                    claimed.append(model.objects.get(user=user, **key).pk)
    return claimed


def _release(model, ids, run):
    model.objects.filter(pk__in=ids, run=run, sent_at__isnull=True).delete()


class Outbox:
    """One connection for a run, opened at its first e-mail: a run with nothing to send never connects."""

    def __init__(self):
        self.connection = get_connection(fail_silently=False)
        self.opened = False

    def send(self, message):
        if not self.opened:
            self.connection.open()
            self.opened = True
        if self.connection.send_messages([message]) != 1:
            raise smtplib.SMTPException("The e-mail backend sent nothing.")

    def close(self):
        if self.opened:
            self.connection.close()


def _deliver(outbox, report, kind, model, ids, run, build, label):
    """Build and send one claimed e-mail; mark its records sent, or release them when it fails."""
    try:
        outbox.send(build())
    except MESSAGE_ERRORS as error:
        _release(model, ids, run)
        report.failed[kind] += 1
        log.warning("%s to %s refused by the server, pending for the next run: %s", kind, label, error)
        return
    except (smtplib.SMTPException, OSError) as error:
        _release(model, ids, run)
        report.failed[kind] += 1
        report.unreachable = True
        log.error("%s to %s not sent, the e-mail server is out of reach: %s", kind, label, error)
        raise ServerUnreachable from error
    except BaseException:
        _release(model, ids, run)
        raise
    model.objects.filter(pk__in=ids, run=run).update(sent_at=timezone.now())
    report.sent[kind] += 1
    log.info("%s sent to %s.", kind, label)


def _label(recipient):
    return f"{recipient.address} ({recipient.user.get_username()})"


def send_all(today, *, build_digest=None, dry_run=False):
    """Every reminder due today and, given `build_digest`, this week's board digests; a Report.

    `build_digest(since, today)` gives the digest's content (goals.board.digest.build_digest: web
    parts do not import each other, so the command passes it in).
    """
    kinds = [Kind.REMINDERS] + ([Kind.DIGEST] if build_digest is not None else [])
    report = Report(dry_run=dry_run, kinds=kinds)
    run = uuid.uuid4().hex
    outbox = None if dry_run else Outbox()
    try:
        _send_reminders(today, report, outbox, run)
        if build_digest is not None:
            _send_digests(today, build_digest, report, outbox, run)
    except ServerUnreachable:
        pass  # the rest stays pending for the next run
    finally:
        if outbox is not None:
            outbox.close()
    return report


def _send_reminders(today, report, outbox, run):
    """One reminder per person, listing every objective of theirs that is due and not yet reminded of."""
    for recipient, objectives in due_reminders(today):
        due_on = {objective.pk: objective.check_in_due_on(today) for objective in objectives}
        if report.dry_run:
            taken = ReminderSent.objects.filter(_taken(timezone.now()), user=recipient.user)
            done = set(taken.values_list("objective_id", "due_on"))
            pending = [o for o in objectives if (o.pk, due_on[o.pk]) not in done]
            if pending:
                report.sent[Kind.REMINDERS] += 1
                report.lines.append(f"Would remind {_label(recipient)} of {len(pending)} objective(s):")
                report.lines += [f"  - {o.statement} (check-in due {due_on[o.pk]:%Y-%m-%d})" for o in pending]
            continue
        keys = [{"objective": objective, "due_on": due_on[objective.pk]} for objective in objectives]
        ids = _claim(ReminderSent, recipient.user, keys, run)
        if not ids:
            continue
        mine = set(ReminderSent.objects.filter(pk__in=ids).values_list("objective_id", flat=True))
        claimed = [objective for objective in objectives if objective.pk in mine]
        build = partial(emails.reminder_message, recipient, claimed, today)
        _deliver(outbox, report, Kind.REMINDERS, ReminderSent, ids, run, build, _label(recipient))


def _send_digests(today, build_digest, report, outbox, run):
    """This ISO week's digest to each board member and founder who wants it and has not had it."""
    week = today - timedelta(days=today.weekday())
    for recipient in digest_recipients():
        now = timezone.now()
        records = DigestSent.objects.filter(user=recipient.user)
        if records.filter(_taken(now), week=week).exists():
            continue
        last = records.filter(sent_at__isnull=False).exclude(week=week).order_by("-sent_at").first()
        since = last.sent_at if last else now - DIGEST_LOOKBACK
        with recipient.speaking():  # the board's summary words its flags ("at risk") as it goes
            digests = build_digest(since, today)
        if not digests:  # no active plan: nothing to tell
            continue
        if report.dry_run:
            report.sent[Kind.DIGEST] += 1
            plans = ", ".join(digest.plan.title for digest in digests)
            report.lines.append(f"Would send the board digest to {_label(recipient)}: {plans}")
            continue
        ids = _claim(DigestSent, recipient.user, [{"week": week}], run)
        if not ids:
            continue
        build = partial(emails.digest_message, recipient, digests, since, today)
        _deliver(outbox, report, Kind.DIGEST, DigestSent, ids, run, build, _label(recipient))
