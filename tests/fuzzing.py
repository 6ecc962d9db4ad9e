"""What the hypothesis fuzz tests share: their settings, hostile text, and one savepoint per example.

The fuzz tests run in `make test` on SQLite and again on PostgreSQL (scripts/test.sh). PostgreSQL
refuses things SQLite stores (a NUL character in text), and after an error it refuses every further
statement in the transaction; so each example runs in a savepoint of its own, rolled back after it:
one failing example cannot poison the next, and hypothesis shrinks to the input that really failed.

`make test` draws the same examples on every run (derandomized), so a suite that passed here passes
in CI and a red CI run is a change, not a new draw. `make fuzz` draws new ones, many more of them
(STRATEGY_FUZZ_SCALE times, 20 by default): run it before a stop, and keep what it finds as an
`@example`.
"""

import os
from contextlib import contextmanager

from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXPLORING = os.environ.get("STRATEGY_FUZZ") == "1"
SCALE = int(os.environ.get("STRATEGY_FUZZ_SCALE", "20")) if EXPLORING else 1


def fuzz_settings(max_examples):
    return settings(
        max_examples=max_examples * SCALE,
        derandomize=not EXPLORING,
        deadline=None,
        database=None,
        # The database fixtures are function-scoped on purpose: every example rolls back (below).
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@contextmanager
def rolled_back():
    """Run one example in a savepoint and undo whatever it wrote."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# NUL (which PostgreSQL refuses in text), the other C0 and C1 controls, DEL, and a few characters
# that look like nothing: what a hostile URL or file carries that a typed one does not.
CONTROL_CHARACTERS = [chr(code) for code in range(0x20)] + ["\x7f", "\x85", "\u2028", "\u200b", "\ufeff"]
control_characters = st.sampled_from(CONTROL_CHARACTERS)

# Any character a URL can carry: lone surrogates cannot be encoded to UTF-8, so no client can send one.
url_characters = st.characters(exclude_categories=("Cs",))

# Text with control characters mixed in often enough to matter, plus a few known troublemakers.
hostile_text = st.one_of(
    st.text(url_characters, max_size=20),
    st.lists(st.one_of(control_characters, url_characters), max_size=12).map("".join),
    st.sampled_from(["", "\x00", "a\x00b", "%00", "\x00" * 3, "²", "١٢", "9" * 30, "-1"]),
    st.sampled_from(["' OR 1=1 --", "../../etc/passwd", "<script>", "0001-01-01", "9999-12-31"]),
)
