"""A reader's suggested correction to a public record, and the editors' answer.

Nothing here is ever shown to readers: not the text, not the address's hash
(kept only to count one client's suggestions), not the editors' reasons.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q

MAX_TEXT = 4000


class Status(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"
    DISMISSED = "dismissed", "Dismissed"


class Correction(models.Model):
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    text = models.TextField(
        max_length=MAX_TEXT, help_text="What the reader says is wrong or missing."
    )
    source_url = models.URLField(
        "source URL",
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Where the reader read it, if they said (http or https).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    client_hash = models.CharField(
        max_length=64,
        editable=False,
        help_text="A keyed hash of the sender's address: never the address.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    reason = models.TextField(
        blank=True, help_text="Why it was resolved or dismissed: what was done."
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections_answered",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="correction_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    status=Status.OPEN,
                    reason="",
                    resolved_by__isnull=True,
                    resolved_at__isnull=True,
                )
                | (
                    ~Q(status=Status.OPEN)
                    & ~Q(reason="")
                    & Q(resolved_by__isnull=False, resolved_at__isnull=False)
                ),
                name="correction_answered_with_reason_by_whom_and_when",
            ),
            models.CheckConstraint(
                condition=Q(source_url="")
                | Q(source_url__startswith="http://")
                | Q(source_url__startswith="https://"),
                name="correction_source_url_http",
            ),
        ]
        indexes = [
            # The queue: open corrections first, newest first, by record type.
            models.Index(
                fields=["status", "content_type", "-created_at"],
                name="correction_queue",
            ),
        ]

    def __str__(self) -> str:
        return f"Correction {self.pk} to {self.content_type.model} {self.object_id}"

    def clean(self) -> None:
        super().clean()
        if self.status != Status.OPEN and not self.reason.strip():
            raise ValidationError(
                {"reason": "Say why: what was corrected, or why it is dismissed."}
            )
