"""/search/: what the public may see, by kind, best first on PostgreSQL; bad input is a plain page."""

import pytest
from django.db import connection

from goals.check_ins import record_check_in
from goals.models import CheckIn, Evidence, Plan
from goals.public.search import RESULTS_PER_KIND
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, PlanFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the plain match")


@pytest.fixture
def plan():
    plan = PlanFactory(
        title="Community hubs plan", slug="hubs-plan", status=Plan.Status.ACTIVE, introduction="About hubs."
    )
    goal = GoalFactory(plan=plan, title="More hubs for research", slug="more-hubs", rationale="Reach.")
    objective = ObjectiveFactory(
        goal=goal, statement="Launch three hubs at universities", slug="launch", description="Partners."
    )
    EvidenceFactory(objective=objective, title="Hub launched at Berkeley", summary="The first of the hubs.")
    record_check_in(objective, note="Two hubs are running now.")
    return plan


@pytest.fixture
def bait(plan):
    """What must never be found: a draft plan, an archived goal, internal evidence and check-ins."""
    draft = PlanFactory(title="Secret hubs draft", slug="draft", status=Plan.Status.DRAFT)
    draft_objective = ObjectiveFactory(goal=GoalFactory(plan=draft, title="Draft hubs goal"))
    EvidenceFactory(objective=draft_objective, title="Draft hubs evidence")
    record_check_in(draft_objective, note="Draft hubs check-in")
    archived = GoalFactory(plan=plan, title="Archived hubs goal", is_archived=True)
    ObjectiveFactory(goal=archived, statement="Archived hubs objective")
    public_objective = plan.goals.get(slug="more-hubs").objectives.get()
    EvidenceFactory(
        objective=public_objective, title="Internal hubs memo", visibility=Evidence.Visibility.INTERNAL
    )
    record_check_in(public_objective, note="Internal hubs worry", visibility=CheckIn.Visibility.INTERNAL)


def test_it_finds_every_kind_labelled_and_linked(client, plan):
    response = client.get("/search/", {"q": "hubs"})

    html = response.text
    assert response.status_code == 200
    assert "5 results for “hubs”" in html
    for heading in ["Plans", "Goals", "Objectives", "Evidence", "Check-ins"]:
        assert f">{heading}</h2>" in html
    objective = plan.goals.get().objectives.get()
    assert f'<a href="{plan.get_absolute_url()}">Community hubs plan</a>' in html
    assert '<a href="/plans/hubs-plan/goals/more-hubs/">More hubs for research</a>' in html
    assert f'<a href="{objective.get_absolute_url()}">Launch three hubs at universities</a>' in html
    assert f'<a href="{objective.evidence.get().get_absolute_url()}">Hub launched at Berkeley</a>' in html
    assert f'href="{objective.check_ins.get().get_absolute_url()}"' in html
    assert "Goal in Community hubs plan" in html


def test_it_never_finds_drafts_archived_goals_or_internal_entries(client, plan, bait):
    html = client.get("/search/", {"q": "hubs"}).text

    for hidden in ["Secret", "Draft", "Archived", "Internal"]:
        assert hidden not in html
    assert "5 results for “hubs”" in html


def test_it_says_when_nothing_matches(client, plan):
    response = client.get("/search/", {"q": "zebra"})

    assert "0 results for “zebra”" in response.text
    assert "Nothing public matches." in response.text
    assert "<h2" not in response.text


def test_without_a_query_it_shows_the_form_alone(client, plan):
    response = client.get("/search/")

    assert response.status_code == 200
    assert '<input type="search" id="search-q" name="q"' in response.text
    assert "result" not in response.text
    assert 'role="alert"' not in response.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type a word or two to search for."),
        ("   ", "Type a word or two to search for."),
        ("x" * 201, "That search is too long: use at most 200 characters."),
    ],
    ids=["empty", "blank", "too-long"],
)
def test_bad_queries_get_a_plain_sentence(client, plan, query, message):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert f'<p class="notice" role="alert">{message}</p>' in response.text
    assert '<ul class="errorlist' not in response.text


def test_a_nul_character_is_a_plain_400(client, plan):
    response = client.get("/search/?q=hub%00s")

    assert response.status_code == 400
    assert "The site cannot read this request." in response.text


@pytest.mark.parametrize(
    "query", ['"', '"hubs', "-", "hubs -", "& | ! : * ( )", "'", "%", "_", "\\", "hubs OR", "\x07\x1b"]
)
def test_search_syntax_and_wildcards_are_just_words(client, plan, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert "results for" in response.text or "result for" in response.text


def test_it_caps_each_kind_and_says_so(client, plan):
    goal = plan.goals.get()
    for number in range(RESULTS_PER_KIND + 1):
        ObjectiveFactory(goal=goal, statement=f"Zebra crossing number {number}")

    html = client.get("/search/", {"q": "zebra"}).text

    assert html.count("Zebra crossing number") == RESULTS_PER_KIND
    assert f"Only the first {RESULTS_PER_KIND} are shown: add a word to narrow the search." in html


@pytest.mark.parametrize("extra", [0, 2])
def test_the_query_count_does_not_grow_with_results(client, plan, extra, django_assert_num_queries):
    objective = plan.goals.get().objectives.get()
    for number in range(extra):
        new = ObjectiveFactory(goal=objective.goal, statement=f"Hubs objective {number}")
        EvidenceFactory(objective=new, title=f"Hubs evidence {number}")
        record_check_in(new, note=f"Hubs check-in {number}")
    # content version, then one query per kind: plans, goals, objectives, evidence, check-ins
    with django_assert_num_queries(6):
        response = client.get("/search/", {"q": "hubs"})
    assert f"{5 + 3 * extra} results" in response.text


def test_without_a_query_it_reads_only_the_content_version(client, plan, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get("/search/", {"q": ""})


def test_an_edit_shows_in_the_next_search(client, plan):
    assert "Zebra" not in client.get("/search/", {"q": "zebra"}).text
    assert client.get("/search/", {"q": "zebra"})["X-Page-Cache"] == "hit"

    GoalFactory(plan=plan, title="Zebra goal")

    response = client.get("/search/", {"q": "zebra"})
    assert response["X-Page-Cache"] == "miss"
    assert ">Zebra goal</a>" in response.text


@pytest.mark.parametrize("url", ["/", "/plans/", "/owners/"])
def test_every_page_has_a_labelled_search_box_that_says_what_it_is_for(client, plan, url):
    html = client.get(url).text

    assert '<form class="search-form site-search" role="search" method="get" action="/search/">' in html
    assert '<label for="site-search-q" class="visually-hidden">Search the plan</label>' in html
    assert (
        '<input type="search" id="site-search-q" name="q" value="" maxlength="200"'
        ' placeholder="Search the plan">'
    ) in html


@pytest.mark.parametrize("query", [{}, {"q": "hubs"}])
def test_the_search_page_has_one_search_box_its_own(client, plan, query):
    html = client.get("/search/", query).text

    assert html.count('role="search"') == 1
    assert 'id="site-search-q"' not in html
    assert '<input type="search" id="search-q" name="q"' in html


@on_sqlite
def test_on_sqlite_every_word_must_match_in_any_case(client, plan):
    html = client.get("/search/", {"q": "BERKELEY first"}).text

    assert "1 result for “BERKELEY first”" in html
    assert ">Hub launched at Berkeley</a>" in html


@on_postgresql
def test_on_postgresql_words_are_stemmed_and_titles_rank_first(client, plan):
    goal = plan.goals.get()
    ObjectiveFactory(goal=goal, statement="Report yearly", description="Count the universities and hubs.")
    ObjectiveFactory(goal=goal, statement="Universities report usage", description="Yearly.")

    html = client.get("/search/", {"q": "university"}).text

    # "university" finds "universities"; a match in the statement ranks above one in the description.
    assert html.index("Universities report usage") < html.index("Report yearly")
    assert "Launch three hubs at universities" in html


@on_postgresql
def test_on_postgresql_the_web_search_syntax_works(client, plan):
    html = client.get("/search/", {"q": 'hubs -berkeley "three hubs"'}).text

    assert "Launch three hubs at universities" in html
    assert "Berkeley" not in html


@pytest.fixture
def plan_in(plan):
    """A public plan written in `language`, with one goal, objective, evidence item and check-in."""

    def make(language, words):
        other = PlanFactory(
            title=f"Plan {words}", slug=f"plan-{language}", status=Plan.Status.ARCHIVED, language=language
        )
        goal = GoalFactory(plan=other, title=f"Goal {words}", slug="goal")
        objective = ObjectiveFactory(goal=goal, statement=f"Objective {words}", slug="objective")
        EvidenceFactory(objective=objective, title=f"Evidence {words}")
        record_check_in(objective, note=f"Check-in {words}")
        return other

    return make


@on_postgresql
@pytest.mark.parametrize(
    ("written", "searched"),
    [("investigaciones", "investigación"), ("lanzamos", "lanzar"), ("universidades", "universidad")],
)
def test_on_postgresql_a_spanish_plan_is_stemmed_in_spanish(client, plan_in, written, searched):
    plan_in("es", written)

    html = client.get("/search/", {"q": searched}).text

    assert f"5 results for “{searched}”" in html
    for kind in ["Plan", "Goal", "Objective", "Evidence", "Check-in"]:
        assert f"{kind} {written}" in html


@on_postgresql
def test_on_postgresql_english_stemming_stays_with_english_plans(client, plan_in):
    plan_in("es", "hubs")

    html = client.get("/search/", {"q": "hub"}).text

    # The English plan's "hubs" is stemmed to "hub"; the Spanish plan's is a Spanish word.
    assert "5 results for “hub”" in html
    assert "Plan hubs" not in html


@on_postgresql
@pytest.mark.parametrize("language", ["fr", "pt-BR"])
def test_on_postgresql_other_languages_match_word_for_word(client, plan_in, language):
    plan_in(language, "universités")

    assert "5 results for “Universités”" in client.get("/search/", {"q": "Universités"}).text
    assert "0 results for “université”" in client.get("/search/", {"q": "université"}).text


@on_postgresql
@pytest.mark.parametrize("language", ["en", "EN-gb", ""])
def test_on_postgresql_english_and_the_default_language_are_stemmed_in_english(client, plan_in, language):
    plan_in(language, "libraries")

    html = client.get("/search/", {"q": "library"}).text

    assert "5 results for “library”" in html


@on_postgresql
@pytest.mark.parametrize(
    ("language", "word"), [("es", "investigaciones"), ("fr", "recherches"), ("en", "hubs")]
)
def test_on_postgresql_no_language_finds_drafts_or_internal_entries(client, plan_in, language, word):
    public = plan_in(language, word)
    draft = PlanFactory(title=f"Secret {word}", slug="secret", status=Plan.Status.DRAFT, language=language)
    ObjectiveFactory(goal=GoalFactory(plan=draft), statement=f"Draft {word}")
    objective = public.goals.get().objectives.get()
    EvidenceFactory(objective=objective, title=f"Internal {word}", visibility=Evidence.Visibility.INTERNAL)
    record_check_in(objective, note=f"Internal {word} worry", visibility=CheckIn.Visibility.INTERNAL)

    html = client.get("/search/", {"q": word}).text

    for hidden in ["Secret", "Draft", "Internal"]:
        assert hidden not in html
    assert f"Objective {word}" in html
