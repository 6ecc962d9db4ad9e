"""A real SMTP server on a loopback port (aiosmtpd) and the people e-mails go to.

`smtp` starts a server on a 127.0.0.1 port the system picks and points Django's SMTP backend at it;
the test reads what arrived, parsed, from `smtp.messages`. `dead_smtp` points it at a port that is
held but where nothing listens. `team` is an active plan (dates relative to today) with owners and
board members.
"""

import socket
import threading
import time
from datetime import timedelta
from email import message_from_bytes, policy
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from goals.check_ins import record_check_in
from goals.models import Objective, Plan
from goals.permissions import BOARD, FOUNDERS, OWNERS
from tests.factories import GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory
from tests.roles import make_user

SITE_URL = "https://plan.example.org"


class LoopbackController(Controller):
    """aiosmtpd's threaded server on a loopback port that the system picks as the server binds it.

    A port probed free and closed first can be taken by another pytest-xdist worker (its own SMTP
    server, a browser test's live server) before the server binds it; port 0 cannot.
    """

    def __init__(self, handler):
        super().__init__(handler, hostname="127.0.0.1", port=0)

    def _trigger_server(self):
        # Called by start() once the server is bound, to connect to it: the port is known now.
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class Mailbox:
    """The aiosmtpd handler: keeps every message it accepts; refuses the addresses in `refuse`."""

    def __init__(self):
        self.messages = []
        self.raw = []
        self.refuse = set()
        self.delay = 0.0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            time.sleep(self.delay)  # a slow server: widens the window two racing runs share
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.raw.append(envelope.content)
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for message in self.messages if message["To"] == address]

    @property
    def recipients(self):
        return sorted(message["To"] for message in self.messages)


def use_smtp(settings, port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_CONFIGURED = True  # as EMAIL_URL=smtp://127.0.0.1:<port> would


@pytest.fixture
def site_url(settings):
    settings.STRATEGY_SITE_URL = SITE_URL
    settings.STRATEGY_SITE_URL_CONFIGURED = True
    settings.DEFAULT_FROM_EMAIL = "Strategy <plan@example.org>"
    return SITE_URL


@pytest.fixture
def start_smtp(settings, site_url):
    """Start (another) SMTP server and send to it; every server started is stopped at the end."""
    controllers = []

    def start():
        mailbox = Mailbox()
        controller = LoopbackController(mailbox)
        controller.start()
        controllers.append(controller)
        use_smtp(settings, controller.port)
        return mailbox

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def smtp(start_smtp):
    return start_smtp()


@pytest.fixture
def dead_smtp(settings, site_url):
    # A socket bound to the port but not listening: a connection is refused, and for as long as the
    # test holds it, no other worker's server can bind that port and answer in its place.
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        use_smtp(settings, held.getsockname()[1])
        yield


def parts(message):
    """(plain text, HTML) of a multipart/alternative e-mail."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def unsubscribe_link(message):
    """The URL in an e-mail's List-Unsubscribe header (folded onto a line of its own when long)."""
    value = str(message["List-Unsubscribe"]).strip()
    assert value.startswith("<") and value.endswith(">"), value
    return value[1:-1]


def path_of(url):
    """The path (and query) of an absolute link, for the test client."""
    assert url.startswith(SITE_URL + "/"), url
    parsed = urlsplit(url)
    return parsed.path + (f"?{parsed.query}" if parsed.query else "")


def send_reminders(*args):
    """Run the command; its stdout."""
    from io import StringIO

    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def team(db):
    """An active plan that started 100 days ago (monthly check-ins), owners and the board.

    Alice owns two objectives with check-ins due (nothing recorded; one updated 40 days ago) and one
    she checked in on yesterday; Bob owns one that is due, and one that is done. Fiona is a founder,
    Boris on the board.
    """
    today = timezone.localdate()
    plan = PlanFactory(
        title="Plan for the commons",
        slug="commons",
        status=Plan.Status.ACTIVE,
        starts_on=today - timedelta(days=100),
        due_on=today + timedelta(days=265),
    )
    goal = GoalFactory(plan=plan, title="Grow the community", slug="grow", order=1)
    alice = make_user("alice", OWNERS)
    alice.first_name, alice.last_name, alice.email = "Alice", "Adams", "alice@example.org"
    alice.save()
    bob = make_user("bob", OWNERS)
    alice_owner = OwnerFactory(
        name="Alice Adams", slug="alice", user=alice, email="alice.private@example.org"
    )
    bob_owner = OwnerFactory(name="Bob Brown", slug="bob", user=bob)
    first = ObjectiveFactory(
        goal=goal,
        statement="Ten hubs run on open infrastructure.",
        slug="hubs",
        order=1,
        owners=[alice_owner],
    )
    second = ObjectiveFactory(
        goal=goal,
        statement="Two grants are won.",
        slug="grants",
        order=2,
        owners=[alice_owner],
        status=Objective.Status.AT_RISK,
    )
    record_check_in(second, note="Applied.", happened_on=today - timedelta(days=40))
    fresh = ObjectiveFactory(
        goal=goal, statement="A donor page exists.", slug="donors", order=3, owners=[alice_owner]
    )
    record_check_in(fresh, note="Drafted.", happened_on=today - timedelta(days=1))
    bobs = ObjectiveFactory(
        goal=goal, statement="Bob's objective is met.", slug="bobs", order=4, owners=[bob_owner]
    )
    done = ObjectiveFactory(
        goal=goal,
        statement="Bob's old work is done.",
        slug="done",
        order=5,
        owners=[bob_owner],
        status=Objective.Status.DONE,
    )
    return {
        "today": today,
        "plan": plan,
        "goal": goal,
        "alice": alice,
        "bob": bob,
        "alice_owner": alice_owner,
        "bob_owner": bob_owner,
        "due": [first, second],
        "fresh": fresh,
        "bobs": bobs,
        "done": done,
        "founder": make_user("fiona", FOUNDERS),
        "board": make_user("boris", BOARD),
    }
