"""Relative links in an imported plan: resolved against `--base-url`, else a warning FILE:LINE each;
the shipped 2i2c plan (`make run`) has no dead relative link."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from goals.handbook.links import relative_links, resolve_relative_links
from goals.management.commands.bootstrap_site import SEED_URL
from goals.models import Plan

pytestmark = pytest.mark.integration

BASE = "https://github.com/2i2c-org/team-compass/blob/main/about/strategy.md"

PLAN = """\
# A plan

See [the projects](../projects/index.md), [our site](https://2i2c.org), [mail](mailto:a@b.org),
[elsewhere](//cdn.example.org/x), ![a chart](images/chart.png "Chart") and [goals](#goals).

[ref]: ./reference.md

The following objectives should be accomplished by **October 2027**.

## A goal

**Rationale:**

In code it is text: `[x](not/a/link.md)`, and [a <spaced> one](<my file.md>).

```
[also](code.md)
```

**Objectives:**

- Read [the structure](/about/structure.md).
"""


def test_it_finds_each_relative_link_with_its_line():
    assert relative_links(PLAN) == [
        (3, "../projects/index.md"),
        (4, "images/chart.png"),
        (4, "#goals"),
        (6, "./reference.md"),
        (14, "my file.md"),
        (22, "/about/structure.md"),
    ]


def test_it_resolves_relative_links_against_the_base_url_and_leaves_the_rest():
    resolved = resolve_relative_links(PLAN, BASE)

    assert relative_links(resolved) == []
    assert resolved.count("\n") == PLAN.count("\n")
    assert "[the projects](https://github.com/2i2c-org/team-compass/blob/main/projects/index.md)" in resolved
    assert (
        '![a chart](https://github.com/2i2c-org/team-compass/blob/main/about/images/chart.png "Chart")'
        in (resolved)
    )
    assert f"[goals]({BASE}#goals)" in resolved
    assert "[ref]: https://github.com/2i2c-org/team-compass/blob/main/about/reference.md" in resolved
    assert "(<https://github.com/2i2c-org/team-compass/blob/main/about/my file.md>)" in resolved
    assert "[the structure](https://github.com/about/structure.md)" in resolved
    for untouched in (
        "[our site](https://2i2c.org)",
        "[mail](mailto:a@b.org)",
        "[elsewhere](//cdn.example.org/x)",
        "`[x](not/a/link.md)`",
        "[also](code.md)",
    ):
        assert untouched in resolved


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_without_a_base_url_the_import_warns_of_each_relative_link_and_still_imports(tmp_path, seed_text):
    path = tmp_path / "strategy.md"
    path.write_text(seed_text)

    out, err = run("import_plan", str(path))

    assert err.splitlines() == [
        f"{path}:3: warning: the relative link “../projects/index.md” leads nowhere on this site; "
        "give --base-url (the address this file came from) to resolve it"
    ]
    assert "Imported “Strategy and goals”" in out
    assert "](../projects/index.md)" in Plan.objects.get().introduction


@pytest.mark.django_db
def test_with_a_base_url_the_import_resolves_them_and_says_nothing_of_links(tmp_path, seed_text):
    path = tmp_path / "strategy.md"
    path.write_text(seed_text)

    out, err = run("import_plan", str(path), "--base-url", BASE)

    assert err == ""
    introduction = Plan.objects.get().introduction
    assert (
        "[major projects of 2i2c](https://github.com/2i2c-org/team-compass/blob/main/projects/index.md)"
        in (introduction)
    )
    assert "../projects" not in introduction


@pytest.mark.django_db
@pytest.mark.parametrize(
    "base_url", ["github.com/2i2c-org/team-compass", "/about/strategy.md", "ftp://x.org/a"]
)
def test_a_base_url_that_is_not_a_web_address_is_refused_before_anything_is_written(
    tmp_path, seed_text, base_url
):
    path = tmp_path / "strategy.md"
    path.write_text(seed_text)

    with pytest.raises(CommandError, match="--base-url must be a full web address, such as https://"):
        run("import_plan", str(path), "--base-url", base_url)

    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_the_shipped_plan_of_make_run_has_no_dead_relative_link(client):
    out, err = run("bootstrap_site")

    plan = Plan.objects.get()
    assert err == ""
    assert relative_links(plan.introduction) == []
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'href="../projects/index.md"' not in page
    assert (
        'href="https://github.com/2i2c-org/team-compass/blob/47a97990b5c46f0a04c485cbfde46ea6026e249c/'
        'projects/index.md"'
    ) in page
    assert SEED_URL.endswith("/about/strategy.md")
