"""Citations: a source and the excerpt of it that supports a record."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from partnerships.models.agreements import (
    Agreement,
)
from partnerships.models.base import (
    AuditedQuerySet,
)
from partnerships.models.companies import (
    Company,
)
from partnerships.models.sources import (
    Source,
)
from partnerships.models.statements import (
    Person,
    Statement,
)


class CitationManager(models.Manager.from_queryset(AuditedQuerySet)):
    def get_by_natural_key(self, record_slug: str, source_slug: str, locator: str):
        return self.get(
            record__slug=record_slug, source__slug=source_slug, locator=locator
        )


class Citation(models.Model):
    """A source and the excerpt of it that supports a record."""

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="%(class)ss"
    )
    locator = models.CharField(
        max_length=100,
        blank=True,
        help_text="Where in the source: “paragraph 2”, “00:12:30”.",
    )
    excerpt = models.TextField(
        help_text="The words of the source that support the record."
    )
    excerpt_en = models.TextField(
        "English translation of the excerpt",
        blank=True,
        help_text="The editors' translation of the excerpt into English, shown "
        "labelled as theirs; leave blank when the excerpt is in English. Keep "
        "its hedges: “可能超過” is “may exceed”.",
    )
    note = models.CharField(max_length=300, blank=True)

    objects = CitationManager()

    class Meta:
        abstract = True
        ordering = ["source__title", "locator"]

    def __str__(self) -> str:
        where = f", {self.locator}" if self.locator else ""
        return f"{self.source}{where}"

    def natural_key(self) -> tuple[str, str, str]:
        return (self.record.slug, self.source.slug, self.locator)

    natural_key.dependencies = [
        "partnerships.source",
        "partnerships.company",
        "partnerships.person",
        "partnerships.agreement",
        "partnerships.statement",
    ]


def citation_constraints(model: str) -> list:
    return [
        models.UniqueConstraint(
            fields=["record", "source", "locator"], name=f"{model}_unique_per_place"
        ),
        models.CheckConstraint(
            condition=~Q(excerpt=""), name=f"{model}_excerpt_not_empty"
        ),
    ]


class CompanyCitation(Citation):
    record = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="citations"
    )
    history = HistoricalRecords()

    class Meta(Citation.Meta):
        constraints = citation_constraints("company_citation")


class PersonCitation(Citation):
    record = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="citations"
    )
    history = HistoricalRecords()

    class Meta(Citation.Meta):
        constraints = citation_constraints("person_citation")


class AgreementCitation(Citation):
    record = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="citations"
    )
    history = HistoricalRecords()

    class Meta(Citation.Meta):
        constraints = citation_constraints("agreement_citation")


class StatementCitation(Citation):
    record = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="citations"
    )
    history = HistoricalRecords()

    class Meta(Citation.Meta):
        constraints = citation_constraints("statement_citation")
