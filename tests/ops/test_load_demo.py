"""`make demo`: an example plan under way, written through the site's own write paths; never in `make run`."""

import re
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from goals.board.changes import changes_since, weekly_series
from goals.board.packet import day_start
from goals.models import CheckIn, Evidence, Objective, Owner, Plan, Review

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


@pytest.fixture
def load_demo(settings):
    settings.DEBUG = True

    def run():
        out = StringIO()
        call_command("load_demo", stdout=out)
        return out.getvalue()

    return run


def logins(output):
    """{user name: password} from the block the command ends with."""
    return dict(re.findall(r"^  (demo-[a-z]+)\s+(\S+)\s", output, re.MULTILINE))


def test_it_loads_a_clearly_labelled_plan_under_way(load_demo, client):
    load_demo()

    plan = Plan.objects.get()
    today = timezone.localdate()
    assert plan.title == "Example plan — demo data"
    assert plan.introduction.startswith("**Example plan — demo data.**")
    assert plan.status == Plan.Status.ACTIVE
    assert plan.starts_on < today - timedelta(days=180) and plan.due_on > today
    assert plan.goals.count() == 5
    assert Owner.objects.filter(user__isnull=False).count() == 2
    html = client.get("/").content.decode()
    assert "<h1>Example plan — demo data</h1>" in html


def test_every_measured_objective_has_months_of_history(load_demo):
    load_demo()

    measured = Objective.objects.filter(progress_source=Objective.ProgressSource.MEASURED)
    assert measured.count() == 5
    for objective in measured:
        days = sorted(objective.check_ins.exclude(value=None).values_list("happened_on", flat=True))
        assert len(days) >= 6
        assert (days[-1] - days[0]).days >= 150
    # Updates are recorded on the day they say, so the board's chart replays the months.
    plan = Plan.objects.get()
    history_starts_on, points = weekly_series(plan, timezone.localdate())
    assert history_starts_on == plan.starts_on
    assert len(points) >= 30
    assert points[0].plan != points[-1].plan


def test_it_records_evidence_and_one_board_review_with_its_snapshot(load_demo):
    load_demo()

    assert Evidence.objects.filter(visibility=Evidence.Visibility.PUBLIC).count() >= 5
    assert Evidence.objects.filter(visibility=Evidence.Visibility.INTERNAL).count() == 1
    review = Review.objects.get()
    assert review.held_on == timezone.localdate() - timedelta(days=40)
    assert review.snapshots.count() == 5 + Objective.objects.count()
    # What changed since that review is the updates after it, read from the history.
    assert changes_since(review.plan, day_start(review.held_on)).status_changes


def test_its_review_is_recorded_on_the_meeting_day_so_the_packet_shows_the_weeks_since(load_demo, client):
    load_demo()
    review = Review.objects.get()
    client.force_login(get_user_model().objects.get(username="demo-board"))

    page = client.get(f"/review/plans/{review.plan.slug}/").content.decode()

    assert timezone.localdate(review.recorded_at) == review.held_on
    held_on = f"{review.held_on.day} {review.held_on:%B %Y}"
    assert f"What changed since {held_on}" in page
    assert f"What changed since {timezone.localdate().day} " not in page
    assert "Nothing changed in this period." not in page


def test_it_prints_a_working_login_for_each_role(load_demo):
    output = load_demo()

    passwords = logins(output)
    assert set(passwords) == {"demo-founder", "demo-board", "demo-amara", "demo-jonas"}
    users = get_user_model().objects.in_bulk(passwords, field_name="username")
    for username, password in passwords.items():
        assert users[username].check_password(password)
        assert users[username].is_staff and not users[username].is_superuser
    assert [g.name for g in users["demo-founder"].groups.all()] == ["Founders"]
    assert [g.name for g in users["demo-board"].groups.all()] == ["Board"]
    assert users["demo-amara"].owner.name == "Amara Okafor"
    assert "founder" in output and "board member" in output and "owner, Jonas Berg" in output


def test_running_it_twice_adds_nothing_and_prints_new_passwords(load_demo):
    first = load_demo()
    counts = [model.objects.count() for model in (Plan, Objective, CheckIn, Evidence, Review, Owner)]

    second = load_demo()

    assert "exists already: nothing added" in second
    assert [model.objects.count() for model in (Plan, Objective, CheckIn, Evidence, Review, Owner)] == counts
    assert get_user_model().objects.filter(username__startswith="demo-").count() == 4
    user = get_user_model().objects.get(username="demo-board")
    assert user.check_password(logins(second)["demo-board"])
    assert not user.check_password(logins(first)["demo-board"])


def test_it_refuses_outside_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=True"):
        call_command("load_demo", stdout=StringIO())
    assert not Plan.objects.exists()
    assert not get_user_model().objects.exists()


def test_make_run_loads_no_demo(settings):
    settings.DEBUG = True
    call_command("bootstrap_site", stdout=StringIO())

    assert not Plan.objects.filter(title__icontains="demo").exists()
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()
    makefile = MAKEFILE.read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    demo = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "load_demo" not in run and "db-demo" not in run
    assert "load_demo" in demo and "$(DEMO_ENV)" in demo
    assert "DEMO_ENV := DATABASE_URL=sqlite:///$(CURDIR)/db-demo.sqlite3" in makefile
