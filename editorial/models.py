"""A draft's review: who asked for it, and who published the record after it.

Review lives beside the records, not in them: it is the editors' workflow, not
something a record states, so marking a draft ready writes no version of the
record (its history, the API and backups are unchanged) and a reviewer's name
can never reach a reader through a record's fields or history.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q


class Review(models.Model):
    """One request for review of a draft: open until another editor publishes it."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    ready_at = models.DateTimeField(auto_now_add=True)
    ready_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviews_asked",
        help_text="The editor who marked the draft ready for review.",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews_done",
        help_text="The editor who reviewed the draft and published it.",
    )

    class Meta:
        ordering = ["ready_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(reviewed_at__isnull=True),
                name="review_one_open_per_record",
            ),
            models.CheckConstraint(
                condition=Q(reviewed_at__isnull=True, reviewed_by__isnull=True)
                | Q(reviewed_at__isnull=False, reviewed_by__isnull=False),
                name="review_reviewer_given_with_time",
            ),
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True) | ~Q(reviewed_by=F("ready_by")),
                name="review_reviewer_is_not_who_asked",
            ),
        ]
        indexes = [
            # The desk: open reviews, oldest first, per record type.
            models.Index(
                fields=["content_type", "ready_at"],
                condition=Q(reviewed_at__isnull=True),
                name="review_open_by_type",
            ),
        ]

    def __str__(self) -> str:
        state = f"published by {self.reviewed_by}" if self.reviewed_by_id else "open"
        return f"Review of {self.content_type.model} {self.object_id} ({state})"

    @property
    def is_open(self) -> bool:
        return self.reviewed_at is None

    def clean(self) -> None:
        super().clean()
        if self.reviewed_by_id and self.reviewed_by_id == self.ready_by_id:
            raise ValidationError(
                {
                    "reviewed_by": "The editor who marked a draft ready cannot be "
                    "its reviewer: another editor publishes it."
                }
            )
