"""Pairing a file's lines with stored records: same text first, then rewordings, best pairs first."""

import itertools
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goals.handbook import matching
from goals.handbook.markdown import parse_plan
from goals.handbook.matching import SIMILAR, pair, similarity
from tests.fuzzing import fuzz_settings

pytestmark = pytest.mark.unit


def records(*texts, dropped=()):
    return [SimpleNamespace(text=text, dropped=text in dropped) for text in texts]


def paired(lines, stored):
    result = pair(lines, stored, lambda r: r.text, lambda r: not r.dropped)
    return {lines[i]: record.text for i, record in result.pairs.items()}, [r.text for r in result.gone]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "2i2c has hired core staff for its first year of operations",
            "2i2c has hired core staf for its first year of operations.",
        ),
        (
            "2i2c has a governing body and rules for governance.",
            "2i2c has a governing board and written rules for governance.",
        ),
        ("Launch major collaborations", "Launch major collaborations with partners"),
        ("Launch the Managed JupyterHubs pilot", "Launch the managed JupyterHub pilot"),
        (
            "2i2c has a clearly-defined Mission, Vision, and Values.",
            "2i2c has a clearly defined mission, vision and values",
        ),
        ("Ship the docs", "Ship the new docs"),
        ("Grow the team", "Grow the taem"),
    ],
)
def test_a_typo_fix_or_a_changed_word_counts_as_the_same_text_reworded(old, new):
    assert similarity(old, new) >= SIMILAR


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Alpha one", "Gamma launches a podcast."),
        ("Alpha one", "Beta two"),
        ("Grow the team", "Publish the yearly report"),
        ("Hubs serve ten universities.", "The documentation is translated into Spanish."),
    ],
)
def test_a_different_text_is_not_a_rewording(old, new):
    assert similarity(old, new) < SIMILAR


def test_no_two_goals_or_objectives_of_the_2i2c_plan_count_as_rewordings_of_each_other(seed_text):
    plan = parse_plan(seed_text)
    texts = [goal.title for goal in plan.goals] + [
        o.statement for goal in plan.goals for o in goal.objectives
    ]
    scores = [similarity(a, b) for a, b in itertools.combinations(texts, 2)]
    assert len(scores) == 153
    assert max(scores) < 0.56 < SIMILAR


def test_the_same_text_pairs_first_whatever_its_place():
    assert paired(["B", "A", "C"], records("A", "B")) == ({"A": "A", "B": "B"}, [])


def test_rewordings_pair_by_similarity_not_by_place():
    lines = ["The documentation is translated into French.", "Hubs serve twelve universities."]
    stored = records("Hubs serve ten universities.", "The documentation is translated into Spanish.")
    assert paired(lines, stored) == (
        {
            "Hubs serve twelve universities.": "Hubs serve ten universities.",
            "The documentation is translated into French.": "The documentation is translated into Spanish.",
        },
        [],
    )


def test_the_most_similar_pair_wins_and_the_other_line_is_new():
    lines = ["Hire two engineers.", "Hire two engineers now."]
    assert paired(lines, records("Hire two engineers!")) == (
        {"Hire two engineers.": "Hire two engineers!"},
        [],
    )


def test_of_equally_similar_pairs_the_nearer_one_wins():
    stored = records("Report one is out.", "Something else.", "Report one is out!")
    lines = ["Unrelated words here.", "Something else.", "Report one is out?"]
    result = pair(lines, stored, lambda r: r.text, lambda r: True)
    assert result.pairs[2] is stored[2]
    assert result.renamed == {2}
    assert result.gone == [stored[0]]


def test_a_record_that_may_not_be_renamed_pairs_only_with_its_own_text():
    stored = records("Hubs serve ten universities.", dropped=["Hubs serve ten universities."])
    assert paired(["Hubs serve twelve universities."], stored) == ({}, ["Hubs serve ten universities."])
    assert paired(["Hubs serve ten universities."], stored) == (
        {"Hubs serve ten universities.": "Hubs serve ten universities."},
        [],
    )


def test_nothing_in_common_pairs_nothing():
    assert paired(["Alpha one"], records("Gamma launches a podcast.")) == ({}, ["Gamma launches a podcast."])
    assert paired([], records("A")) == ({}, ["A"])
    assert paired(["A"], []) == ({}, [])


def test_texts_without_letters_are_compared_as_written():
    assert similarity("!!!", "!!!") == 1
    assert similarity("!!!", "???") < SIMILAR


def test_a_huge_list_compares_only_nearby_places(monkeypatch):
    monkeypatch.setattr(matching, "MAX_COMPARISONS", 100)  # 40 x 40 is over: a window of 1 place
    texts = [f"Objective {n} reached" for n in range(40)]
    texts[0], texts[39] = "Alpha beta gamma delta", "Epsilon zeta eta theta"
    lines = [f"{text}!" for text in texts]
    lines[0], lines[39] = lines[39], lines[0]  # each 39 places from its record
    result = pair(lines, records(*texts), lambda r: r.text, lambda r: True)
    assert sorted(result.pairs) == list(range(1, 39))
    assert [r.text for r in result.gone] == ["Alpha beta gamma delta", "Epsilon zeta eta theta"]
    monkeypatch.setattr(matching, "MAX_COMPARISONS", 10_000)
    assert len(pair(lines, records(*texts), lambda r: r.text, lambda r: True).pairs) == 40


def every_pair_best_first(lines, stored):
    """The definition: score every pair, take them best first (then nearer, then earlier)."""
    scores = [(similarity(line, text), i, j) for i, line in lines for j, text in stored]
    candidates = sorted((-score, abs(i - j), i, j) for score, i, j in scores if score >= SIMILAR)
    used_lines, used_records, chosen = set(), set(), []
    for _, _, i, j in candidates:
        if i not in used_lines and j not in used_records:
            used_lines.add(i)
            used_records.add(j)
            chosen.append((i, j))
    return chosen


WORDS = ["hubs", "serve", "ten", "twelve", "universities", "the", "docs", "are", "translated", "C#", "!"]
texts = st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join), max_size=12)


@fuzz_settings(max_examples=300)
@given(lines=texts, stored=texts)
def test_the_lazy_pairing_takes_the_same_pairs_as_scoring_every_pair(lines, stored):
    numbered_lines, numbered_stored = list(enumerate(lines)), list(enumerate(stored))
    assert matching._reworded(numbered_lines, numbered_stored) == every_pair_best_first(
        numbered_lines, numbered_stored
    )
