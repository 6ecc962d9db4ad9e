"""Signed one-click unsubscribe tokens: who (a user id) and what (one kind of e-mail).

Signed with SECRET_KEY and a salt per kind, so a token for one kind never unsubscribes from another,
and nobody can make one for another user without the key. They do not expire: an old e-mail's link
must keep working.
"""

from django.core import signing

from goals.models import NotificationPreference

SALT = "goals.notifications.unsubscribe.{kind}"
Kind = NotificationPreference.Kind


def make_token(user, kind):
    return signing.dumps(user.pk, salt=SALT.format(kind=Kind(kind).value))


def read_token(token, kind):
    """The user id the token was made for; signing.BadSignature when it was not made by us for `kind`."""
    user_id = signing.loads(token, salt=SALT.format(kind=Kind(kind).value))
    if not isinstance(user_id, int):
        raise signing.BadSignature("Not an unsubscribe token.")
    return user_id
