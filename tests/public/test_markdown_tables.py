"""A table in the plan's Markdown scrolls sideways in a box of its own, never widening the page."""

import pytest

from goals.templatetags.plan_tags import markdown_to_safe_html, render_markdown
from tests.factories import GoalFactory, PlanFactory
from tests.public.test_markdown_sanitization import active_content

TABLE = "| Quarter | Hubs **run** |\n| --- | --- |\n| Q1 | 14 |\n"


@pytest.mark.unit
def test_it_puts_each_table_in_a_named_box_that_keyboards_can_scroll():
    html = str(render_markdown(f"Before.\n\n{TABLE}\nBetween.\n\n{TABLE}"))
    box = '<div class="table-scroll" tabindex="0" role="region" aria-label="Table: Quarter, Hubs run"><table>'
    assert html.count(box) == 2
    assert html.count("</table></div>") == 2
    assert "<p>Before.</p>" in html


@pytest.mark.unit
def test_the_boxs_name_is_plain_text_from_the_header():
    html = str(render_markdown('| a"><script>x</script> | `b` |\n| --- | --- |\n| 1 | 2 |\n'))
    assert 'aria-label="Table: a&quot;&gt;&lt;script&gt;x&lt;/script&gt;, b"' in html
    assert active_content(html) == []


@pytest.mark.unit
def test_text_that_only_looks_like_a_table_is_left_alone():
    html = str(render_markdown("Type `<table>` or <table> here."))
    assert "table-scroll" not in html
    assert "&lt;table&gt;" in html


@pytest.mark.unit
def test_feeds_get_the_table_without_the_box():
    assert "table-scroll" not in markdown_to_safe_html(TABLE)


@pytest.mark.integration
def test_the_plan_and_goal_pages_box_their_tables(client, db):
    plan = PlanFactory(slug="p", status="active", introduction=TABLE)
    GoalFactory(plan=plan, slug="g", rationale=TABLE)
    for url in ("/plans/p/", "/plans/p/goals/g/"):
        page = client.get(url).content.decode()
        assert page.count('<div class="table-scroll" tabindex="0" role="region"') >= 1, url
