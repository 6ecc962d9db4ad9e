"""What keeps `make test` from failing at random in CI (one red test refuses the delivery): checks on
the suite itself, for the kinds of chance that have bitten before."""

import importlib
import inspect
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

TESTS = Path(__file__).resolve().parent


def hypothesis_tests():
    """Every @given test in tests/, by module and name, with the settings it runs under."""
    for path in sorted(TESTS.rglob("test_*.py")):
        if "@given" not in path.read_text(encoding="utf-8"):
            continue
        name = ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)
        module = importlib.import_module(name)
        for function_name, function in inspect.getmembers(module, inspect.isfunction):
            if getattr(function, "is_hypothesis_test", False):
                settings = getattr(function, "_hypothesis_internal_use_settings", None)
                yield f"{name}.{function_name}", settings


def test_the_suite_has_hypothesis_tests_to_check():
    assert len(list(hypothesis_tests())) >= 9


def test_it_draws_the_same_examples_on_every_run():
    # A test with settings of its own (not tests/fuzzing.fuzz_settings) draws new examples on each
    # run: it can pass here and fail in CI on a draw nobody has seen.
    random_draws = [name for name, settings in hypothesis_tests() if not (settings and settings.derandomize)]

    assert random_draws == []
