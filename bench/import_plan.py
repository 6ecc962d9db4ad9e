"""Time the Markdown importer on large generated plans.

    python bench/import_plan.py [--sizes 5000,30000] [--per-goal 100] [--profile FILE]
    scripts/with-postgres.sh .venv/bin/python bench/import_plan.py

Uses the database in DATABASE_URL (touching only the plan "synthetic"), else a fresh SQLite file
in a temp folder; migrates it, then for each size imports a generated plan as a new one ("fresh"),
imports the same file again ("unchanged"), imports an edited file ("edited": every tenth objective
reworded, one new objective at the top of every goal so every order moves, every twentieth one
replaced), then one where every objective is reworded ("reworded": the pairing's worst case).
Prints seconds per step. Not a test: nothing here asserts. With --profile, writes cProfile
statistics of one step (--profile-step, default fresh) of the largest size to FILE.
"""

import argparse
import cProfile
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strategy_site.settings")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

WORDS = [
    "hubs",
    "community",
    "cloud",
    "research",
    "education",
    "funding",
    "governance",
    "staff",
    "partners",
    "training",
]


def plan_text(objectives, per_goal, edited=False, reworded=False):
    """A plan in the handbook format: `objectives` objectives, `per_goal` to a goal."""
    lines = [
        "# Synthetic plan",
        "",
        "A generated plan. We met the funders on **1 March 2025**.",
        "",
        "The following objectives should be accomplished by **December 2027**.",
    ]
    for number in range(objectives):
        if number % per_goal == 0:
            goal = number // per_goal + 1
            lines += ["", f"## Goal {goal}: {WORDS[goal % len(WORDS)]} work", "", "**Rationale:**", ""]
            lines += ["Because it matters.", "", "**Objectives:**", ""]
            if edited:
                lines.append(f"- A new first objective for goal {goal}.")
        words = " ".join(WORDS[(number + k) % len(WORDS)] for k in range(4))
        statement = f"Objective {number} improves {words} for everyone."
        if edited and number % 20 == 5:
            statement = f"Something else entirely, number {number}."
        elif edited and number % 10 == 3:
            statement = statement.replace("improves", "greatly improves")
        if reworded:
            statement = statement.replace("everyone", "all of our users")
        lines.append(f"- {statement}")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5000,30000")
    parser.add_argument("--per-goal", type=int, default=100)
    parser.add_argument("--profile", help="write cProfile stats of the largest size's import here")
    parser.add_argument(
        "--profile-step", default="fresh", choices=["fresh", "unchanged", "edited", "reworded"]
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    temp = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{temp.name}/bench.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from goals.handbook.importer import import_plan
    from goals.handbook.markdown import parse_plan
    from goals.models import Plan

    call_command("migrate", verbosity=0)
    print(f"{connection.vendor}, {args.per_goal} objectives a goal")
    for size in sizes:
        Plan.objects.filter(slug="synthetic").delete()  # only its own plan
        texts = {"fresh": plan_text(size, args.per_goal)}
        texts["unchanged"] = texts["fresh"]
        texts["edited"] = plan_text(size, args.per_goal, edited=True)
        texts["reworded"] = plan_text(size, args.per_goal, edited=True, reworded=True)
        for step, text in texts.items():
            profile = None
            if args.profile and step == args.profile_step and size == max(sizes):
                profile = cProfile.Profile()
            start = time.perf_counter()
            if profile:
                profile.enable()
            report = import_plan(parse_plan(text), slug="synthetic")
            if profile:
                profile.disable()
                profile.dump_stats(args.profile)
            seconds = time.perf_counter() - start
            print(
                f"{size:>6} objectives, {step:<9}: {seconds:7.2f} s"
                f"  ({len(text) / 1024:.0f} KB, {len(report.changes)} changes)",
                flush=True,
            )
    temp.cleanup()


if __name__ == "__main__":
    main()
