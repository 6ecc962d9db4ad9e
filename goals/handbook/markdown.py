"""Read and write a plan in the Markdown format of 2i2c's team handbook.

Pure functions, text in and data out, so the format can be tested without a database:

    # Plan title

    Introduction paragraphs (Markdown).

    The following objectives should be accomplished by **October of 2021**.

    ## A goal

    **Rationale:**

    Why it matters (Markdown).

    **Objectives:**

    - An objective.
    - A measured objective.
      - Key result: institutions with a hub, at least 2 institutions (baseline 0; 1 by 30 June 2021)

The due date is the paragraph of the introduction that says it: one sentence that ends with "by"
or "due" and the date in bold, as above. A paragraph like "This plan starts on **1 November 2020**."
sets the start, which otherwise is a year before the due date (the seed is a one-year plan). Other
bold dates are introduction text. None, two, or an unreadable date is an error naming the line.

A key result is an indented sub-item of its objective, one at most: "Key result:", what is counted,
a comma, "at least", "at most" or "exactly", the target in digits and its unit; in brackets at the
end, separated by semicolons, "baseline N" (0 when left out) and targets on the way, "N by DATE".
docs/design.md ("The plan's format") has the details.
"""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.utils.text import slugify
from django.utils.translation import gettext as _

from goals import rules

TITLE_MAX_LENGTH = 200
STATEMENT_MAX_LENGTH = 500
SLUG_MAX_LENGTH = 80
METRIC_MAX_LENGTH = 200
UNIT_MAX_LENGTH = 40
# As KeyResult's value fields: 14 digits, 2 of them after the point.
VALUE_INTEGER_DIGITS, VALUE_DECIMAL_PLACES = 12, 2

# As CommonMark: a closing run of #s counts only after a space, so "## Learn C#" is "Learn C#".
H1 = re.compile(r"^#\s+(?P<text>.+?)(?:\s+#+)?\s*$")
H2 = re.compile(r"^##\s+(?P<text>.+?)(?:\s+#+)?\s*$")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
BULLET = re.compile(r"^[-*+](?:\s+(?P<text>.*))?$")
RATIONALE = re.compile(r"^\*\*Rationale:?\*\*:?\s*(?P<rest>.*)$", re.IGNORECASE)
OBJECTIVES = re.compile(r"^\*\*Objectives:?\*\*:?\s*$", re.IGNORECASE)
KEY_RESULT = re.compile(r"^\s+[-*+]\s+key\s+result\s*:\s*(?P<text>.*)$", re.IGNORECASE)
DIRECTIONS = {"at least": rules.AT_LEAST, "at most": rules.AT_MOST, "exactly": rules.EXACTLY}
DIRECTION_WORDS = {value: words for words, value in DIRECTIONS.items()}
# The last comma before a direction ends the metric (a unit holds no comma: rules.unit_problem).
METRIC_END = re.compile(r"^(?P<metric>.*),\s*(?P<tail>(?:at\s+least|at\s+most|exactly)\b.*)$", re.I | re.S)
TARGET = re.compile(r"^(?P<direction>at\s+least|at\s+most|exactly)\b\s*(?P<rest>.*)$", re.I | re.S)
NUMBER = re.compile(r"^(?P<number>[-+]?(?:\d+(?:\.\d+)?|\.\d+))(?P<rest>.*)$", re.S)
BASELINE = re.compile(r"^baseline\s+(?P<number>\S+)$", re.I)
TARGET_ON_THE_WAY = re.compile(r"^(?P<number>\S+)\s+by\s+(?P<date>.+)$", re.I)
KEY_RESULT_EXAMPLE = (
    "Key result: institutions with a hub, at least 2 institutions (baseline 0; 1 by 30 June 2021)"
)

DUE_SENTENCE = "The following objectives should be accomplished by **{}**."
START_SENTENCE = "This plan starts on **{}**."
# A paragraph that is one sentence ending in the date in bold, after "by"/"due" or "starts on".
# (The bold text must hold a digit, so that "Funded by **Sloan**." is not read as a date.)
_DATE_AT_END = r"\*\*(?P<date>[^*]*\d[^*]*)\*\*\s*[.!]?$"
DUE_STATEMENT = re.compile(rf"^(?P<lead>[^*]*?)\b(?:by|due(?:\s+(?:on|by))?)\s+{_DATE_AT_END}", re.I | re.S)
START_STATEMENT = re.compile(
    rf"^(?P<lead>[^*]*?)\b(?:starts?|started|begins?|began)(?:\s+(?:on|in))?\s+{_DATE_AT_END}", re.I | re.S
)
DUE_MENTION = re.compile(r"\b(?:by|due)\s+\*\*(?P<date>[^*]+)\*\*", re.I)
SENTENCE_END = re.compile(r"[.!?]\s")
# Older dates are typing mistakes (year 1 was seen) and the board's charts step past the due date.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999


class PlanFormatError(ValueError):
    """The text is not a plan in the handbook format; `line` is 1-based."""

    def __init__(self, line, message):
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


@dataclass
class ParsedKeyResult:
    metric: str
    direction: str
    target: Decimal
    unit: str = ""
    baseline: Decimal = Decimal(0)
    targets: list[tuple[date, Decimal]] = field(default_factory=list)  # (by, value), by date
    line: int = field(default=0, compare=False)


@dataclass
class ParsedObjective:
    statement: str
    line: int = field(default=0, compare=False)
    key_result: ParsedKeyResult | None = None


@dataclass
class ParsedGoal:
    title: str
    rationale: str
    line: int = field(default=0, compare=False)
    objectives: list[ParsedObjective] = field(default_factory=list)

    @property
    def slug(self):
        return make_slug(self.title, fallback="goal")


@dataclass
class ParsedPlan:
    title: str
    introduction: str
    starts_on: date
    due_on: date
    goals: list[ParsedGoal] = field(default_factory=list)

    @property
    def slug(self):
        return make_slug(self.title, fallback="plan")


def make_slug(text, fallback):
    """An ASCII slug cut at a word boundary, never empty."""
    slug = slugify(text)
    if len(slug) > SLUG_MAX_LENGTH:
        slug = slug[:SLUG_MAX_LENGTH].rsplit("-", 1)[0]
    return slug or fallback


def parse_date(text):
    """Read "October of 2021", "October 2021", "31 October 2021", "October 31, 2021" or ISO.

    A month without a day means the end of that month.
    """
    text = " ".join(text.replace(" of ", " ").replace(",", " ").split())
    for pattern in ("%Y-%m-%d", "%d %B %Y", "%B %d %Y", "%d %b %Y", "%b %d %Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    for pattern in ("%B %Y", "%b %Y"):
        try:
            month_start = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        last_day = calendar.monthrange(month_start.year, month_start.month)[1]
        return month_start.replace(day=last_day)
    return None


def format_date(value):
    return f"{value.day} {value:%B %Y}"


def one_year_before(due_on):
    try:
        return due_on.replace(year=due_on.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        return due_on.replace(year=due_on.year - 1, day=28) + timedelta(days=1)


# What _normalise_lines splits on, with the spaces around it.
LINE_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t\r\n]*")


def _normalise_lines(text):
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [line.rstrip() for line in text.split("\n")]


def _strip_blank_edges(lines):
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def _join_markdown(lines):
    """Rejoin Markdown lines with runs of blank lines folded to one."""
    out = []
    for line in _strip_blank_edges(lines):
        if not line.strip() and out and not out[-1].strip():
            continue
        out.append(line)
    return "\n".join(out)


def _paragraphs(numbered_lines):
    """Split (line number, text) pairs into paragraphs: lists of such pairs."""
    paragraph = []
    for number, line in numbered_lines:
        if line.strip():
            paragraph.append((number, line))
        elif paragraph:
            yield paragraph
            paragraph = []
    if paragraph:
        yield paragraph


def _date_statement(text):
    """("due" or "start", the date's text) if the paragraph is a sentence that states one."""
    for kind, pattern in (("due", DUE_STATEMENT), ("start", START_STATEMENT)):
        match = pattern.match(text)
        if match and not SENTENCE_END.search(match["lead"]):
            return kind, match["date"]
    return None


def _statement_date(line, text):
    value = parse_date(text)
    if value is None:
        raise PlanFormatError(
            line,
            _("“%(text)s” is not a date: write it like “31 October 2021”, “October 2021” or “2021-10-31”")
            % {"text": text},
        )
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise PlanFormatError(
            line,
            _("the year %(year)s is out of range: a plan's dates fall in %(earliest)s to %(latest)s")
            % {"year": value.year, "earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
        )
    return value


def _read_dates(intro_lines, title_line):
    """Take the due date's paragraph (and the start date's, if any) out of the introduction."""
    kept, found, mention = [], {}, None
    for paragraph in _paragraphs(intro_lines):
        line = paragraph[0][0]
        text = " ".join(part.strip() for _, part in paragraph)
        statement = _date_statement(text)
        if statement is None:
            if mention is None and any(parse_date(m["date"]) for m in DUE_MENTION.finditer(text)):
                mention = line
            kept.extend(paragraph + [(paragraph[-1][0] + 1, "")])
            continue
        kind, date_text = statement
        if kind in found:
            message = (
                _("a second due date: line %(line)s already gives one; keep one of the two")
                if kind == "due"
                else _("a second start date: line %(line)s already gives one; keep one of the two")
            )
            raise PlanFormatError(line, message % {"line": found[kind][0]})
        found[kind] = (line, _statement_date(line, date_text))
    if "due" not in found:
        example = DUE_SENTENCE.format("October 2021")
        if mention:
            raise PlanFormatError(
                mention,
                _("no due date found: give it as a paragraph of its own, such as “%(example)s”")
                % {"example": example},
            )
        raise PlanFormatError(
            title_line,
            _(
                "no due date found: expected a paragraph such as “%(example)s” "
                "before the first “## Goal” heading"
            )
            % {"example": example},
        )
    due_on = found["due"][1]
    starts_on = found["start"][1] if "start" in found else one_year_before(due_on)
    if due_on < starts_on:
        raise PlanFormatError(found.get("start", found["due"])[0], _("the due date is before the start date"))
    return [line for _, line in kept], starts_on, due_on


def _split_sections(lines):
    """Yield (line number, heading match or None, body lines) with code fences respected."""
    sections = [[1, None, []]]
    in_fence = False
    for number, line in enumerate(lines, start=1):
        if FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else (H2.match(line) or H1.match(line))
        if heading and not line.startswith("###"):
            sections.append([number, heading, []])
        else:
            sections[-1][2].append((number, line))
    return sections


def _parse_goal(number, title, body):
    _check_length(number, title, TITLE_MAX_LENGTH, _("goal title"))
    rationale, objectives, part = [], [], "before"
    key_results = {}  # objective's index: [line, text]
    goal = ParsedGoal(title=title, rationale="", line=number)
    for line_number, line in body:
        if part == "before":
            if not line.strip():
                continue
            match = RATIONALE.match(line)
            if not match:
                raise PlanFormatError(
                    line_number, _("expected “**Rationale:**” under the goal “%(title)s”") % {"title": title}
                )
            part = "rationale"
            if match["rest"]:
                rationale.append(match["rest"])
        elif part == "rationale":
            if OBJECTIVES.match(line):
                part = "objectives"
            else:
                rationale.append(line)
        else:
            _read_objective_line(line_number, line, objectives, key_results)
    if part != "objectives":
        raise PlanFormatError(
            number, _("expected “**Objectives:**” and a list under the goal “%(title)s”") % {"title": title}
        )
    goal.rationale = _join_markdown(rationale)
    seen = {}
    for objective in objectives:
        objective.statement = " ".join(objective.statement.split())
        if not objective.statement:
            raise PlanFormatError(objective.line, _("this objective is empty"))
        _check_length(objective.line, objective.statement, STATEMENT_MAX_LENGTH, _("objective"))
        if objective.statement in seen:
            raise PlanFormatError(
                objective.line,
                _("this objective repeats the one on line %(line)s") % {"line": seen[objective.statement]},
            )
        seen[objective.statement] = objective.line
    for index, (line_number, text) in key_results.items():
        objectives[index].key_result = parse_key_result(line_number, text)
    goal.objectives = objectives
    return goal


def _read_objective_line(line_number, line, objectives, key_results):
    if not line.strip():
        return
    bullet = BULLET.match(line)
    key_result = KEY_RESULT.match(line)
    if bullet:
        objectives.append(ParsedObjective(statement=bullet["text"] or "", line=line_number))
    elif key_result:
        if not objectives:
            raise PlanFormatError(line_number, _("a key result goes under its objective, indented"))
        index = len(objectives) - 1
        if index in key_results:
            raise PlanFormatError(
                line_number,
                _("this objective already has a key result, on line %(line)s; it can have one")
                % {"line": key_results[index][0]},
            )
        key_results[index] = [line_number, key_result["text"]]
    elif objectives and line[:1].isspace():
        if len(objectives) - 1 in key_results:
            key_results[len(objectives) - 1][1] += " " + line.strip()  # the key result goes on
        else:
            objectives[-1].statement += " " + line.strip()
    else:
        raise PlanFormatError(line_number, _("expected a list item (“- …”) under “**Objectives:**”"))


def parse_key_result(line, text):
    """Read the text after "Key result:" (see the module's docstring) or raise PlanFormatError."""
    text = " ".join(text.split())
    details = []
    if text.endswith(")"):
        opening = text.rfind("(")
        if opening == -1:
            raise PlanFormatError(line, _("this key result has a “)” without its “(”"))
        details = [part.strip() for part in text[opening + 1 : -1].split(";") if part.strip()]
        if not details:
            raise PlanFormatError(
                line,
                _(
                    "the brackets after this key result are empty: put a baseline (“baseline 0”) "
                    "or a target on the way (“1 by 30 June 2021”) in them, or leave them out"
                ),
            )
        text = text[:opening].rstrip()
    match = METRIC_END.match(text)
    if match is None:
        if "," not in text:
            raise PlanFormatError(
                line, _("write a key result like “%(example)s”") % {"example": KEY_RESULT_EXAMPLE}
            )
        metric, tail = (part.strip() for part in text.rsplit(",", 1))
    else:
        metric, tail = match["metric"].strip(), match["tail"]
    if not metric:
        raise PlanFormatError(line, _("this key result does not say what is counted before the comma"))
    _check_length(line, metric, METRIC_MAX_LENGTH, _("key result's metric"))
    target = TARGET.match(tail)
    if target is None:
        words = re.split(r"[-+.\d]", tail, maxsplit=1)[0].strip() or tail
        raise PlanFormatError(
            line,
            _("“%(words)s” is not a direction: write “at least”, “at most” or “exactly” before the target")
            % {"words": words},
        )
    value, unit = _number(line, target["rest"], glued=True)
    unit = unit.strip()
    _check_length(line, unit, UNIT_MAX_LENGTH, _("key result's unit"))
    if rules.unit_problem(unit):
        raise PlanFormatError(line, rules.unit_problem(unit))
    key_result = ParsedKeyResult(
        metric=metric,
        direction=DIRECTIONS[" ".join(target["direction"].lower().split())],
        target=value,
        unit=unit,
        line=line,
    )
    baseline_seen, by_date = False, {}
    for part in details:
        if baseline := BASELINE.match(part):
            if baseline_seen:
                raise PlanFormatError(line, _("this key result gives its baseline twice"))
            key_result.baseline, baseline_seen = _number(line, baseline["number"])[0], True
        elif on_the_way := TARGET_ON_THE_WAY.match(part):
            due_on = _statement_date(line, on_the_way["date"])
            if due_on in by_date:
                raise PlanFormatError(
                    line, _("this key result has two targets by %(date)s") % {"date": format_date(due_on)}
                )
            by_date[due_on] = _number(line, on_the_way["number"])[0]
        else:
            raise PlanFormatError(
                line,
                _(
                    "“%(part)s” in the brackets is neither a baseline (“baseline 0”) "
                    "nor a target on the way (“1 by 30 June 2021”)"
                )
                % {"part": part},
            )
    key_result.targets = sorted(by_date.items())
    problem = rules.key_result_problem(key_result.direction, key_result.baseline, key_result.target)
    if problem:
        raise PlanFormatError(line, problem)
    return key_result


def _number(line, text, glued=False):
    """(the number at the start of `text`, what follows it); all of `text` unless `glued`, when a
    unit may follow, after a space or directly ("80%")."""
    match = NUMBER.match(text)
    rest = match["rest"] if match else ""
    if match is None or (rest and not (glued and rest[0] not in ".,0123456789")):
        word = text.split()[0] if text.split() else ""
        if not word:
            raise PlanFormatError(line, _("this key result has no target: write it in digits, such as “2”"))
        raise PlanFormatError(
            line,
            _("“%(word)s” is not a number: write it in digits, without separators, such as “1200” or “2.5”")
            % {"word": word},
        )
    try:
        value = Decimal(match["number"])
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        raise PlanFormatError(line, _("“%(word)s” is not a number") % {"word": match["number"]}) from None
    sign, digits, exponent = value.normalize().as_tuple()
    if max(0, -exponent) > VALUE_DECIMAL_PLACES or len(digits) + exponent > VALUE_INTEGER_DIGITS:
        raise PlanFormatError(
            line,
            _(
                "“%(number)s” does not fit: a value has at most %(integer)s digits before the point "
                "and %(places)s after"
            )
            % {"number": match["number"], "integer": VALUE_INTEGER_DIGITS, "places": VALUE_DECIMAL_PLACES},
        )
    return value, rest


def format_number(value):
    """A value as the plan's Markdown writes it: digits, no separators, no trailing zeros."""
    return format(Decimal(value).normalize(), "f")


def one_line(text):
    """`text` on one line: a line break (which a form may post into a title or a statement) would
    end the heading or list item it is written in, and what follows would read as goals and
    objectives of its own."""
    return LINE_BREAKS.sub(" ", text)


def render_key_result(key_result):
    """The key result's line, indented under its objective's."""
    unit = f" {one_line(key_result.unit)}" if key_result.unit else ""
    details = [f"baseline {format_number(key_result.baseline)}"] if key_result.baseline else []
    details += [f"{format_number(value)} by {format_date(due_on)}" for due_on, value in key_result.targets]
    brackets = f" ({'; '.join(details)})" if details else ""
    direction = DIRECTION_WORDS[key_result.direction]
    metric = one_line(key_result.metric)
    return f"  - Key result: {metric}, {direction} {format_number(key_result.target)}{unit}{brackets}"


def _check_length(line, text, limit, what):
    if len(text) > limit:
        raise PlanFormatError(
            line,
            _("the %(what)s is %(length)s characters long; the limit is %(limit)s")
            % {"what": what, "length": len(text), "limit": limit},
        )


def parse_plan(text):
    """Parse handbook Markdown into a ParsedPlan, or raise PlanFormatError naming the line."""
    lines = _normalise_lines(text)
    # PostgreSQL cannot store NUL in text; refuse it here, with its line, rather than at save time.
    nul = next((number for number, line in enumerate(lines, 1) if "\x00" in line), None)
    if nul:
        raise PlanFormatError(nul, _("this line contains a NUL character (\\x00), which a plan cannot hold"))
    sections = _split_sections(lines)
    preamble = sections[0][2]
    stray = next(((n, line) for n, line in preamble if line.strip()), None)
    if len(sections) == 1 or stray:
        where = stray[0] if stray else 1
        raise PlanFormatError(where, _("expected the plan's title as a “# Title” heading first"))
    title_line, title_match, intro = sections[1]
    if title_match.re is not H1:
        raise PlanFormatError(title_line, _("expected the plan's title as a “# Title” heading first"))
    title = title_match["text"]
    _check_length(title_line, title, TITLE_MAX_LENGTH, _("plan title"))
    intro_lines, starts_on, due_on = _read_dates(intro, title_line)
    plan = ParsedPlan(
        title=title, introduction=_join_markdown(intro_lines), starts_on=starts_on, due_on=due_on
    )
    seen = {}
    for number, heading, body in sections[2:]:
        if heading.re is H1:
            raise PlanFormatError(number, _("only one “# Title” heading is allowed; use “## ” for goals"))
        goal = _parse_goal(number, heading["text"], body)
        if goal.slug in seen:
            raise PlanFormatError(
                number, _("this goal repeats the one on line %(line)s") % {"line": seen[goal.slug]}
            )
        seen[goal.slug] = number
        plan.goals.append(goal)
    return plan


def render_plan(plan):
    """Write a ParsedPlan back as handbook Markdown; parse_plan(render_plan(p)) == p."""
    parts = [_heading("#", plan.title)]
    if plan.introduction.strip():
        parts.append(plan.introduction.strip())
    if plan.starts_on != one_year_before(plan.due_on):
        parts.append(START_SENTENCE.format(format_date(plan.starts_on)))
    parts.append(DUE_SENTENCE.format(format_date(plan.due_on)))
    for goal in plan.goals:
        parts.append(_heading("##", goal.title))
        parts.append("**Rationale:**")
        if goal.rationale.strip():
            parts.append(goal.rationale.strip())
        parts.append("**Objectives:**")
        if goal.objectives:
            parts.append("\n".join(_render_objective(objective) for objective in goal.objectives))
    return "\n\n".join(parts) + "\n"


def _render_objective(objective):
    line = f"- {one_line(objective.statement)}"
    return f"{line}\n{render_key_result(objective.key_result)}" if objective.key_result else line


def _heading(marker, text):
    """The heading line for `text`, closed with #s when it ends like a closing sequence ("Issue #")."""
    text = one_line(text)
    line = f"{marker} {text}"
    match = (H1 if marker == "#" else H2).match(line)
    return line if match and match["text"] == text else f"{line} {marker}"
