"""Review before publishing: the one rule, for every door that can publish.

An editor marks a draft ready for review; another editor publishes it, and the
publication records who reviewed it. The editor who marked the draft ready, and
the editor who last changed its content, cannot be its reviewer: a record
reaches readers only after a second pair of eyes. The admin's publish action,
the API's write path and anything else that publishes on an editor's behalf ask
`review_refusal` (or call `record_publish`); nothing else decides.

Superusers follow the same rule: the point is that no one account publishes
alone. The fixtures loader and the CSV importer are not an editor publishing a
draft: they load records as their files state them (README, "Review before
publishing").
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from editorial.models import Review
from partnerships.models import PublicationStatus, Publishable
from partnerships.publication import publish

# History rows that change only the record's publication, not its content.
PUBLICATION_REASONS = ("published", "returned to draft")


def open_review(record: Publishable) -> Review | None:
    return (
        Review.objects.filter(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            reviewed_at__isnull=True,
        )
        .select_related("ready_by")
        .first()
    )


def last_editor_id(record: Publishable) -> int | None:
    """Who last changed the record's content: the author of its latest version
    saved by someone, publishing and returning to draft aside."""
    return (
        record.history.exclude(history_change_reason__in=PUBLICATION_REASONS)
        .filter(history_user__isnull=False)
        .order_by("-history_date", "-history_id")
        .values_list("history_user_id", flat=True)
        .first()
    )


def publishes(record: Publishable, status: str) -> bool:
    """Whether setting `status` on `record` (new, or as stored) publishes it."""
    return status == PublicationStatus.PUBLISHED and not record.is_published


def review_refusal(record: Publishable, reviewer) -> str | None:
    """Why `reviewer` may not publish `record` now, or None if they may."""
    if record.pk is None:
        return (
            "A new record is saved as a draft first: mark it ready for review, and "
            "another editor publishes it."
        )
    if record.is_published:
        return None
    review = open_review(record)
    if review is None:
        return (
            "This draft is not ready for review: mark it ready for review, and "
            "another editor publishes it."
        )
    if review.ready_by_id == reviewer.pk:
        return (
            "You marked this draft ready for review: another editor reviews and "
            "publishes it."
        )
    if last_editor_id(record) == reviewer.pk:
        return (
            "You made the last change to this draft: another editor reviews and "
            "publishes it."
        )
    return None


@transaction.atomic
def review_request(*, record: Publishable, editor) -> Review:
    """Mark a draft ready for review by another editor."""
    if record.is_published:
        raise ValidationError(
            {"publication_status": "Only a draft can be marked ready for review."}
        )
    if open_review(record) is not None:
        raise ValidationError(
            {"publication_status": "This draft is already marked ready for review."}
        )
    return Review.objects.create(record=record, ready_by=editor)


@transaction.atomic
def review_close(*, record: Publishable, reviewer) -> Review | None:
    """Record `reviewer` on the open review of a record just published."""
    review = open_review(record)
    if review is not None:
        review.reviewed_by = reviewer
        review.reviewed_at = timezone.now()
        review.save(update_fields=["reviewed_by", "reviewed_at"])
    return review


@transaction.atomic
def record_publish(*, record: Publishable, reviewer) -> Review | None:
    """Publish a draft after review, recording its reviewer; refuses with every
    reason (the review rule, a missing citation, an unsupported term)."""
    if record.is_published:
        return None
    # What the record lacks first: it needs fixing whoever reviews it.
    reasons = [*record.unpublishable_because()]
    refusal = review_refusal(record, reviewer)
    if refusal:
        reasons.append(refusal)
    if reasons:
        raise ValidationError({"publication_status": reasons})
    record._history_user = reviewer  # the publishing version is the reviewer's
    publish(record)
    return review_close(record=record, reviewer=reviewer)
