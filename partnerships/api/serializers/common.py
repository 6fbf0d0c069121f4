"""What every serializer shares: URLs, slugs, dates at their precision, certainty, values, parts of records."""

import re

from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnerships import site_address
from partnerships.api.fields import StrictCharField, StrictSlugField, StrictURLField
from partnerships.api.serializers.planned import (
    PlannedModelSerializer,
    PlannedSerializer,
)
from partnerships.certainty import Basis, Modality
from partnerships.certainty import display as certainty_display
from partnerships.models import (
    AgreementParty,
    Commitment,
    CompanyAlias,
    CompanyKind,
    DatePrecision,
    Term,
    Topic,
)
from partnerships.slug_paths import slug_path
from partnerships.visibility import Reader

SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# The length django-simple-history stores for a change reason.
MAX_CHANGE_REASON = 100


def canonical(path: str, context: dict) -> str:
    """An absolute URL on SITE_URL, else on the host the API was asked on
    (`partnerships.site_address`)."""
    return site_address.absolute(path, context.get("request"))


def reader_of(context: dict) -> Reader:
    """Who is reading: the request's user, as the public boundary sees them."""
    request = context.get("request")
    return Reader.of(getattr(request, "user", None))


# -- small building blocks --------------------------------------------------------


@extend_schema_field(OpenApiTypes.URI)
class SiteURLField(serializers.Field):
    """The record's canonical page on the public site."""

    def __init__(self, **kwargs) -> None:
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, record) -> str:
        return canonical(record.get_absolute_url(), self.context)


@extend_schema_field(OpenApiTypes.URI)
class APIURLField(serializers.Field):
    """The record's canonical address in the API (no query string carried over)."""

    def __init__(self, view_name: str, **kwargs) -> None:
        self.view_name = view_name
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, record) -> str:
        path = slug_path(f"api:{self.view_name}", record.slug)
        return canonical(path, self.context)


@extend_schema_field(
    {"type": "string", "format": "uri", "nullable": True, "readOnly": True}
)
class OptionalURLField(serializers.URLField):
    """A URL the record may not have: null rather than an empty string."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> str | None:
        return value or None


def api_url(view_name: str) -> APIURLField:
    return APIURLField(view_name)


class StrictModelSerializer(PlannedModelSerializer):
    """A write serializer whose text fields take text only."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.URLField: StrictURLField,
        models.SlugField: StrictSlugField,
    }


class VisibleSummary(PlannedSerializer):
    """A related record in brief, or null when the reader may not see it."""

    def to_representation(self, instance):
        if not reader_of(self.context).sees(instance):
            return None
        return super().to_representation(instance)


class CompanySummarySerializer(VisibleSummary):
    name = serializers.CharField()
    slug = serializers.SlugField()
    url = api_url("company-detail")
    site_url = SiteURLField()


class PersonSummarySerializer(VisibleSummary):
    name = serializers.CharField()
    slug = serializers.SlugField()
    role = serializers.CharField()
    affiliation = CompanySummarySerializer(allow_null=True)
    url = api_url("person-detail")
    site_url = SiteURLField()


class SourceSummarySerializer(VisibleSummary):
    title = serializers.CharField()
    slug = serializers.SlugField()
    publisher = serializers.CharField()
    original_url = OptionalURLField(source="url", help_text="The source itself.")
    url = api_url("source-detail")
    site_url = SiteURLField()


class AgreementSummarySerializer(VisibleSummary):
    title = serializers.CharField()
    slug = serializers.SlugField()
    url = api_url("agreement-detail")
    site_url = SiteURLField()


class StatementSummarySerializer(VisibleSummary):
    slug = serializers.SlugField()
    text = serializers.CharField()
    text_en = serializers.CharField()
    url = api_url("statement-detail")
    site_url = SiteURLField()


class TopicSerializer(PlannedModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name"]


class CompanyKindSerializer(PlannedModelSerializer):
    class Meta:
        model = CompanyKind
        fields = ["slug", "name"]


class PreciseDateSerializer(PlannedSerializer):
    """A date as precise as it was reported: {"value": "2030", "precision": "year"}."""

    value = serializers.CharField(
        source="iso", help_text="ISO 8601 at the precision: 2030, 2030-05, 2030-05-17."
    )
    precision = serializers.ChoiceField(choices=DatePrecision.choices)
    display = serializers.CharField(help_text="As people write it: “May 2030”.")
    first_day = serializers.DateField()
    last_day = serializers.DateField()


def precise_date() -> PreciseDateSerializer:
    return PreciseDateSerializer(read_only=True, allow_null=True)


class CertaintySerializer(PlannedSerializer):
    """How sure a term is, as its current report gives it (null: not recorded)."""

    basis = serializers.ChoiceField(
        choices=Basis.choices, help_text="Who asserts the term."
    )
    modality = serializers.ChoiceField(
        choices=Modality.choices, help_text="How firmly it is asserted."
    )
    label = serializers.CharField(
        help_text="In words: “possible; reported, unnamed sources”."
    )


# One serializer for every certainty a method field shows: a new one per value
# copied its fields each time (a fifth of a CSV download's time).
CERTAINTY = CertaintySerializer()


def certainty_field(**kwargs) -> CertaintySerializer:
    return CertaintySerializer(read_only=True, allow_null=True, **kwargs)


class TermCertaintiesSerializer(PlannedSerializer):
    """Each of the agreement's own terms' certainty; null where the term is not
    reported or its certainty not recorded."""

    def to_representation(self, agreement) -> dict:
        return {
            term: (
                self.fields[term].to_representation(certainty)
                if (certainty := agreement.certainty(term))
                and agreement.term_phrase(term)
                else None
            )
            for term in self.fields
        }

    def get_fields(self) -> dict:
        return {
            term: certainty_field(help_text=f"{label}.")
            for term, label in Term.choices
            if term != Term.COMMITMENT
        }


class ValueSerializer(PlannedSerializer):
    """A qualified amount as reported: “may exceed USD 100 billion”."""

    amount = serializers.DecimalField(
        source="value_amount", max_digits=20, decimal_places=2, allow_null=True
    )
    currency = serializers.CharField(source="value_currency")
    qualifier = serializers.CharField(source="value_qualifier")
    display = serializers.CharField(
        source="value_shown",
        help_text="As readers see it, never surer than its source: “may exceed "
        "USD 100 billion (reported, unnamed sources)”.",
    )
    short = serializers.CharField(
        source="value_hedged_short", help_text="For tables: “may exceed USD 100 bn”."
    )
    as_reported = serializers.CharField(source="value_as_reported")
    as_reported_en = serializers.CharField(
        source="value_as_reported_en", help_text="The editors' translation."
    )
    certainty = certainty_field(source="value_certainty")

    def to_representation(self, agreement):
        if agreement.value_amount is None and not agreement.value_as_reported:
            return None
        return super().to_representation(agreement)


class TermReportSerializer(PlannedSerializer):
    """One report of one term: what a source says of it, and how sure."""

    term = serializers.ChoiceField(choices=Term.choices)
    commitment = serializers.CharField(
        source="commitment.resource",
        allow_null=True,
        default=None,
        help_text="The commitment's resource, when the term is a commitment.",
    )
    source = SourceSummarySerializer(source="citation.source")
    locator = serializers.CharField(source="citation.locator")
    reported = PreciseDateSerializer(
        source="citation.source.published",
        allow_null=True,
        help_text="When the source reported it (its publication date).",
    )
    says = serializers.CharField(help_text="What the report gives, in its words.")
    says_en = serializers.CharField(help_text="The editors' translation of `says`.")
    basis = serializers.ChoiceField(choices=Basis.choices)
    modality = serializers.ChoiceField(choices=Modality.choices)
    label = serializers.CharField(source="certainty.label")
    is_current = serializers.BooleanField(
        help_text="The report the editors' current reading follows."
    )
    reading_note = serializers.CharField(
        help_text="Why the editors follow it, where reports disagree."
    )


class CitationSerializer(PlannedSerializer):
    source = SourceSummarySerializer()
    locator = serializers.CharField()
    excerpt = serializers.CharField()
    excerpt_en = serializers.CharField(help_text="The editors' translation.")
    note = serializers.CharField()


class PartySerializer(PlannedModelSerializer):
    company = CompanySummarySerializer()

    class Meta:
        model = AgreementParty
        fields = ["company", "role", "note"]


COMMITMENT_FIELDS = [
    "kind",
    "resource",
    "quantity",
    "quantity_qualifier",
    "unit",
    "as_reported",
    "as_reported_en",
    "note",
    "milestone",
    "milestone_on",
    "milestone_precision",
]


class CommitmentSerializer(PlannedModelSerializer):
    shown = serializers.SerializerMethodField(
        help_text="As readers see it: “planned: up to 10 GW (reported, unnamed "
        "sources)”."
    )
    certainty = serializers.SerializerMethodField()
    milestone_date = PreciseDateSerializer(
        read_only=True,
        allow_null=True,
        help_text="The milestone's date as precise as reported: 2026 is a year.",
    )

    class Meta:
        model = Commitment
        fields = [
            *COMMITMENT_FIELDS,
            "milestone_date",
            "display",
            "quantity_display",
            "shown",
            "certainty",
        ]

    def _certainty(self, commitment):
        return commitment.agreement.certainty(Term.COMMITMENT, commitment.pk)

    def get_shown(self, commitment) -> str:
        return certainty_display(commitment.described, self._certainty(commitment))

    @extend_schema_field(CertaintySerializer(allow_null=True))
    def get_certainty(self, commitment) -> dict | None:
        certainty = self._certainty(commitment)
        return CERTAINTY.to_representation(certainty) if certainty else None


class CompanyAliasSerializer(StrictModelSerializer):
    class Meta:
        model = CompanyAlias
        fields = ["name", "language"]
