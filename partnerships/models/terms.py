"""The terms of an agreement a source can report, and the reports of them:
what each source says of a term, who asserts it and how firmly
(`partnerships.certainty`)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from partnerships.certainty import (
    Basis,
    Certainty,
    Modality,
)
from partnerships.certainty import display as certainty_display
from partnerships.certainty import hedge as certainty_hedge
from partnerships.models.base import (
    AuditedQuerySet,
)


class Term(models.TextChoices):
    """The terms of an agreement a source can report, each with its certainty."""

    VALUE = "value", "Value"
    EXCLUSIVITY = "exclusivity", "Exclusivity"
    RIGHT_OF_FIRST_REFUSAL = "right_of_first_refusal", "Right of first refusal"
    STATUS = "status", "Status"
    ANNOUNCED = "announced", "Announced"
    EFFECTIVE = "effective", "In effect from"
    EXPIRES = "expires", "Runs through"
    ENDED = "ended", "Ended"
    COMMITMENT = "commitment", "Commitment"


@dataclass
class TermRow:
    """One reported term as a reader sees it: the editors' current reading, how
    sure it is, and every report of it the reader may see, oldest first."""

    term: str
    label: str
    phrase: str
    certainty: Certainty | None
    reports: list
    commitment: "models.Model | None" = None  # a Commitment
    # The number of the footnote citing the current report's excerpt, when the
    # page lists that citation (`partnerships.key_facts.number_footnotes`).
    note: int | None = None

    @property
    def current(self) -> "TermReport | None":
        """The report the editors' current reading follows, if the reader sees it."""
        return next((report for report in self.reports if report.is_current), None)

    @property
    def shown(self) -> str:
        return certainty_display(self.phrase, self.certainty)

    @property
    def hedged(self) -> str:
        return certainty_hedge(self.phrase, self.certainty)

    @property
    def disagreeing(self) -> bool:
        """Reports that do not say the same thing, side by side on the page."""
        return len({(r.says, r.basis, r.modality) for r in self.reports}) > 1


# An agreement's reports among themselves (see PARTY_ORDER): "agreement" alone
# orders by the agreement's title.
REPORT_ORDER = (
    "term",
    "commitment",
    models.F("citation__source__published_on").asc(nulls_last=True),
    "pk",
)


class TermReportManager(models.Manager.from_queryset(AuditedQuerySet)):
    def get_by_natural_key(
        self,
        record_slug: str,
        source_slug: str,
        locator: str,
        term: str,
        commitment_kind: str,
        commitment_resource: str,
    ):
        return self.get(
            citation__record__slug=record_slug,
            citation__source__slug=source_slug,
            citation__locator=locator,
            term=term,
            commitment__kind=commitment_kind or None,
            commitment__resource=commitment_resource or None,
        )


class TermReport(models.Model):
    """What one source says of one term of an agreement, and how sure it is.

    The evidence is one of the agreement's citations (its source, excerpt and
    date are not copied). A term may have several reports over time or at odds
    with each other; the editors mark the one their current reading follows, and
    say why when reports disagree. Reports are ordered by their source's date.
    """

    agreement = models.ForeignKey(
        "Agreement", on_delete=models.CASCADE, related_name="term_reports"
    )
    term = models.CharField(max_length=30, choices=Term)
    commitment = models.ForeignKey(
        "Commitment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
        help_text="The commitment reported, when the term is a commitment.",
    )
    citation = models.ForeignKey(
        "AgreementCitation",
        on_delete=models.CASCADE,
        related_name="term_reports",
        help_text="The source and excerpt that report the term.",
    )
    says = models.CharField(
        max_length=300,
        help_text="What this report gives for the term, in its words: "
        "“可能超過1000億美元”, “through 2030”.",
    )
    says_en = models.CharField(
        "says, in English",
        max_length=300,
        blank=True,
        help_text="The editors' translation of what the report says, hedges "
        "kept; leave blank when it says it in English.",
    )
    basis = models.CharField(
        max_length=20, choices=Basis, help_text="Who asserts it, per the source."
    )
    modality = models.CharField(
        max_length=10, choices=Modality, help_text="How firmly, per the source."
    )
    is_current = models.BooleanField(
        "current reading",
        default=True,
        help_text="The report the term as shown follows (one per term).",
    )
    reading_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why the editors follow this report, shown to readers beside "
        "reports that disagree.",
    )

    objects = TermReportManager()
    history = HistoricalRecords()

    # The fields a natural key names, for load_article (it is longer than them).
    NATURAL_KEY_FIELDS = ["citation", "term", "commitment"]

    class Meta:
        ordering = ["agreement", *REPORT_ORDER]
        constraints = [
            models.CheckConstraint(
                condition=Q(term__in=Term.values), name="term_report_term_valid"
            ),
            models.CheckConstraint(
                condition=Q(basis__in=Basis.values), name="term_report_basis_valid"
            ),
            models.CheckConstraint(
                condition=Q(modality__in=Modality.values),
                name="term_report_modality_valid",
            ),
            models.CheckConstraint(
                condition=Q(term=Term.COMMITMENT, commitment__isnull=False)
                | (~Q(term=Term.COMMITMENT) & Q(commitment__isnull=True)),
                name="term_report_commitment_only_for_commitments",
            ),
            models.CheckConstraint(
                condition=~Q(says=""), name="term_report_says_not_empty"
            ),
            # One current reading per term; a commitment is a term of its own.
            models.UniqueConstraint(
                fields=["agreement", "term"],
                condition=Q(is_current=True, commitment__isnull=True),
                name="term_report_one_current_reading",
            ),
            models.UniqueConstraint(
                fields=["commitment"],
                condition=Q(is_current=True, commitment__isnull=False),
                name="term_report_one_current_reading_per_commitment",
            ),
        ]

    def __str__(self) -> str:
        subject = self.commitment if self.commitment_id else self.get_term_display()
        return f"{subject}: {self.says}"

    def natural_key(self) -> tuple:
        commitment = self.commitment
        return (
            *self.citation.natural_key(),
            self.term,
            commitment.kind if commitment else "",
            commitment.resource if commitment else "",
        )

    natural_key.dependencies = [
        "partnerships.agreementcitation",
        "partnerships.commitment",
    ]

    @property
    def certainty(self) -> Certainty:
        return Certainty(self.basis, self.modality)

    @property
    def source(self):
        return self.citation.source

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.term == Term.COMMITMENT and not self.commitment_id:
            errors["commitment"] = "Name the commitment this report is about."
        if self.term != Term.COMMITMENT and self.commitment_id:
            errors["commitment"] = "Only a commitment term names a commitment."
        if self.agreement_id:
            if self.citation_id and self.citation.record_id != self.agreement_id:
                errors["citation"] = "Choose one of this agreement's own citations."
            if self.commitment_id and self.commitment.agreement_id != (
                self.agreement_id
            ):
                errors["commitment"] = "Choose one of this agreement's commitments."
        if errors:
            raise ValidationError(errors)
