"""`make run`: migrate-free first-run setup, then Django's development server, ending with where to go.

It imports the 2i2c plan into an empty database and, in DEBUG, creates the superuser `admin`
(bootstrap_site), then starts `runserver`. The last thing on screen is a short block: the site,
the admin with its user name and (first run only) its password, or the command that sets a new one.
"""

import os
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.core.management.commands.runserver import Command as RunserverCommand
from django.utils.translation import gettext as _

PASSWORD_VARIABLE = "STRATEGY_FIRST_RUN_PASSWORD"  # noqa: S105 - the name of a variable, not a password


class Command(RunserverCommand):
    help = "Set up the site on first run (the 2i2c plan, user admin) and serve it, saying where to go."

    def handle(self, *args, **options):
        # The autoreloader runs this again in a child process (RUN_MAIN=true), which inherits the
        # environment: only the first process sets up, and passes the password on.
        if os.environ.get("RUN_MAIN") != "true":
            output = StringIO()
            call_command("bootstrap_site", stdout=output)
            password = _created_password(output.getvalue())
            if password:
                os.environ[PASSWORD_VARIABLE] = password
        super().handle(*args, **options)

    def on_bind(self, server_port):
        host = f"[{self.addr}]" if self._raw_ipv6 else ("0.0.0.0" if self.addr == "0" else self.addr)  # noqa: S104
        self.stdout.write(
            where_to_go(f"{self.protocol}://{host}:{server_port}", os.environ.get(PASSWORD_VARIABLE))
        )


def _created_password(text):
    marker = "password: "
    for line in text.splitlines():
        if line.startswith("Created superuser") and marker in line:
            return line.split(marker, 1)[1].split()[0]
    return None


def where_to_go(base_url, password=None):
    """The block `make run` ends with."""
    admin = f"{base_url}/{settings.ADMIN_URL}"
    sign_in = (
        _("user admin, password %(password)s, shown this once") % {"password": password}
        if password
        else _("user admin")
    )
    rows = [
        (_("The plan:"), f"{base_url}/"),
        (_("Admin:"), f"{admin}  ({sign_in})"),
        (_("Board review:"), f"{base_url}/review/"),
        (_("Owners' page:"), f"{base_url}/me/"),
    ]
    if not password:
        rows.append((_("New password:"), ".venv/bin/python manage.py changepassword admin"))
    # The addresses line up in a column, whatever the labels' length in the language.
    width = max(17, *(len(label) + 1 for label, _value in rows))
    lines = ["", _("strategy-site is running.")]
    lines += [f"  {label:<{width}}{value}" for label, value in rows]
    lines += [_("Quit with CONTROL-C."), ""]
    return "\n".join(lines)
