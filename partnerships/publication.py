"""Publishing records, and telling an editor what changed under their feet."""

import datetime

from django.core.exceptions import ValidationError

from partnerships.models import PublicationStatus, Publishable


def publish(record: Publishable) -> None:
    """Publish a stored record, refusing when it cites nothing (or, for an
    agreement, states a term no report supports)."""
    reasons = record.unpublishable_because()
    if reasons:
        raise ValidationError({"publication_status": reasons})
    if not record.is_published:
        record.publication_status = PublicationStatus.PUBLISHED
        record._change_reason = "published"
        record.save()


def changes_since(record: Publishable, loaded_at: str) -> str:
    """Describe, field by field, what others saved since the version `loaded_at`.

    `loaded_at` is the `updated_at` of the version the editor opened; the history
    row holding that same `updated_at` is the version they started from.
    """
    try:
        loaded = datetime.datetime.fromisoformat(loaded_at)
    except ValueError:
        return "unknown (the form did not say which version it was opened at)"
    history = record.history.order_by("-history_date")
    opened = history.filter(updated_at=loaded).first()
    latest = history.first()
    if opened is None or latest is None:
        return "unknown (no history of the version you opened)"
    return _described(history, opened, latest, loaded)


def version_opened(record: Publishable, loaded_at: str) -> Publishable | None:
    """The record as it was at `loaded_at` (its history's copy), or None when the
    form did not say, or the history does not hold that version."""
    try:
        loaded = datetime.datetime.fromisoformat(loaded_at)
    except ValueError:
        return None
    opened = record.history.filter(updated_at=loaded).first()
    return opened.instance if opened is not None else None


def _described(history, opened, latest, loaded) -> str:
    delta = latest.diff_against(opened)
    editors = sorted(
        {
            str(row.history_user)
            for row in history.filter(updated_at__gt=loaded)
            if row.history_user
        }
    )
    fields = [
        f"{change.field}: {change.old!r} → {change.new!r}" for change in delta.changes
    ]
    by = f" (by {', '.join(editors)})" if editors else ""
    return ("; ".join(fields) or "no field values, only the save time") + by
