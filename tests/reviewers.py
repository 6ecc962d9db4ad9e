"""People for the review tests: who may review (board, founders) and who may not."""

from django.contrib.auth.models import Group

from tests.factories import OwnerFactory, UserFactory


def make_user(role, username=None):
    """A user for one of: anonymous-less roles "board", "founder", "superuser", "staff", "owner"."""
    username = username or role
    if role == "superuser":
        return UserFactory(username=username, is_staff=True, is_superuser=True)
    if role == "owner":
        user = UserFactory(username=username, is_staff=True)
        user.groups.add(Group.objects.get_or_create(name="Owners")[0])
        OwnerFactory(user=user)
        return user
    if role == "staff":
        return UserFactory(username=username, is_staff=True)
    if role == "board_not_staff":
        user = UserFactory(username=username, is_staff=False)
        user.groups.add(Group.objects.get_or_create(name="Board")[0])
        return user
    group = {"board": "Board", "founder": "Founders"}[role]
    user = UserFactory(username=username, is_staff=True, first_name=role.title(), last_name="Member")
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def save_at(instance, when):
    """Save with the change history dated `when`, as if the edit had been made then."""
    instance._history_date = when
    instance.save()
    return instance


def delete_at(instance, when):
    instance._history_date = when
    instance.delete()
