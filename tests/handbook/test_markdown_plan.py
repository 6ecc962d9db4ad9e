"""The handbook Markdown format: parsing, errors with line numbers, and rendering back."""

from datetime import date

import pytest

from goals.handbook.markdown import PlanFormatError, parse_date, parse_plan, render_plan

pytestmark = pytest.mark.unit

MINIMAL = """\
# A plan

Intro with a [link](https://example.org).

The following objectives should be accomplished by **March 2027**.

## First goal

**Rationale:**

Because **bold** matters.

- a list in the rationale

**Objectives:**

- One thing is done.
- Another thing is done.
"""


def test_it_reads_the_2i2c_seed(seed_text):
    plan = parse_plan(seed_text)
    assert plan.title == "Strategy and goals"
    assert plan.due_on == date(2021, 10, 31)
    assert plan.starts_on == date(2020, 11, 1)
    assert [goal.title for goal in plan.goals] == [
        "Build a foundation for 2i2c's operations",
        "Launch the Managed JupyterHubs pilot",
        "Launch major collaborations",
    ]
    assert [len(goal.objectives) for goal in plan.goals] == [7, 5, 3]
    assert plan.goals[0].objectives[1].statement == "2i2c has a governing body and rules for governance."
    assert "should be accomplished" not in plan.introduction
    assert "[and is located here](https://docs.google.com" in plan.introduction


def test_markdown_in_rationale_survives():
    goal = parse_plan(MINIMAL).goals[0]
    assert goal.rationale == "Because **bold** matters.\n\n- a list in the rationale"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("October of 2021", date(2021, 10, 31)),
        ("October 2021", date(2021, 10, 31)),
        ("February 2024", date(2024, 2, 29)),
        ("31 October 2021", date(2021, 10, 31)),
        ("October 31, 2021", date(2021, 10, 31)),
        ("2021-10-31", date(2021, 10, 31)),
        ("Oct 2021", date(2021, 10, 31)),
        ("strategic goals", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_odd_but_valid_input_imports_the_same():
    odd = (
        "\ufeff\r\n\r\n# A plan   \r\n\r\nIntro with a [link](https://example.org).  \r\n\r\n\r\n"
        "The following objectives should be accomplished by **March 2027**.\r\n\r\n"
        "## First goal\r\n\r\n**Rationale:**\r\n\r\n\r\nBecause **bold** matters.\r\n\r\n"
        "- a list in the rationale\r\n\r\n**Objectives:**\r\n\r\n"
        "*   One thing is done.   \r\n\r\n+ Another thing\r\n  is done.\r\n\r\n"
    )
    assert parse_plan(odd) == parse_plan(MINIMAL)


def test_unicode_titles_get_ascii_slugs():
    text = MINIMAL.replace("## First goal", "## Ünïcode café — “quotes” ✓")
    goal = parse_plan(text).goals[0]
    assert goal.title == "Ünïcode café — “quotes” ✓"
    assert goal.slug == "unicode-cafe-quotes"


def test_an_explicit_start_date_is_read_and_written():
    text = MINIMAL.replace("The following", "This plan starts on **1 June 2026**.\n\nThe following")
    plan = parse_plan(text)
    assert plan.starts_on == date(2026, 6, 1)
    assert "This plan starts on **1 June 2026**." in render_plan(plan)


def test_render_then_parse_is_identity(seed_text):
    plan = parse_plan(seed_text)
    rendered = render_plan(plan)
    assert parse_plan(rendered) == plan
    assert render_plan(parse_plan(rendered)) == rendered


def test_code_fences_in_a_rationale_are_not_headings():
    text = MINIMAL.replace("- a list in the rationale", "```\n## not a goal\n```")
    plan = parse_plan(text)
    assert len(plan.goals) == 1
    assert "## not a goal" in plan.goals[0].rationale


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "expected the plan's title as a “# Title” heading first"),
        ("Some text\n# Title\n", 1, "expected the plan's title"),
        ("## Goal first\n", 1, "expected the plan's title"),
        ("# Title\n\nNo date here.\n\n## G\n", 1, "no due date found"),
        (
            MINIMAL.replace("**Rationale:**", "Rationale"),
            9,
            "expected “**Rationale:**” under the goal “First goal”",
        ),
        (MINIMAL.replace("**Objectives:**", "Objectives"), 7, "expected “**Objectives:**” and a list"),
        (MINIMAL + "Not a bullet.\n", 19, "expected a list item (“- …”) under “**Objectives:**”"),
        (MINIMAL + "- One thing is done.\n", 19, "this objective repeats the one on line 17"),
        (MINIMAL + "-  \n", 19, "this objective is empty"),
        (
            MINIMAL + "\n## First goal\n\n**Rationale:**\n\n**Objectives:**\n",
            20,
            "this goal repeats the one on line 7",
        ),
        (MINIMAL + "\n# Second title\n", 20, "only one “# Title” heading is allowed"),
        (MINIMAL + "- " + "x" * 501 + "\n", 19, "the objective is 501 characters long; the limit is 500"),
        (
            MINIMAL.replace("The following", "This plan starts on **1 June 2027**.\n\nThe following"),
            5,
            "the due date is before the start date",
        ),
        (MINIMAL.replace("Intro with", "Due by **May 2027**.\n\nIntro with"), 7, "a second due date: line 3"),
        (
            MINIMAL.replace(
                "The following", "It starts on **May 2026**.\n\nThis plan starts on **June 2026**.\n\nThe"
            ),
            7,
            "a second start date: line 5",
        ),
        (MINIMAL.replace("**March 2027**", "**31 February 2027**"), 5, "“31 February 2027” is not a date"),
        (MINIMAL.replace("**March 2027**", "**0001-01-01**"), 5, "the year 1 is out of range"),
        (MINIMAL.replace("**March 2027**", "**October of 0001**"), 5, "the year 1 is out of range"),
        (MINIMAL.replace("**March 2027**", "**31 December 1899**"), 5, "the year 1899 is out of range"),
        (MINIMAL.replace("**March 2027**", "**3000-01-01**"), 5, "the year 3000 is out of range"),
        (
            MINIMAL.replace("The following", "This plan starts on **0001-01-01**.\n\nThe following"),
            5,
            "the year 1 is out of range",
        ),
        (
            MINIMAL.replace("The following objectives", "Some text. The following objectives"),
            5,
            "no due date found: give it as a paragraph of its own",
        ),
    ],
)
def test_malformed_files_name_the_line_and_what_was_expected(text, line, message):
    with pytest.raises(PlanFormatError) as error:
        parse_plan(text)
    assert error.value.line == line
    assert message in error.value.message


INTRO_WITH_DATES = MINIMAL.replace(
    "Intro with a [link](https://example.org).",
    "We met the funders on **1 March 2025**.\n\nOur board meets on **2 June 2025**; the last plan ran "
    "until **October 2024**.\n\nFunded by **Sloan**.",
)


def test_the_due_date_is_the_sentence_that_states_it_not_the_first_bold_date():
    plan = parse_plan(INTRO_WITH_DATES)
    assert (plan.starts_on, plan.due_on) == (date(2026, 4, 1), date(2027, 3, 31))
    assert plan.introduction == (
        "We met the funders on **1 March 2025**.\n\nOur board meets on **2 June 2025**; the last plan ran "
        "until **October 2024**.\n\nFunded by **Sloan**."
    )


def test_other_bold_dates_in_the_introduction_survive_render_and_parse():
    plan = parse_plan(INTRO_WITH_DATES)
    rendered = render_plan(plan)
    assert parse_plan(rendered) == plan
    assert render_plan(parse_plan(rendered)) == rendered


@pytest.mark.parametrize(
    ("sentence", "due"),
    [
        ("The following objectives should be accomplished by **October of 2021**.", date(2021, 10, 31)),
        ("Due by **December 2027**.", date(2027, 12, 31)),
        ("The plan is due on **2027-06-30**", date(2027, 6, 30)),
        ("These objectives are due\nby **1 May 2027**.", date(2027, 5, 1)),
    ],
)
def test_the_due_date_sentence_may_be_worded_freely(sentence, due):
    assert parse_plan(MINIMAL.replace(MINIMAL.splitlines()[4], sentence)).due_on == due


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("## Learn C#", "Learn C#"),
        ("## Learn C# ##", "Learn C#"),
        ("## Issue #5", "Issue #5"),
        ("## #hashtags matter", "#hashtags matter"),
        ("## Title ###   ", "Title"),
    ],
)
def test_a_hash_inside_or_at_the_end_of_a_heading_is_part_of_its_text(heading, title):
    assert parse_plan(MINIMAL.replace("## First goal", heading)).goals[0].title == title


@pytest.mark.parametrize("title", ["Learn C#", "Issue #", "Count ##", "# starts with a hash", "Sharp C #"])
def test_any_title_survives_render_and_parse(title):
    plan = parse_plan(MINIMAL)
    plan.title = plan.goals[0].title = title
    assert parse_plan(render_plan(plan)) == plan


INJECTED = "Done.\n\n## Injected goal\n\n**Rationale:**\n\n**Objectives:**\n\n- Injected objective."


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
@pytest.mark.parametrize("field", ["plan title", "goal title", "statement"])
def test_a_line_break_in_a_one_line_text_cannot_add_goals_or_objectives_to_the_file(field, line_break):
    # The admin stores what a form posts, line breaks included; the file must keep its structure.
    plan = parse_plan(MINIMAL)
    text = INJECTED.replace("\n", line_break)
    if field == "plan title":
        plan.title = text
    elif field == "goal title":
        plan.goals[0].title = text
    else:
        plan.goals[0].objectives[0].statement = text

    read_back = parse_plan(render_plan(plan))

    one_line = "Done. ## Injected goal **Rationale:** **Objectives:** - Injected objective."
    assert [goal.title for goal in read_back.goals] == [one_line if field == "goal title" else "First goal"]
    statements = [objective.statement for objective in read_back.goals[0].objectives]
    first = one_line if field == "statement" else "One thing is done."
    assert statements == [first, "Another thing is done."]
    assert read_back.title == (one_line if field == "plan title" else "A plan")
