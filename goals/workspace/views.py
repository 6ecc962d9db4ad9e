"""The owners' own page: the objectives they are responsible for, a check-in form for each, and
the GitHub issues and pull requests they are linked to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from goals.models import GitHubLink, Objective, Owner, Plan
from goals.permissions import edits_everything
from goals.workspace.forms import GitHubLinkForm, OwnerCheckInForm


def _owner_for(request):
    """The owner whose page this is: the login's own, or any for a founder (?owner=<slug>)."""
    slug = request.GET.get("owner") or request.POST.get("owner")
    if slug and edits_everything(request.user):
        return get_object_or_404(Owner, slug=slug)
    return getattr(request.user, "owner", None)


def _card(objective):
    """The anchor of an objective's card on the page, and the tag of the messages shown in it."""
    return f"objective-{objective.pk}"


def _objectives(owner):
    return list(
        Objective.objects.for_owner(owner)
        .exclude(goal__plan__status=Plan.Status.ARCHIVED)
        .filter(goal__is_archived=False)
        .select_related("goal__plan")
        .with_standing()
        .with_key_result()
        .with_github_links()
        .order_by("goal__plan__status", "goal__plan__due_on", "goal__order", "order", "pk")
    )


@login_required
def my_objectives(request, failed=None, failed_link=None):
    owner = _owner_for(request)
    if owner is None and edits_everything(request.user):
        # A founder may have no owner entry of their own: they pick whose page to open.
        owners = Owner.objects.annotate(objective_count=Count("objectives")).order_by("name")
        return render(request, "workspace/choose_owner.html", {"owners": owners})
    if owner is None:
        return render(request, "workspace/no_owner.html", status=403)
    objectives = _objectives(owner)
    # A message about one objective is shown in its card: the redirect lands there (#objective-N),
    # below the top of the page, where a page-wide message would be out of sight.
    cards = {_card(objective) for objective in objectives}
    page_messages, card_messages = [], {}
    for message in messages.get_messages(request):
        if message.extra_tags in cards:
            card_messages.setdefault(message.extra_tags, []).append(message)
        else:
            page_messages.append(message)
    rows = [
        (
            objective,
            card_messages.get(_card(objective), []),
            failed
            if failed is not None and failed.objective.pk == objective.pk
            else OwnerCheckInForm(objective=objective),
            failed_link
            if failed_link is not None and failed_link.instance.objective.pk == objective.pk
            else GitHubLinkForm(objective=objective),
        )
        for objective in objectives
    ]
    context = {
        "owner": owner,
        "rows": rows,
        "page_messages": page_messages,
        "is_someone_else": owner.user_id != request.user.pk,
        "owners": Owner.objects.order_by("name") if edits_everything(request.user) else None,
    }
    bad = failed is not None or failed_link is not None
    return render(request, "workspace/my_objectives.html", context, status=400 if bad else 200)


@login_required
@require_POST
def check_in(request, pk):
    objective = get_object_or_404(Objective.objects.select_related("goal__plan", "key_result"), pk=pk)
    if not request.user.has_perm("goals.update_objective", objective):
        raise PermissionDenied(_("You can post updates only for objectives you own."))
    form = OwnerCheckInForm(request.POST, request.FILES, objective=objective)
    if form.is_valid() and form.save(request.user):
        messages.success(
            request,
            _("Update recorded for “%(objective)s”.") % {"objective": objective.statement},
            extra_tags=_card(objective),
        )
        return _back_to(request, objective)
    return my_objectives(request, failed=form)


def _back_to(request, objective):
    owner = request.POST.get("owner")
    url = reverse("workspace:mine") + (f"?owner={owner}" if owner else "")
    return redirect(f"{url}#{_card(objective)}")


@login_required
@require_POST
def add_github_link(request, pk):
    """Link one of the user's objectives to a GitHub item; `manage.py sync_github` reads it later."""
    objective = get_object_or_404(Objective, pk=pk)
    if not request.user.has_perm("goals.update_objective", objective):
        raise PermissionDenied(_("You can link only objectives you own."))
    form = GitHubLinkForm(request.POST, objective=objective, user=request.user)
    if not form.is_valid():
        return my_objectives(request, failed_link=form)
    try:
        with transaction.atomic():
            form.save()
    except IntegrityError:  # the same URL saved by another request since the form checked
        form.add_error("url", _("This objective is already linked to that URL."))
        return my_objectives(request, failed_link=form)
    messages.success(
        request,
        _("Linked to %(url)s: it is read from GitHub at the next sync.") % {"url": form.instance.url},
        extra_tags=_card(objective),
    )
    return _back_to(request, objective)


@login_required
@require_POST
def remove_github_link(request, pk):
    link = get_object_or_404(GitHubLink.objects.select_related("objective"), pk=pk)
    if not request.user.has_perm("goals.update_objective", link.objective):
        raise PermissionDenied(_("You can unlink only objectives you own."))
    link.delete()
    messages.success(
        request, _("The link to %(url)s was removed.") % {"url": link.url}, extra_tags=_card(link.objective)
    )
    return _back_to(request, link.objective)
