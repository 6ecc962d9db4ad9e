"""Edits dated in the past, for tests of the change history (what changed since, charts)."""


def save_at(instance, when):
    """Save with the change history dated `when`, as if the edit had been made then."""
    instance._history_date = when
    instance.save()
    return instance


def delete_at(instance, when):
    instance._history_date = when
    instance.delete()
