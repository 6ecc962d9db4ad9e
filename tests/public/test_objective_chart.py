"""A measured objective's page draws its public measurements as a chart on the server: SVG with a
title, a text alternative and a data table, against its target, without script or inline styles."""

import re
from datetime import date
from decimal import Decimal

import pytest

from goals.check_ins import record_check_in
from goals.models import KeyResult, KeyResultTarget, Plan
from tests.factories import GoalFactory, ObjectiveFactory, PlanFactory
from tests.roles import make_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

URL = "/plans/p/goals/g/objectives/o/"


@pytest.fixture
def objective():
    plan = PlanFactory(
        slug="p", status=Plan.Status.ACTIVE, starts_on=date(2026, 1, 1), due_on=date(2027, 12, 31)
    )
    objective = ObjectiveFactory(goal=GoalFactory(plan=plan, slug="g"), slug="o")
    key_result = KeyResult.objects.create(
        objective=objective, metric="Institutions", unit="institutions", target=2
    )
    KeyResultTarget.objects.create(key_result=key_result, due_on=date(2026, 12, 31), value=1)
    record_check_in(objective, value=Decimal(1), happened_on=date(2026, 10, 1))
    # Bait: an internal measurement that no public chart may draw.
    record_check_in(objective, value=Decimal(97), visibility="internal", happened_on=date(2026, 11, 1))
    record_check_in(objective, value=Decimal(3), happened_on=date(2026, 11, 14))
    return objective


def chart_of(html):
    match = re.search(r'<div class="chart chart-measurements">.*?</details>', html, re.S)
    assert match, "no measurement chart on the page"
    return match.group(0)


def test_it_draws_the_public_measurements_with_a_title_a_text_alternative_and_a_table(client, objective):
    html = client.get(URL).content.decode()

    chart = chart_of(html)
    assert 'role="img"' in chart
    assert re.search(r"<title id=\"measurements-\d+-title\">Institutions over time</title>", chart)
    assert (
        f'<desc id="measurements-{objective.pk}-desc">Institutions: 2 measurements, '
        "1 institutions on 1 Oct 2026 and 3 institutions on 14 Nov 2026; baseline 0 institutions, "
        "target: at least 2 institutions by 31 Dec 2027; on the way: 1 by 31 Dec 2026.</desc>"
    ) in chart
    rows = re.findall(r"<tr><th scope=\"row\"><time datetime=\"([\d-]+)\">[^<]*</time></th><td>([^<]*)</td>"
                      r"<td>([^<]*)</td></tr>", chart)  # fmt: skip
    assert rows == [
        ("2026-10-01", "1", "—"),
        ("2026-11-14", "3", "—"),
        ("2026-12-31", "—", "1"),
        ("2027-12-31", "—", "2"),
    ]
    assert chart.count("<circle ") == 2
    assert chart.count('class="chart-milestone"') == 1
    assert chart.count('class="chart-target"') == 1


def test_internal_measurements_stay_off_the_chart_even_for_staff(client, objective):
    client.force_login(make_user("fiona", "Founders"))

    html = client.get(URL).content.decode()

    chart = chart_of(html)
    assert "97" not in chart
    assert chart.count("<circle ") == 2
    assert "The chart shows public measurements only" in html
    assert "97 of 2 institutions" in html  # the timeline shows it to staff


def test_the_page_has_no_script_and_no_inline_style(client, objective):
    html = client.get(URL).content.decode()

    assert "<script" not in html
    assert "style=" not in html


def test_an_objective_without_a_key_result_or_a_measurement_has_no_chart(client, objective):
    objective.check_ins.all().delete()
    other = ObjectiveFactory(goal=objective.goal, slug="plain")

    measured_page = client.get(URL).content.decode()
    plain_page = client.get(other.get_absolute_url()).content.decode()

    assert "chart-measurements" not in measured_page
    assert "no measurement yet" in measured_page
    assert "chart-measurements" not in plain_page


@pytest.mark.parametrize("measurements", [1, 3])
def test_the_page_reads_the_same_number_of_queries_for_one_or_three_measurements(
    client, django_assert_num_queries, measurements
):
    plan = PlanFactory(slug="p", status=Plan.Status.ACTIVE, starts_on=date(2026, 1, 1))
    objective = ObjectiveFactory(goal=GoalFactory(plan=plan, slug="g"), slug="o")
    key_result = KeyResult.objects.create(objective=objective, metric="Hubs", target=10)
    for month in range(1, measurements + 1):
        KeyResultTarget.objects.create(key_result=key_result, due_on=date(2026, month, 28), value=month)
        record_check_in(objective, value=Decimal(month), happened_on=date(2026, month, 1))

    # content version, objective with goal, plan and key result, its targets, owners, evidence, check-ins,
    # GitHub links
    with django_assert_num_queries(7):
        html = client.get(URL).content.decode()

    assert chart_of(html).count("<circle ") == measurements
