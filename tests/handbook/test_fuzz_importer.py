"""Fuzzing the importer: any text either imports or is refused with a line number, never a crash,
and a refused file leaves the database exactly as it was.

Runs on SQLite and on PostgreSQL (`make test`), each example in a savepoint of its own that is
rolled back after it (tests/fuzzing.py): every example starts from the seed plan alone, and on
PostgreSQL one failed statement cannot abort the transaction the next examples run in.
"""

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from goals.handbook.exporter import export_plan
from goals.handbook.importer import PlanImportError, import_plan
from goals.handbook.markdown import PlanFormatError, parse_plan, render_plan
from goals.models import Goal, Objective, Plan
from tests.conftest import SEED
from tests.fuzzing import CONTROL_CHARACTERS, fuzz_settings, hostile_text, rolled_back

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SEED_TEXT = SEED.read_text(encoding="utf-8")

# Pieces of the plan format, so that examples get past the first line often enough to be interesting.
FRAGMENTS = [
    "# A plan\n",
    "# \n",
    "## A goal\n",
    "## Another goal\n",
    "## \n",
    "### Not a goal\n",
    "**Rationale:**\n",
    "**Objectives:**\n",
    "- An objective.\n",
    "- \n",
    "* Another objective.\n",
    "1. Numbered.\n",
    "  - Key result: hubs, at least 2 hubs (baseline 0; 1 by June 2021)\n",
    "  - Key result: cost, at most 5 (baseline 1)\n",
    "  - Key result: hubs, more than two\n",
    "  - Key result: \n",
    "The following objectives should be accomplished by **October of 2021**.\n",
    "This plan starts on **1 November 2020**.\n",
    "Due by **31 February 2021**.\n",
    "Due by **2021-13-01**.\n",
    "This plan starts on **1 November 2030**.\n",
    "\n",
    "\r\n",
    "Some *Markdown* with a [link](javascript:alert(1)).\n",
    "<script>alert(1)</script>\n",
    "```\n",
    "x" * 600 + "\n",
    # PostgreSQL refuses NUL in text; the other control characters it stores.
    *CONTROL_CHARACTERS,
    "- An objective with a \x00 in it.\n",
    "## A goal \x1b[31m\n",
]
pieces = st.lists(st.one_of(st.sampled_from(FRAGMENTS), hostile_text), max_size=25).map("".join)


@st.composite
def mangled_seed(draw):
    """The real seed with a slice cut out and random text put in its place."""
    start = draw(st.integers(0, len(SEED_TEXT)))
    end = draw(st.integers(start, min(len(SEED_TEXT), start + 400)))
    return SEED_TEXT[:start] + draw(st.one_of(pieces, hostile_text)) + SEED_TEXT[end:]


plan_texts = st.one_of(st.text(max_size=200), pieces, mangled_seed())


def snapshot():
    return (
        list(Plan.objects.order_by("pk").values()),
        list(Goal.objects.order_by("pk").values()),
        list(Objective.objects.order_by("pk").values()),
        Plan.history.count() + Goal.history.count() + Objective.history.count(),
    )


@fuzz_settings(max_examples=100)
@given(text=plan_texts)
@example(text="# A plan\n\x00" + SEED_TEXT)  # found by this test: PostgreSQL refuses NUL in text
@example(text=SEED_TEXT.replace("\n- ", "\n- \x00", 1))
def test_any_text_imports_or_is_refused_and_a_refusal_changes_nothing(seed_plan, text):
    with rolled_back():
        before = snapshot()
        try:
            report = import_plan(parse_plan(text))
        except (PlanFormatError, PlanImportError) as error:
            assert error.line >= 1
            assert snapshot() == before
        else:
            assert report.plan.pk is not None


# Printable characters (no control, format, surrogate or separator characters but the space), with
# the ones that mean something in Markdown or in the handbook format drawn more often.
printable = st.one_of(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")),
    st.just(" "),
    st.sampled_from("#*-+`~_[]()<>!|:.\\&;'\""),
)
printable_texts = st.text(printable, min_size=1, max_size=60).filter(str.strip)
ONE_OBJECTIVE = """\
# A plan

The following objectives should be accomplished by **October 2027**.

## {title}

**Rationale:**

**Objectives:**

- {statement}
"""


def reading_of_a_heading(title):
    """What a heading means in Markdown: a trailing run of #s after a space closes it."""
    return re.sub(r"\s+#+$", "", title.strip())


@fuzz_settings(max_examples=1000)
@given(statement=printable_texts, title=printable_texts)
@example(statement="Write the client in C#", title="Learn C#")  # found by an outside test: "C"
@example(statement="Fix issue #", title="Issue #")
def test_any_printable_text_survives_render_and_parse(statement, title):
    try:
        plan = parse_plan(ONE_OBJECTIVE.format(title=title, statement=statement))
    except PlanFormatError as error:
        assert error.line >= 1
        return
    assert plan.goals[0].objectives[0].statement == " ".join(statement.split())
    assert plan.goals[0].title == reading_of_a_heading(title)
    assert parse_plan(render_plan(plan)) == plan


@fuzz_settings(max_examples=150)
@given(statement=printable_texts, title=printable_texts)
@example(statement="Write the client in C#", title="Learn C#")
def test_any_printable_objective_survives_import_export_import_or_is_refused(db, statement, title):
    Plan.objects.all().delete()
    try:
        plan = import_plan(parse_plan(ONE_OBJECTIVE.format(title=title, statement=statement))).plan
    except (PlanFormatError, PlanImportError) as error:
        assert error.line >= 1
        assert Plan.objects.count() == 0
        return
    objective = Objective.objects.select_related("goal").get(goal__plan=plan)
    assert objective.statement == " ".join(statement.split())
    assert objective.goal.title == reading_of_a_heading(title)
    exported = export_plan(Plan.objects.with_standing(evidence=True).get(pk=plan.pk))
    before = snapshot()

    report = import_plan(parse_plan(exported))

    assert report.changes == []
    assert snapshot() == before
