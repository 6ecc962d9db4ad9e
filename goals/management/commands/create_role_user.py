"""Create a staff login in one role: founder, board or owner (see README, "Roles")."""

import os
import secrets

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from goals.models import Owner
from goals.permissions import ROLES


class Command(BaseCommand):
    help = (
        "Create a staff user in a role (founder, board, owner). The password comes from the environment "
        "variable named by --password-env, or is generated and printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--owner", metavar="SLUG", help="For --role owner: the Owner this login posts for."
        )
        parser.add_argument(
            "--password-env",
            metavar="VAR",
            default="STRATEGY_NEW_USER_PASSWORD",
            help="Environment variable holding the password (default STRATEGY_NEW_USER_PASSWORD).",
        )

    @transaction.atomic
    def handle(self, *args, username, role, email, owner, password_env, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(_("A user named “%(username)s” exists already.") % {"username": username})
        linked_owner = None
        if role == "owner":
            if not owner:
                raise CommandError(
                    _("--role owner needs --owner SLUG (the Owner whose objectives this login updates).")
                )
            linked_owner = Owner.objects.filter(slug=owner).first()
            if linked_owner is None:
                raise CommandError(_("No owner with slug “%(slug)s”.") % {"slug": owner})
            if linked_owner.user_id is not None:
                raise CommandError(
                    _("Owner “%(owner)s” already has a login (%(login)s).")
                    % {"owner": linked_owner, "login": linked_owner.user}
                )
        elif owner:
            raise CommandError(_("--owner is only for --role owner."))
        try:
            group = Group.objects.get(name=ROLES[role])
        except Group.DoesNotExist:
            raise CommandError(
                _("The group “%(group)s” is missing: run `manage.py migrate`.") % {"group": ROLES[role]}
            ) from None

        password = os.environ.get(password_env, "")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(15)

        user = User(username=username, email=email, is_staff=True)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(
                _("The password is refused: %(reasons)s") % {"reasons": " ".join(error.messages)}
            ) from None
        user.set_password(password)
        user.save()
        user.groups.add(group)
        if linked_owner is not None:
            linked_owner.user = user
            linked_owner.save(update_fields=["user", "updated_at"])

        if linked_owner:
            created = _("Created %(role)s “%(username)s” for owner “%(owner)s”.")
        else:
            created = _("Created %(role)s “%(username)s”.")
        self.stdout.write(
            self.style.SUCCESS(created % {"role": role, "username": username, "owner": linked_owner})
        )
        if generated:
            self.stdout.write(
                _("Password (shown once, not stored anywhere else): %(password)s") % {"password": password}
            )
