"""What the browser tests do to pages: wait for the one a click opens, check it with axe-core."""

import json
from contextlib import contextmanager
from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@contextmanager
def opens_a_page(page):
    """Wrap the click or the Enter that loads a new page; returns once that page has loaded.

    Playwright's click returns as soon as the new page starts to arrive, before its title and body
    are parsed: a check made then reads a half-built page (CI once saw an empty title). Checks that
    retry (`expect(...)`) need no wrapper; plain reads (`title()`, `count()`, `all_inner_texts()`)
    do. `STRATEGY_SLOW_PAGES=0.5` widens that window to find the reads that forgot it.
    """
    with page.expect_navigation():
        yield


def axe_violations(page):
    assert AXE.exists(), "node_modules/axe-core is missing: run `npm ci` (make test does)."
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)", WCAG_TAGS
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=2)
