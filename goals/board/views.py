"""The board's review pages: for signed-in board members and founders only.

Visitors who are not signed in are sent to the site's sign-in page (LOGIN_URL, never the admin's, whose
path may be secret); anyone else signed in (owners, other staff) gets 403.
"""

import io
from datetime import date
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from goals import charts
from goals.board import changes, exports, packet, snapshots
from goals.models import Plan, Review, ReviewSnapshot
from goals.spreadsheet import write_csv


def reviewer_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not packet.can_review(request.user):
            raise PermissionDenied(_("The review pages are for board members and founders."))
        return view(request, *args, **kwargs)

    return wrapper


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["held_on", "attendees", "notes", "decisions", "is_public", "public_summary"]
        widgets = {
            "held_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "attendees": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 6}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
            "public_summary": forms.Textarea(attrs={"rows": 3}),
        }
        # The model's fields carry no verbose names of their own (adding them is a migration).
        labels = {
            "attendees": gettext_lazy("Attendees"),
            "notes": gettext_lazy("Notes"),
            "decisions": gettext_lazy("Decisions"),
            "public_summary": gettext_lazy("Public summary"),
        }


class SinceForm(forms.Form):
    """The review page's "Changes since" date: a real day, from 1900 to today."""

    EARLIEST = date(1900, 1, 1)

    since = forms.DateField(required=False)

    def clean_since(self):
        day = self.cleaned_data["since"]
        if day and not self.EARLIEST <= day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a day from 1 January 1900 to today."), code="out_of_range")
        return day


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Why this record is withdrawn."),
    )


def _csv_response(filename, header, rows):
    out = io.StringIO()
    write_csv(out, header, rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@reviewer_required
def review_home(request):
    plans = Plan.objects.order_by("-status", "-due_on")
    active = next((plan for plan in plans if plan.status == Plan.Status.ACTIVE), None)
    recent = Review.objects.select_related("plan").order_by("-held_on", "-recorded_at")[:10]
    return render(request, "board/home.html", {"plans": plans, "active": active, "recent": recent})


def _since(since_form, last_review, plan, history_starts_on, today):
    """From the `since` date asked for, else the last review's recording, else the plan's start."""
    day = since_form.cleaned_data["since"] if since_form.is_valid() else None
    if day:
        return packet.day_start(day), day, False
    if last_review:
        return last_review.recorded_at, timezone.localdate(last_review.recorded_at), True
    # Nothing is recorded before the history begins, so starting there shows the same changes, and
    # a plan dated from year 1 does not ask for a moment before the calendar's first.
    first = max(plan.starts_on, history_starts_on or today)
    return packet.day_start(first), plan.starts_on, False


def _charts(plan, today):
    history_starts_on, series = changes.weekly_series(plan, today)
    days = [point.day for point in series]
    expected = [point.expected for point in series]
    plan_chart = charts.progress_chart(
        "plan", _("Plan progress"), days, [point.plan for point in series], expected
    )
    goal_charts = [
        charts.progress_chart(
            f"goal-{goal.pk}",
            _("%(title)s: progress") % {"title": goal.title},
            days,
            [p.goals.get(goal.pk) for p in series],
            expected,
            subject=goal.title,
        )
        for goal in plan.goal_list
    ]
    if history_starts_on and history_starts_on > plan.starts_on:
        plan_chart.notes.append(
            _(
                "The site's change history begins on %(day)s, after the plan's start: "
                "earlier weeks cannot be shown."
            )
            % {"day": date_format(history_starts_on, "DATE_FORMAT")}
        )
    return history_starts_on, plan_chart, goal_charts


@reviewer_required
def plan_review(request, plan_slug):
    plan = get_object_or_404(packet.plan_for_review(), slug=plan_slug)
    today = timezone.localdate()
    records = list(Review.objects.for_plan(plan).select_related("recorded_by"))
    last_review = next((review for review in records if not review.is_withdrawn), None)
    history_starts_on, plan_chart, goal_charts = _charts(plan, today)
    since_form = SinceForm(request.GET)
    since, since_day, since_is_last_review = _since(since_form, last_review, plan, history_starts_on, today)
    context = {
        "plan": plan,
        "summary": packet.summarize(plan, today),
        "stale_rule_note": packet.STALE_RULE_NOTE,
        "changes": changes.changes_since(plan, since),
        "since_day": since_day,
        "since_is_last_review": since_is_last_review,
        "since_form": since_form,
        "since_is_chosen": bool(since_form.is_valid() and since_form.cleaned_data["since"]),
        "last_review": last_review,
        "records": records,
        "plan_chart": plan_chart,
        "goal_charts": goal_charts,
    }
    return render(request, "board/plan.html", context, status=400 if since_form.errors else 200)


@reviewer_required
def record_review(request, plan_slug):
    plan = get_object_or_404(Plan, slug=plan_slug)
    form = ReviewForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        review = snapshots.record_review(plan, recorded_by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Review recorded: the plan as it stands now is frozen in record #%(number)s.")
            % {"number": review.pk},
        )
        return redirect(review)
    return render(request, "board/record_form.html", {"plan": plan, "form": form})


@reviewer_required
def review_detail(request, pk):
    review = get_object_or_404(Review.objects.select_related("plan", "recorded_by"), pk=pk)
    snapshots = list(review.snapshots.order_by("position"))
    others = Review.objects.for_plan(review.plan).exclude(pk=review.pk)
    return render(
        request,
        "board/record.html",
        {
            "review": review,
            "plan": review.plan,
            "snapshots": snapshots,
            "others": others,
            "withdraw_form": WithdrawForm(),
            "stale_rule_note": packet.STALE_RULE_NOTE,
        },
    )


@reviewer_required
@require_POST
def withdraw(request, pk):
    review = get_object_or_404(Review, pk=pk, withdrawn_at__isnull=True)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        snapshots.withdraw_review(review, form.cleaned_data["reason"])
        messages.success(request, _("The review is withdrawn. It stays on record, marked as withdrawn."))
    else:
        messages.error(request, _("Say why the review is withdrawn."))
    return redirect(review)


def _side(value):
    """A review (by primary key) or "now"."""
    if value == "now":
        return None
    # ASCII digits only: str.isdigit() also says yes to "²", which int() refuses.
    value = value or ""
    if not (value.isascii() and value.isdigit()):
        raise Review.DoesNotExist
    return Review.objects.select_related("plan").get(pk=value)


@reviewer_required
def compare(request):
    try:
        first, second = _side(request.GET.get("a")), _side(request.GET.get("b", "now"))
    except Review.DoesNotExist:
        return render(request, "board/compare.html", {"error": True}, status=404)
    if first is None:
        first, second = second, first
    if first is None:
        return render(request, "board/compare.html", {"error": True}, status=404)
    if second is not None and second.plan_id != first.plan_id:
        return render(request, "board/compare.html", {"error": True, "different_plans": True}, status=400)
    if second is not None and (second.recorded_at, second.pk) < (first.recorded_at, first.pk):
        first, second = second, first
    plan = first.plan
    before = list(first.snapshots.order_by("position"))
    if second is None:
        live_plan = packet.plan_for_review().get(pk=plan.pk)
        after = snapshots.snapshot_rows(live_plan, timezone.localdate())
        after_progress = live_plan.progress
    else:
        after = list(second.snapshots.order_by("position"))
        after_progress = second.plan_progress
    rows = snapshots.compare(before, after)
    return render(
        request,
        "board/compare.html",
        {
            "plan": plan,
            "first": first,
            "second": second,
            "rows": rows,
            "measured_rows": [row for row in rows if row.is_measured],
            "check_ins": changes.check_ins_posted(
                plan, first.recorded_at, second.recorded_at if second is not None else None
            ),
            "after_progress": after_progress,
            "changed_count": sum(1 for row in rows if row.change),
            "choices": Review.objects.for_plan(plan),
        },
    )


@reviewer_required
def snapshot_csv(request, pk):
    review = get_object_or_404(Review.objects.select_related("plan"), pk=pk)
    snapshots = ReviewSnapshot.objects.filter(review=review).order_by("position")
    filename = f"{review.plan.slug}-review-{review.held_on:%Y-%m-%d}-{review.pk}.csv"
    return _csv_response(filename, exports.SNAPSHOT_HEADER, exports.snapshot_csv_rows(snapshots))


@reviewer_required
def objectives_csv(request, plan_slug):
    plan = get_object_or_404(packet.plan_for_review(), slug=plan_slug)
    today = timezone.localdate()
    filename = f"{plan.slug}-objectives-{today:%Y-%m-%d}.csv"
    return _csv_response(filename, exports.OBJECTIVES_HEADER, exports.objectives_csv_rows(plan, today))
