"""What an agreement commits: “hundreds of thousands of NVIDIA GPUs”, “up to
10 GW”, with a milestone's date at its precision."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from partnerships.models.agreements import Agreement
from partnerships.models.base import (
    AuditedQuerySet,
    clean_precise_date,
    precise_date,
    precise_date_constraints,
    precision_field,
)
from partnerships.qualified import (
    PreciseDate,
    Qualifier,
    format_amount,
)


class CommitmentKind(models.TextChoices):
    GPU = "gpu", "GPUs"
    CPU = "cpu", "CPUs"
    CHIP = "chip", "Chips"
    POWER_CAPACITY = "power_capacity", "Power capacity"
    OTHER = "other", "Other"


class CommitmentManager(models.Manager.from_queryset(AuditedQuerySet)):
    def get_by_natural_key(self, agreement_slug: str, kind: str, resource: str):
        return self.get(agreement__slug=agreement_slug, kind=kind, resource=resource)


class Commitment(models.Model):
    """What an agreement commits: “hundreds of thousands of NVIDIA GPUs”, “up to 10 GW”."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="commitments"
    )
    kind = models.CharField(max_length=20, choices=CommitmentKind)
    resource = models.CharField(
        max_length=200,
        help_text="What is committed, e.g. “NVIDIA GPUs”, “Trainium chips”.",
    )
    quantity = models.DecimalField(
        max_digits=20, decimal_places=2, null=True, blank=True
    )
    quantity_qualifier = models.CharField(max_length=10, choices=Qualifier, blank=True)
    unit = models.CharField(max_length=40, blank=True, help_text="e.g. GPUs, GW")
    as_reported = models.CharField(
        max_length=200, blank=True, help_text="The phrase as the source gives it."
    )
    as_reported_en = models.CharField(
        "as reported, in English",
        max_length=200,
        blank=True,
        help_text="The editors' translation of the phrase, hedges kept.",
    )
    note = models.CharField(max_length=300, blank=True)
    # A dated step of the commitment, as reported: "first systems online", 2026.
    milestone = models.CharField(
        max_length=200,
        blank=True,
        help_text="A dated step, e.g. “first systems online”; with its date.",
    )
    milestone_on = models.DateField(null=True, blank=True)
    milestone_precision = precision_field("Milestone date")

    objects = CommitmentManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement__title", "kind", "resource"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "resource"], name="commitment_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CommitmentKind.values),
                name="commitment_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(resource=""), name="commitment_resource_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gte=0),
                name="commitment_quantity_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True, quantity_qualifier="")
                | Q(quantity__isnull=False, quantity_qualifier__in=Qualifier.values),
                name="commitment_qualifier_only_with_quantity",
            ),
            *precise_date_constraints("milestone", "commitment"),
            models.CheckConstraint(
                condition=Q(milestone="", milestone_on__isnull=True)
                | (~Q(milestone="") & Q(milestone_on__isnull=False)),
                name="commitment_milestone_named_with_date",
            ),
        ]

    def __str__(self) -> str:
        return self.display or self.resource

    def natural_key(self) -> tuple[str, str, str]:
        return (self.agreement.slug, self.kind, self.resource)

    natural_key.dependencies = ["partnerships.agreement"]

    @property
    def milestone_date(self) -> PreciseDate | None:
        return precise_date(self.milestone_on, self.milestone_precision)

    @property
    def quantity_display(self) -> str:
        return format_amount(self.quantity, self.quantity_qualifier, self.unit)

    @property
    def display(self) -> str:
        """“hundreds of thousands of NVIDIA GPUs”, “up to 10 GW”, “Trainium chips”."""
        if self.quantity is None:
            return self.resource
        return format_amount(
            self.quantity, self.quantity_qualifier, self.unit or self.resource
        )

    @property
    def described(self) -> str:
        """The commitment with its resource named when the figure does not say it:
        “hundreds of thousands of GPUs (NVIDIA GPUs)”."""
        shown = self.display
        if self.quantity is not None and self.unit and self.resource not in shown:
            return f"{shown} ({self.resource})"
        return shown

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.quantity is None and self.quantity_qualifier:
            errors["quantity_qualifier"] = "A qualifier needs a quantity."
        if self.quantity is not None:
            if self.quantity < 0:
                errors["quantity"] = "The quantity cannot be negative."
            if not self.quantity_qualifier:
                errors["quantity_qualifier"] = (
                    "Say whether the quantity is exact, approximate or a bound."
                )
        if self.milestone and self.milestone_on is None:
            errors["milestone_on"] = "A milestone needs its date."
        if self.milestone_on is not None and not self.milestone:
            errors["milestone"] = "Say what is due on this date."
        dated: dict[str, list[str]] = {}
        clean_precise_date(
            dated, "milestone", self.milestone_on, self.milestone_precision
        )
        errors.update({field: problems[0] for field, problems in dated.items()})
        if errors:
            raise ValidationError(errors)
