"""Bring the database in line with a parsed plan, in one transaction.

The file owns the plan's structure and wording (titles, rationale, objective statements, order);
the admin owns everything else (status, progress, owners, evidence, weights), which an import keeps.
Items are matched by their text, then renamed ones by position, so an edited file updates in place.
An objective that leaves the file is deleted only when it has no evidence; otherwise it is kept and
marked dropped (and a goal that leaves the file with such objectives is archived), so nothing
recorded is lost.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from goals.handbook.markdown import ParsedGoal, ParsedObjective, ParsedPlan, make_slug
from goals.models import Goal, Objective, Plan


class PlanImportError(Exception):
    def __init__(self, line, message):
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


@dataclass
class ImportReport:
    plan: Plan | None = None
    changes: list[str] = field(default_factory=list)

    def add(self, symbol, kind, text, detail=""):
        self.changes.append(f"{symbol} {kind}: {text}" + (f" ({detail})" if detail else ""))

    @property
    def changed(self):
        return bool(self.changes)


def _match(parsed_items, existing_items, key_parsed, key_existing, renamable):
    """Pair parsed with existing items: by key first, then leftovers in order (renames).

    Only `renamable` leftovers take part in renames: an item an earlier import kept because it has
    evidence (a dropped objective, an archived goal) must not pass its record to a new one.
    """
    by_key = {key_existing(item): item for item in existing_items}
    pairs, unmatched_parsed = {}, []
    for index, parsed in enumerate(parsed_items):
        item = by_key.pop(key_parsed(parsed), None)
        if item is None:
            unmatched_parsed.append(index)
        else:
            pairs[index] = item
    leftovers = [item for item in existing_items if item in by_key.values() and renamable(item)]
    for index, item in zip(unmatched_parsed, leftovers, strict=False):
        pairs[index] = item
    used = set(pairs.values())
    removed = [item for item in existing_items if item not in used]
    return pairs, removed


def _save(instance, line):
    try:
        instance.full_clean()
    except ValidationError as error:
        messages = "; ".join(
            f"{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
            for name, errors in error.message_dict.items()
        )
        raise PlanImportError(line, messages) from error
    instance.save()


def _unique_slug(base, taken):
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = base[: 80 - len(suffix)] + suffix
        number += 1
    taken.add(slug)
    return slug


def import_plan(parsed: ParsedPlan, *, slug=None, status=None, dry_run=False) -> ImportReport:
    """Create or update the plan described by `parsed`; roll everything back on error or dry run."""
    report = ImportReport()
    with transaction.atomic():
        report.plan = _sync_plan(parsed, slug or parsed.slug, status, report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _sync_plan(parsed, slug, status, report):
    plan = Plan.objects.select_for_update().filter(slug=slug).first()
    if plan is None:
        if status is None:
            status = Plan.Status.DRAFT if Plan.objects.active().exists() else Plan.Status.ACTIVE
        plan = Plan(slug=slug, status=status)
        report.add("+", "plan", parsed.title, f"{status}")
    changed = _assign(
        plan,
        title=parsed.title,
        introduction=parsed.introduction,
        starts_on=parsed.starts_on,
        due_on=parsed.due_on,
        **({"status": status} if status else {}),
    )
    if plan.pk and changed:
        report.add("~", "plan", parsed.title, ", ".join(changed))
    if changed or not plan.pk:
        _save(plan, 1)

    existing = list(plan.goals.order_by("order", "pk"))
    pairs, removed = _match(
        parsed.goals,
        existing,
        key_parsed=lambda g: g.title,
        key_existing=lambda g: g.title,
        renamable=lambda g: not g.is_archived,
    )
    taken_slugs = {goal.slug for goal in existing}
    for index, parsed_goal in enumerate(parsed.goals):
        goal = pairs.get(index)
        _sync_goal(plan, parsed_goal, goal, index, taken_slugs, report)
    for goal in removed:
        _remove_goal(goal, report)
    return plan


def _sync_goal(plan, parsed: ParsedGoal, goal, order, taken_slugs, report):
    if goal is None:
        goal = Goal(plan=plan, slug=_unique_slug(parsed.slug, taken_slugs))
        report.add("+", "goal", parsed.title)
        _assign(goal, title=parsed.title, rationale=parsed.rationale, order=order)
        _save(goal, parsed.line)
    else:
        changed = _assign(goal, title=parsed.title, rationale=parsed.rationale, order=order)
        if changed:
            report.add("~", "goal", parsed.title, ", ".join(changed))
            _save(goal, parsed.line)

    existing = list(goal.objectives.order_by("order", "pk"))
    pairs, removed = _match(
        parsed.objectives,
        existing,
        key_parsed=lambda o: o.statement,
        key_existing=lambda o: o.statement,
        renamable=lambda o: o.status != Objective.Status.DROPPED,
    )
    taken_slugs = {objective.slug for objective in existing}
    for index, parsed_objective in enumerate(parsed.objectives):
        _sync_objective(goal, parsed_objective, pairs.get(index), index, taken_slugs, report)
    for objective in removed:
        _remove_objective(objective, report)


def _sync_objective(goal, parsed: ParsedObjective, objective, order, taken_slugs, report):
    if objective is None:
        objective = Objective(
            goal=goal, slug=_unique_slug(make_slug(parsed.statement, "objective"), taken_slugs)
        )
        report.add("+", "objective", parsed.statement)
        _assign(objective, statement=parsed.statement, order=order)
        _save(objective, parsed.line)
        return
    changed = _assign(objective, statement=parsed.statement, order=order)
    if changed:
        report.add("~", "objective", parsed.statement, ", ".join(changed))
        _save(objective, parsed.line)


def _remove_objective(objective, report):
    if objective.evidence.exists():
        if objective.status != Objective.Status.DROPPED:
            objective.status = Objective.Status.DROPPED
            objective.save()
            report.add("-", "objective", objective.statement, "kept as dropped: it has evidence")
        return False
    report.add("-", "objective", objective.statement, "deleted")
    objective.delete()
    return True


def _remove_goal(goal, report):
    kept = [o for o in goal.objectives.all() if not _remove_objective(o, report)]
    if kept:
        # Off the public pages, still in the admin with its evidence (and restorable from there).
        if not goal.is_archived:
            goal.is_archived = True
            goal.save()
            report.add("-", "goal", goal.title, f"archived: {len(kept)} objective(s) have evidence")
    else:
        report.add("-", "goal", goal.title, "deleted")
        goal.delete()


def _assign(instance, **values):
    """Set attributes; return the names of those that changed."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed
