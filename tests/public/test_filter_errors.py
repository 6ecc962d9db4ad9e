"""An unknown filter value on the plan page gets a plain sentence, never Django's form errors."""

import pytest

pytestmark = [pytest.mark.integration]

PLAN = "/plans/community-cloud/"
DJANGO_WORDS = [
    "Select a valid choice", "is not one of the available choices", "errorlist", "status:", "owner:"
]  # fmt: skip


def notice(html):
    start = html.index('<p class="notice" role="alert">')
    return html[start : html.index("</p>", start) + 4]


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ("status=bogus", "There is no status “bogus”."),
        ("owner=nobody", "No owner “nobody” has objectives on this plan."),
        ("flag=late", "“late” is not one of the things the filters look for."),
    ],
    ids=["status", "owner", "flag"],
)
def test_each_filter_says_what_is_wrong_in_plain_words(client, sample_plan, query, sentence):
    response = client.get(f"{PLAN}?{query}")

    html = response.content.decode()
    assert response.status_code == 200
    assert notice(html) == (
        f'<p class="notice" role="alert">{sentence} The filters are off: showing every objective.</p>'
    )
    for words in DJANGO_WORDS:
        assert words not in html
    assert html.count('class="objective"') == 6


def test_every_wrong_filter_is_named_once(client, sample_plan):
    html = client.get(f"{PLAN}?status=bogus&owner=nobody&flag=late").content.decode()

    assert notice(html) == (
        '<p class="notice" role="alert">There is no status “bogus”. No owner “nobody” has objectives'
        " on this plan. “late” is not one of the things the filters look for. The filters are off:"
        " showing every objective.</p>"
    )


def test_the_value_is_shown_as_text(client, sample_plan):
    html = client.get(PLAN, {"owner": "<script>x</script>"}).content.decode()

    assert "No owner “&lt;script&gt;x&lt;/script&gt;” has objectives on this plan." in html
    assert "<script>x" not in html


@pytest.mark.parametrize("query", ["status=", "status=done", "owner=ada&flag=stale", "page=2"])
def test_valid_or_empty_filters_say_nothing_of_the_kind(client, sample_plan, query):
    html = client.get(f"{PLAN}?{query}").content.decode()

    assert 'role="alert"' not in html
