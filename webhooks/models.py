"""The change log readers follow (`/api/v1/changes/`) and the webhooks that
deliver it.

`PendingChange` is a note written in the same transaction as a record's saved
version: "this record changed". `Change` is the log itself: what readers saw
change, appended only by `following.changefeed.changes_record`, one writer at a
time (`ChangeLogLock`), so that a change's number (its cursor) follows the
order in which the log's own transactions commit. See `following.changefeed`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from partnerships.models import Company


class RecordType(models.TextChoices):
    COMPANY = "company", "Company"
    PERSON = "person", "Person"
    SOURCE = "source", "Source"
    AGREEMENT = "agreement", "Agreement"
    STATEMENT = "statement", "Statement"


class ChangeType(models.TextChoices):
    CREATED = "created", "Created"
    CHANGED = "changed", "Changed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    MERGED = "merged", "Merged"


class PendingChange(models.Model):
    """A record that changed and whose public changes are not logged yet."""

    record_type = models.CharField(max_length=16, choices=RecordType)
    record_id = models.BigIntegerField()
    noted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(record_type__in=RecordType.values),
                name="pendingchange_record_type_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_type} #{self.record_id}"


class ChangeLogLock(models.Model):
    """One row, locked by whoever appends to the change log (see the module)."""

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return "change log lock"


class Change(models.Model):
    """Something readers saw change on a record: its primary key is the cursor."""

    record_type = models.CharField(max_length=16, choices=RecordType)
    record_id = models.BigIntegerField()
    # The slug readers last saw it under: a withdrawn record's is its last
    # public one, never the one it has since been given as a draft.
    slug = models.CharField(max_length=255)
    type = models.CharField(max_length=16, choices=ChangeType)
    at = models.DateTimeField(help_text="When the change was made.")
    changed_fields = models.JSONField(default=list, blank=True)
    merged_into_type = models.CharField(max_length=16, choices=RecordType, blank=True)
    merged_into_slug = models.CharField(max_length=255, blank=True)
    # The companies the record involves as readers see it, for webhook filters.
    companies = models.JSONField(default=list, blank=True)
    # The version (history row) of the record or part that made the change:
    # with the record and type, what makes appending a change idempotent.
    version = models.BigIntegerField()
    logged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id", "version", "type"],
                name="change_once_per_version",
            ),
            models.CheckConstraint(
                condition=Q(type__in=ChangeType.values), name="change_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(record_type__in=RecordType.values),
                name="change_record_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(type="merged", merged_into_slug__gt="")
                | (~Q(type="merged") & Q(merged_into_slug="")),
                name="change_merged_names_its_target",
            ),
        ]
        indexes = [
            # The changes already logged for a record (changes_record).
            models.Index(fields=["record_type", "record_id"], name="change_record"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.record_type} {self.slug} {self.type}"


class Endpoint(models.Model):
    """An editor's URL that each change matching its filter is POSTed to."""

    url = models.URLField(
        "URL",
        max_length=500,
        help_text="https://… (http:// is accepted for testing). Private, loopback "
        "and link-local addresses are refused.",
    )
    secret = models.CharField(
        max_length=200,
        help_text="Shared with the receiver, which checks each delivery's "
        "X-Tracker-Signature with it (HMAC-SHA256). At least 16 characters.",
    )
    record_types = models.JSONField(
        default=list,
        blank=True,
        help_text="Deliver changes to these kinds of record only (none: every kind).",
    )
    companies = models.ManyToManyField(
        Company,
        blank=True,
        related_name="+",
        help_text="Deliver only changes to these companies, their agreements, "
        "people and statements (none: every company).",
    )
    is_active = models.BooleanField("active", default=True)
    description = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]
        constraints = [
            models.CheckConstraint(
                condition=Q(secret__length__gte=16), name="endpoint_secret_long_enough"
            )
        ]

    def __str__(self) -> str:
        return self.description or self.url

    def clean(self) -> None:
        if len(self.secret or "") < 16:
            raise ValidationError(
                {"secret": "Give a secret of at least 16 characters."}
            )
        unknown = set(self.record_types or []) - set(RecordType.values)
        if unknown:
            raise ValidationError(
                {"record_types": f"Unknown record types: {', '.join(sorted(unknown))}."}
            )

    @property
    def secret_hint(self) -> str:
        """The secret as the admin shows it: its last four characters only."""
        return f"…{self.secret[-4:]}" if self.secret else ""

    def wants(self, change: Change, company_ids: set[int]) -> bool:
        """Whether `change` passes this endpoint's filter; `company_ids` are the
        companies of the filter (fetched once for many changes)."""
        if self.record_types and change.record_type not in self.record_types:
            return False
        return not company_ids or bool(company_ids & set(change.companies))


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    RETRYING = "retrying", "Retrying"
    FAILED = "failed", "Failed"


class Delivery(models.Model):
    """One change sent to one endpoint, over one or more attempts."""

    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    change = models.ForeignKey(
        Change, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(
        max_length=16, choices=DeliveryStatus, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    # The attempts made before the current round (a re-send starts a new one).
    round_start = models.PositiveIntegerField(default=0)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "change"], name="delivery_once_per_endpoint"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values),
                name="delivery_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"change #{self.change_id} to {self.endpoint}"


class Attempt(models.Model):
    """One POST of a delivery: what came back, or why nothing did."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveIntegerField()
    at = models.DateTimeField(auto_now_add=True)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    # A short excerpt of the response body, never the whole of it.
    response_excerpt = models.CharField(max_length=200, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "number"], name="attempt_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.delivery}"
