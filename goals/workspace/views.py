"""The owners' own page: the objectives they are responsible for, and a check-in form for each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from goals.check_ins import record_check_in
from goals.models import Objective, Owner, Plan
from goals.permissions import edits_everything
from goals.workspace.forms import CheckInForm


def _owner_for(request):
    """The owner whose page this is: the login's own, or any for a founder (?owner=<slug>)."""
    slug = request.GET.get("owner") or request.POST.get("owner")
    if slug and edits_everything(request.user):
        return get_object_or_404(Owner, slug=slug)
    return getattr(request.user, "owner", None)


def _objectives(owner):
    return list(
        Objective.objects.for_owner(owner)
        .exclude(goal__plan__status=Plan.Status.ARCHIVED)
        .filter(goal__is_archived=False)
        .select_related("goal__plan")
        .with_standing()
        .with_key_result()
        .order_by("goal__plan__status", "goal__plan__due_on", "goal__order", "order", "pk")
    )


@login_required
def my_objectives(request, failed=None):
    owner = _owner_for(request)
    if owner is None:
        return render(request, "workspace/no_owner.html", status=403)
    objectives = _objectives(owner)
    rows = [
        (
            objective,
            failed
            if failed is not None and failed.objective.pk == objective.pk
            else CheckInForm(objective=objective),
        )
        for objective in objectives
    ]
    context = {
        "owner": owner,
        "rows": rows,
        "is_someone_else": owner.user_id != request.user.pk,
        "owners": Owner.objects.order_by("name") if edits_everything(request.user) else None,
    }
    return render(request, "workspace/my_objectives.html", context, status=400 if failed else 200)


@login_required
@require_POST
def check_in(request, pk):
    objective = get_object_or_404(Objective.objects.select_related("goal__plan", "key_result"), pk=pk)
    if not request.user.has_perm("goals.update_objective", objective):
        raise PermissionDenied("You can post updates only for objectives you own.")
    form = CheckInForm(request.POST, request.FILES, objective=objective)
    if form.is_valid():
        try:
            record_check_in(objective, author=request.user, **form.check_in_fields())
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(None if field == "__all__" or field not in form.fields else field, errors)
        else:
            messages.success(
                request, _("Update recorded for “%(objective)s”.") % {"objective": objective.statement}
            )
            owner = request.POST.get("owner")
            url = reverse("workspace:mine") + (f"?owner={owner}" if owner else "")
            return redirect(f"{url}#objective-{objective.pk}")
    return my_objectives(request, failed=form)
