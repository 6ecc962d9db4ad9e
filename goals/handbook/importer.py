"""Bring the database in line with a parsed plan, in one transaction.

The file owns the plan's structure and wording (titles, rationale, objective statements, order,
the key results it writes); the admin owns everything else (status, progress, owners, evidence,
weights, measurements), which an import keeps. An objective written without a key result keeps the
one it has (remove it in the admin): the handbook's own page has none and can be imported again.
Each goal and objective of the file updates the record with the same text, else the record it
rewords (goals/handbook/matching.py says how that is told); any other line is new and starts
fresh. A record that no line updates is deleted when nothing is recorded on it: an objective with
evidence is kept and marked dropped, and a goal with such objectives is archived.

Two passes, so that a refused file writes nothing and a large one takes seconds: first read
everything (a query per table), pair and validate; then write, in bulk, with the history rows
that django-simple-history would have written for each save, and one content-version bump.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from goals.content_version import bump_content_version
from goals.handbook import matching
from goals.handbook.markdown import SLUG_MAX_LENGTH, ParsedPlan, make_slug
from goals.models import Evidence, Goal, KeyResult, KeyResultTarget, Objective, Plan

BATCH_SIZE = 500

# The words the report uses for the fields an import writes.
FIELD_WORDS = {
    "title": gettext_lazy("title"),
    "introduction": gettext_lazy("introduction"),
    "starts_on": gettext_lazy("start date"),
    "due_on": gettext_lazy("due date"),
    "status": gettext_lazy("status"),
    "rationale": gettext_lazy("rationale"),
    "order": gettext_lazy("position"),
    "statement": gettext_lazy("wording"),
    "metric": gettext_lazy("metric"),
    "unit": gettext_lazy("unit"),
    "baseline": gettext_lazy("baseline"),
    "target": gettext_lazy("target"),
    "direction": gettext_lazy("direction"),
    "targets": gettext_lazy("targets on the way"),
}


class PlanImportError(Exception):
    def __init__(self, line, message):
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


@dataclass
class ImportReport:
    """What the import did (or, on a dry run, would do): one plain sentence per change."""

    plan: Plan | None = None
    changes: list[str] = field(default_factory=list)

    def add(self, symbol, what, detail=""):
        self.changes.append(f"{symbol} {what}" + (f" ({detail})" if detail else ""))

    @property
    def changed(self):
        return bool(self.changes)


@dataclass
class _Writes:
    """Everything the second pass writes, worked out by the first."""

    plan: Plan
    save_plan: bool = False
    new_goals: list = field(default_factory=list)
    changed_goals: list = field(default_factory=list)
    deleted_goals: list = field(default_factory=list)
    new_objectives: list = field(default_factory=list)
    changed_objectives: list = field(default_factory=list)
    dropped_objectives: list = field(default_factory=list)
    deleted_objectives: list = field(default_factory=list)
    # (key result, its targets on the way as (by, value) pairs, or None when they stay as they are)
    key_results: list = field(default_factory=list)

    @property
    def bulk(self):
        return (
            self.new_goals
            or self.changed_goals
            or self.new_objectives
            or self.changed_objectives
            or self.key_results
        )


class _Slugs:
    """Slugs not yet used in one plan (goals) or goal (objectives); the next number per base is
    remembered, so a thousand objectives with the same first words do not try 2, 3, ... each."""

    def __init__(self, taken):
        self.taken = set(taken)
        self.next_number = {}

    def claim(self, base):
        slug, number = base, self.next_number.get(base, 2)
        while slug in self.taken:
            suffix = f"-{number}"
            slug = base[: SLUG_MAX_LENGTH - len(suffix)] + suffix
            number += 1
        self.next_number[base] = number
        self.taken.add(slug)
        return slug


def import_plan(parsed: ParsedPlan, *, slug=None, status=None, dry_run=False) -> ImportReport:
    """Create or update the plan described by `parsed`; write nothing on error or dry run."""
    report = ImportReport()
    with transaction.atomic():
        writes = _work_out(parsed, slug or parsed.slug, status, report)
        report.plan = writes.plan
        if not dry_run:
            _write(writes)
    return report


def _work_out(parsed, slug, status, report):
    plan = Plan.objects.select_for_update().filter(slug=slug).first()
    if plan is None:
        if status is None:
            status = Plan.Status.DRAFT if Plan.objects.active().exists() else Plan.Status.ACTIVE
        plan = Plan(slug=slug, status=status)
        report.add("+", _("new plan: “%(title)s”") % {"title": parsed.title}, status)
    writes = _Writes(plan=plan)
    changed = _assign(
        plan,
        title=parsed.title,
        introduction=parsed.introduction,
        starts_on=parsed.starts_on,
        due_on=parsed.due_on,
        **({"status": status} if status else {}),
    )
    if plan.pk and changed:
        report.add("~", _("plan changed: “%(title)s”") % {"title": parsed.title}, _words(changed))
    if changed or not plan.pk:
        _validate(plan, 1, database=True)
        writes.save_plan = True

    goals, objectives, with_evidence, key_results = _read(plan)
    pairing = matching.pair(
        [goal.title for goal in parsed.goals], goals, lambda g: g.title, lambda g: not g.is_archived
    )
    goal_slugs = _Slugs(goal.slug for goal in goals)
    for index, parsed_goal in enumerate(parsed.goals):
        goal = pairing.pairs.get(index)
        if goal is None:
            goal = Goal(plan=plan, slug=goal_slugs.claim(parsed_goal.slug))
            _assign(goal, title=parsed_goal.title, rationale=parsed_goal.rationale, order=index)
            _validate(goal, parsed_goal.line, exclude=["plan"])
            writes.new_goals.append(goal)
            report.add("+", _("new goal: “%(title)s”") % {"title": parsed_goal.title})
        else:
            old_title = goal.title
            changed = _assign(goal, title=parsed_goal.title, rationale=parsed_goal.rationale, order=index)
            if changed:
                _validate(goal, parsed_goal.line, exclude=["plan"])
                writes.changed_goals.append(goal)
                _report_change(report, "goal", old_title, goal.title, changed)
        _work_out_objectives(
            goal, parsed_goal, objectives.get(goal.pk, []), with_evidence, key_results, writes, report
        )
    for goal in pairing.gone:
        _remove_goal(goal, objectives.get(goal.pk, []), with_evidence, writes, report)
    return writes


def _read(plan):
    """The plan's goals, its objectives by goal id, the ids of objectives with evidence, and the key
    results by objective id (each with `target_list`, its targets on the way by date)."""
    if plan.pk is None:
        return [], {}, set(), {}
    goals = list(plan.goals.order_by("order", "pk"))
    by_id = {goal.pk: goal for goal in goals}
    objectives = defaultdict(list)
    # Locked (PostgreSQL) so that the versions read here are still current when written back.
    rows = Objective.objects.select_for_update(of=("self",)).filter(goal__plan=plan)
    for objective in rows.order_by("goal_id", "order", "pk"):
        objective.goal = by_id[objective.goal_id]  # Objective.clean() reads it: no query per row
        objectives[objective.goal_id].append(objective)
    with_evidence = set(
        Evidence.objects.filter(objective__goal__plan=plan).values_list("objective_id", flat=True).distinct()
    )
    key_results = {
        key_result.objective_id: key_result
        for key_result in KeyResult.objects.filter(objective__goal__plan=plan)
    }
    for key_result in key_results.values():
        key_result.target_list = []
    by_id = {key_result.pk: key_result for key_result in key_results.values()}
    if by_id:
        for target in KeyResultTarget.objects.filter(key_result__in=by_id).order_by("due_on"):
            by_id[target.key_result_id].target_list.append((target.due_on, target.value))
    return goals, objectives, with_evidence, key_results


def _work_out_objectives(goal, parsed_goal, existing, with_evidence, key_results, writes, report):
    pairing = matching.pair(
        [o.statement for o in parsed_goal.objectives],
        existing,
        lambda o: o.statement,
        lambda o: o.status != Objective.Status.DROPPED,
    )
    slugs = _Slugs(objective.slug for objective in existing)
    for index, parsed in enumerate(parsed_goal.objectives):
        objective = pairing.pairs.get(index)
        if objective is None:
            objective = Objective(goal=goal, slug=slugs.claim(make_slug(parsed.statement, "objective")))
            _assign(objective, statement=parsed.statement, order=index)
            _validate(objective, parsed.line, exclude=["goal"])
            writes.new_objectives.append(objective)
            report.add("+", _("new objective: “%(statement)s”") % {"statement": parsed.statement})
            _work_out_key_result(objective, parsed, None, writes, report)
            continue
        old_statement = objective.statement
        changed = _assign(objective, statement=parsed.statement, order=index)
        if changed:
            _validate(objective, parsed.line, exclude=["goal"])
            writes.changed_objectives.append(objective)
            _report_change(report, "objective", old_statement, objective.statement, changed)
        _work_out_key_result(objective, parsed, key_results.get(objective.pk), writes, report)
    for objective in pairing.gone:
        _remove_objective(objective, objective.pk in with_evidence, writes, report)


def _work_out_key_result(objective, parsed, key_result, writes, report):
    """Create or update the key result the file writes under the objective; none written, none changed."""
    wanted = parsed.key_result
    if wanted is None:
        return
    values = {
        "metric": wanted.metric,
        "unit": wanted.unit,
        "baseline": wanted.baseline,
        "target": wanted.target,
        "direction": wanted.direction,
    }
    if key_result is None:
        key_result = KeyResult(objective=objective, **values)
        report.add(
            "+",
            _("new key result: “%(metric)s”") % {"metric": wanted.metric},
            _("on “%(objective)s”") % {"objective": parsed.statement},
        )
        targets = wanted.targets
    else:
        changed = _assign(key_result, **values)
        targets = wanted.targets if wanted.targets != key_result.target_list else None
        if targets is not None:
            changed.append("targets")
        if not changed:
            return
        report.add("~", _("key result changed: “%(metric)s”") % {"metric": wanted.metric}, _words(changed))
    _validate(key_result, wanted.line, exclude=["objective"])
    writes.key_results.append((key_result, targets))


def _remove_objective(objective, has_evidence, writes, report):
    """Drop (has evidence) or delete the objective; return whether it is kept."""
    if has_evidence:
        if objective.status != Objective.Status.DROPPED:
            objective.status = Objective.Status.DROPPED
            writes.dropped_objectives.append(objective)
            report.add(
                "-",
                _("objective dropped: “%(statement)s”") % {"statement": objective.statement},
                _("kept, with its evidence"),
            )
        return True
    writes.deleted_objectives.append(objective)
    report.add(
        "-", _("objective deleted: “%(statement)s”") % {"statement": objective.statement}, _("no evidence")
    )
    return False


def _remove_goal(goal, objectives, with_evidence, writes, report):
    if not any(objective.pk in with_evidence for objective in objectives):
        writes.deleted_goals.append(goal)  # its objectives go with it
        report.add(
            "-",
            _("goal deleted: “%(title)s”") % {"title": goal.title},
            _("no evidence; with its %(count)s objective(s)") % {"count": len(objectives)},
        )
        return
    kept = [o for o in objectives if _remove_objective(o, o.pk in with_evidence, writes, report)]
    # Off the public pages, still in the admin with its evidence (and restorable from there).
    if not goal.is_archived:
        goal.is_archived = True
        writes.changed_goals.append(goal)
        report.add(
            "-",
            _("goal archived: “%(title)s”") % {"title": goal.title},
            _("kept: %(count)s objective(s) have evidence") % {"count": len(kept)},
        )


def _report_change(report, kind, old, new, changed):
    """ "goal renamed: “A” → “B”" or "objective changed: “B”", and what else changed."""
    others = [name for name in changed if name not in ("title", "statement")]
    names = {"old": old, "new": new}
    if old != new:
        what = (
            _("goal renamed: “%(old)s” → “%(new)s”")
            if kind == "goal"
            else _("objective reworded: “%(old)s” → “%(new)s”")
        ) % names
        also = _words(others)
        report.add("~", what, _("also %(fields)s") % {"fields": also} if also else "")
    else:
        what = (_("goal changed: “%(new)s”") if kind == "goal" else _("objective changed: “%(new)s”")) % names
        report.add("~", what, _words(others))


def _words(names):
    return ", ".join(str(FIELD_WORDS.get(name, name)) for name in names) if names else ""


def _validate(instance, line, exclude=(), database=False):
    """Field rules and clean(); with `database`, the unique and check constraints too (queries).
    Goals and objectives go without: the pairing keeps their slugs unique, the import sets none of
    the fields the check constraints are about, and their parent is read or created here."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=database, validate_constraints=database)
    except ValidationError as error:
        messages = "; ".join(
            f"{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
            for name, errors in error.message_dict.items()
        )
        raise PlanImportError(line, messages) from error


def _write(writes):
    if writes.save_plan:
        writes.plan.save()
    now = timezone.now()
    if writes.new_goals:
        bulk_create_with_history(writes.new_goals, Goal, batch_size=BATCH_SIZE, default_date=now)
    if writes.changed_goals:
        for goal in writes.changed_goals:
            goal.updated_at = now
        bulk_update_with_history(
            writes.changed_goals,
            Goal,
            ["title", "rationale", "order", "is_archived", "updated_at"],
            batch_size=BATCH_SIZE,
            default_date=now,
        )
    if writes.new_objectives:
        bulk_create_with_history(writes.new_objectives, Objective, batch_size=BATCH_SIZE, default_date=now)
    if writes.changed_objectives:
        _update_objectives(writes.plan, writes.changed_objectives, now)
    for objective in writes.dropped_objectives:
        objective.save()  # status changes go through Objective.save(): progress, status_updated_at
    _write_key_results(writes.key_results)
    _delete(Objective, writes.deleted_objectives)
    _delete(Goal, writes.deleted_goals)
    if writes.bulk:
        bump_content_version()  # bulk writes send no post_save


def _write_key_results(key_results):
    """Save each key result (with its history; KeyResult.save() makes its objective measured) and
    replace its targets on the way where the file changed them. Few rows: a plan has tens."""
    for key_result, targets in key_results:
        objective = key_result.objective
        if not hasattr(objective, "_loaded_status"):  # created in bulk just now, without save()
            objective._loaded_status = (objective.status, objective.progress)
        key_result.save()
        if targets is not None:
            key_result.targets.all().delete()
            KeyResultTarget.objects.bulk_create(
                KeyResultTarget(key_result=key_result, due_on=due_on, value=value)
                for due_on, value in targets
            )


def _update_objectives(plan, objectives, now):
    """Write the new wording and places with what Objective.save() and simple_history would have
    added to each row: the version (optimistic locking), updated_at, and in the history the owners
    at that version (bulk_history_create leaves them out)."""
    for objective in objectives:
        objective.version += 1
        objective.updated_at = now
    _update_rows(Objective, objectives, ["statement", "order", "version", "updated_at"])
    rows = Objective.history.bulk_history_create(
        objectives, batch_size=BATCH_SIZE, update=True, default_date=now
    )
    owners = defaultdict(list)
    for link in Objective.owners.through.objects.filter(objective__goal__plan=plan):
        owners[link.objective_id].append(link)
    owners_history = Objective.history.model.owners.model
    owners_history.objects.bulk_create(
        (
            owners_history(history=row, id=link.id, objective_id=link.objective_id, owner_id=link.owner_id)
            for row in rows
            for link in owners.get(row.id, ())
        ),
        batch_size=BATCH_SIZE,
    )


def _update_rows(model, instances, names):
    """One `UPDATE ... WHERE id = %s` run for every instance (executemany). bulk_update's CASE WHEN
    per row and field spent 5.6 of the 10 s that 5,000 moved objectives took."""
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                [field.get_db_prep_save(getattr(instance, field.attname), connection) for field in fields]
                + [instance.pk]
                for instance in instances
            ],
        )


def _delete(model, instances):
    """Delete with signals (history rows, the content version), a batch of ids at a time."""
    ids = [instance.pk for instance in instances]
    for start in range(0, len(ids), BATCH_SIZE):
        model.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).delete()


def _assign(instance, **values):
    """Set attributes; return the names of those that changed."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed
