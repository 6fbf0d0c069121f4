"""What the API shows and accepts.

Reading: each resource has one serializer that gives a consumer everything
without a second call (parties, dates with their precision, qualified values,
citations ...). What a reader may see is decided by `partnerships.visibility`:
nested records the reader may not see (a draft company, a draft source) are
left out of lists and shown as null in place, and editor-only fields (the
internal note) are left out for everyone but editors; the querysets in
`views.py` prefetch exactly what these serializers read.

Writing: `*WriteSerializer` classes take flat fields, slugs for related records
and nested lists (parties, commitments, citations, aliases) that replace the
record's current ones. The whole write is one transaction, validated by the
model's own `full_clean()` (its `clean()` and database constraints).
"""

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField

from partnerships import site_address
from partnerships.api.entry_fields import TextEntryWriteMixin
from partnerships.api.fields import StrictCharField, StrictSlugField, StrictURLField
from partnerships.certainty import Basis, Modality
from partnerships.certainty import display as certainty_display
from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementParty,
    Commitment,
    Company,
    CompanyAlias,
    CompanyKind,
    DatePrecision,
    Person,
    Source,
    Statement,
    Term,
    TermReport,
    Topic,
)
from partnerships.uris import validate_uri
from partnerships.visibility import EDITOR_ONLY_FIELDS, Reader

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
        path = reverse(f"api:{self.view_name}", kwargs={"slug": record.slug})
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


class StrictModelSerializer(serializers.ModelSerializer):
    """A write serializer whose text fields take text only."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.URLField: StrictURLField,
        models.SlugField: StrictSlugField,
    }


class VisibleSummary(serializers.Serializer):
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


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name"]


class CompanyKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = CompanyKind
        fields = ["slug", "name"]


class PreciseDateSerializer(serializers.Serializer):
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


class CertaintySerializer(serializers.Serializer):
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


def certainty_field(**kwargs) -> CertaintySerializer:
    return CertaintySerializer(read_only=True, allow_null=True, **kwargs)


class TermCertaintiesSerializer(serializers.Serializer):
    """Each of the agreement's own terms' certainty; null where the term is not
    reported or its certainty not recorded."""

    def to_representation(self, agreement) -> dict:
        return {
            term: (
                CertaintySerializer(certainty).data
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


class ValueSerializer(serializers.Serializer):
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


class TermReportSerializer(serializers.Serializer):
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


class CitationSerializer(serializers.Serializer):
    source = SourceSummarySerializer()
    locator = serializers.CharField()
    excerpt = serializers.CharField()
    excerpt_en = serializers.CharField(help_text="The editors' translation.")
    note = serializers.CharField()


class PartySerializer(serializers.ModelSerializer):
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


class CommitmentSerializer(serializers.ModelSerializer):
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
        return CertaintySerializer(certainty).data if certainty else None


class CompanyAliasSerializer(StrictModelSerializer):
    class Meta:
        model = CompanyAlias
        fields = ["name", "language"]


RECORD_FIELDS = ["publication_status", "internal_note", "created_at", "updated_at"]


# -- read serializers -------------------------------------------------------------


class RecordSerializer(serializers.ModelSerializer):
    """A record as its reader may see it: editor-only fields only for editors.

    The OpenAPI schema describes every field (drf-spectacular's views carry
    `swagger_fake_view`)."""

    def get_fields(self) -> dict:
        fields = super().get_fields()
        if getattr(self.context.get("view"), "swagger_fake_view", False):
            return fields
        reader = reader_of(self.context)
        for name in EDITOR_ONLY_FIELDS:
            if not reader.sees_field(name):
                fields.pop(name, None)
        return fields


class CompanySerializer(RecordSerializer):
    url = api_url("company-detail")
    site_url = SiteURLField()
    kinds = CompanyKindSerializer(many=True, read_only=True)
    parent = CompanySummarySerializer(read_only=True, allow_null=True)
    aliases = CompanyAliasSerializer(many=True, read_only=True)
    website = OptionalURLField()
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Company
        fields = [
            "url",
            "site_url",
            "name",
            "slug",
            "kinds",
            "parent",
            "aliases",
            "website",
            "description",
            "citations",
            *RECORD_FIELDS,
        ]


class PersonSerializer(RecordSerializer):
    url = api_url("person-detail")
    site_url = SiteURLField()
    affiliation = CompanySummarySerializer(read_only=True, allow_null=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "url",
            "site_url",
            "name",
            "slug",
            "role",
            "affiliation",
            "description",
            "citations",
            *RECORD_FIELDS,
        ]


class SourceSerializer(RecordSerializer):
    url = api_url("source-detail")
    site_url = SiteURLField()
    original_url = OptionalURLField(source="url", help_text="The source itself.")
    published = precise_date()
    reported_in = SourceSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Source
        fields = [
            "url",
            "site_url",
            "title",
            "title_en",
            "slug",
            "kind",
            "publisher",
            "author",
            "original_url",
            "published",
            "language",
            "description",
            "reported_in",
            *RECORD_FIELDS,
        ]


class AgreementSerializer(RecordSerializer):
    url = api_url("agreement-detail")
    site_url = SiteURLField()
    parties = PartySerializer(many=True, read_only=True)
    superseded_by = AgreementSummarySerializer(read_only=True, allow_null=True)
    supersedes = AgreementSummarySerializer(many=True, read_only=True)
    announced = precise_date()
    effective = precise_date()
    expires = precise_date()
    ended = precise_date()
    value = ValueSerializer(source="*", read_only=True, allow_null=True)
    commitments = CommitmentSerializer(many=True, read_only=True)
    certainty = TermCertaintiesSerializer(source="*", read_only=True)
    term_reports = TermReportSerializer(
        source="visible_term_reports", many=True, read_only=True
    )
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "url",
            "site_url",
            "title",
            "slug",
            "kind",
            "summary",
            "parties",
            "exclusivity",
            "exclusivity_scope",
            "right_of_first_refusal",
            "rights",
            "status",
            "end_reason",
            "superseded_by",
            "supersedes",
            "announced",
            "effective",
            "expires",
            "ended",
            "value",
            "commitments",
            "certainty",
            "term_reports",
            "citations",
            *RECORD_FIELDS,
        ]


class StatementSerializer(RecordSerializer):
    url = api_url("statement-detail")
    site_url = SiteURLField()
    speaker = PersonSummarySerializer(read_only=True, allow_null=True)
    said = precise_date()
    source = SourceSummarySerializer(read_only=True, allow_null=True)
    in_reply_to = StatementSummarySerializer(read_only=True, allow_null=True)
    companies = CompanySummarySerializer(many=True, read_only=True)
    agreements = AgreementSummarySerializer(many=True, read_only=True)
    topics = TopicSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Statement
        fields = [
            "url",
            "site_url",
            "slug",
            "headline",
            "speaker",
            "form",
            "text",
            "language",
            "spoken_language",
            "text_en",
            "text_en_is_translation",
            "said",
            "occasion",
            "source",
            "in_reply_to",
            "companies",
            "agreements",
            "topics",
            "citations",
            *RECORD_FIELDS,
        ]


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    """One saved change to a record or to one of its parts."""

    version = serializers.IntegerField(help_text="The history row's number.")
    at = serializers.DateTimeField(help_text="When the change was saved.")
    type = serializers.ChoiceField(
        ["created", "changed", "deleted", "published", "withdrawn"],
        help_text="For editors, each saved version: created, changed, deleted. "
        "Readers see the record's published states: created or published (first "
        "seen, or seen again after being withdrawn, with what changed meanwhile), "
        "changed, withdrawn; and parts created, changed or deleted while public.",
    )
    part = serializers.CharField(
        help_text="What changed: the record itself (its type, e.g. agreement) or "
        "one of its parts: party, commitment, citation, alias."
    )
    part_id = serializers.IntegerField(
        allow_null=True, help_text="Which part (null for the record itself)."
    )
    summary = serializers.CharField(help_text="The record or part, in words.")
    user = serializers.CharField(
        allow_null=True, help_text="The editor who saved it (null for readers)."
    )
    reason = serializers.CharField(
        allow_null=True,
        help_text="The editor's reason, if given (null for readers).",
    )
    changes = ChangeSerializer(
        many=True,
        help_text="Field by field, against the previous version you may see; "
        "related records by slug.",
    )


# -- writes -----------------------------------------------------------------------


@extend_schema_field({"type": "string", "pattern": f"^{SLUG.pattern}$"})
class SlugField(serializers.SlugRelatedField):
    """A related record by slug; an empty string is an error, not a null.

    A value that cannot be a slug is refused before it reaches the database
    (PostgreSQL rejects a NUL character with an error of its own).
    """

    default_error_messages = {
        "blank": "Give the slug of a record, or null for none.",
        "not_a_slug": "{value!r} is not a slug: letters, digits, - and _ only.",
    }

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if not SLUG.fullmatch(data):
            self.fail("not_a_slug", value=data[:100])
        return super().to_internal_value(data)

    def run_validation(self, data=serializers.empty):
        if data == "":
            self.fail("blank")
        return super().run_validation(data)


def slug_of(model, **kwargs) -> SlugField:
    return SlugField(slug_field="slug", queryset=model.objects.all(), **kwargs)


class PartyWriteSerializer(StrictModelSerializer):
    company = slug_of(Company, help_text="Slug of the company.")

    class Meta:
        model = AgreementParty
        fields = ["company", "role", "note"]


class CommitmentWriteSerializer(StrictModelSerializer):
    class Meta:
        model = Commitment
        fields = COMMITMENT_FIELDS


class CitationWriteSerializer(StrictModelSerializer):
    source = slug_of(Source, help_text="Slug of the source.")

    class Meta:
        model = AgreementCitation  # every citation model has these fields
        fields = ["source", "locator", "excerpt", "excerpt_en", "note"]


def _messages(error: DjangoValidationError, names: dict[str, str]) -> dict:
    """A model's errors keyed by the serializer's field names."""
    errors: dict[str, list[str]] = {}
    for field, messages in error.message_dict.items():
        name = names.get(field, "non_field_errors")
        if name == "non_field_errors" and field != "__all__":
            messages = [f"{field}: {message}" for message in messages]
        errors.setdefault(name, []).extend(messages)
    return errors


class RecordWriteSerializer(StrictModelSerializer):
    """Saves a record and its nested lists in one transaction, or nothing at all."""

    nested: tuple[str, ...] = ()
    change_reason = StrictCharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=MAX_CHANGE_REASON,
        help_text="Why you made this change; kept in the record's history.",
    )

    def get_field_names(self, declared_fields, info) -> list[str]:
        return [*super().get_field_names(declared_fields, info), "change_reason"]

    def create(self, validated_data):
        return self.save_record(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        return self.save_record(instance, validated_data)

    def field_names_by_source(self) -> dict[str, str]:
        names = {field.source: name for name, field in self.fields.items()}
        names["__all__"] = "non_field_errors"
        return names

    @transaction.atomic
    def save_record(self, instance, data: dict):
        instance._change_reason = data.pop("change_reason", "")
        nested = {name: data.pop(name) for name in self.nested if name in data}
        many = {
            field.source: data.pop(field.source)
            for field in self.fields.values()
            if isinstance(field, ManyRelatedField) and field.source in data
        }
        for attr, value in data.items():
            setattr(instance, attr, value)
        self.validate_model(instance)
        instance.save()
        for attr, values in many.items():
            getattr(instance, attr).set(values)
        self.replace_all_children(instance, nested)
        if getattr(instance, "is_published", False):
            # Now that the citations are written: the model's publishing rule.
            try:
                instance.clean()
            except DjangoValidationError as error:
                raise serializers.ValidationError(
                    _messages(error, self.field_names_by_source())
                ) from error
        return instance

    def validate_model(self, instance) -> None:
        """`full_clean()`; the citation rule waits until the citations are written."""
        instance.parts_checked_by_form = True
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                _messages(error, self.field_names_by_source())
            ) from error
        finally:
            instance.parts_checked_by_form = False

    def replace_all_children(self, instance, nested: dict[str, list]) -> None:
        for name, items in nested.items():
            self.replace_children(instance, name, items)

    def replace_children(self, instance, name: str, items: list[dict]) -> None:
        manager = getattr(instance, name)
        manager.all().delete()
        child_fields = self.fields[name].child.fields
        names = {field.source: field_name for field_name, field in child_fields.items()}
        errors = {}
        for index, item in enumerate(items):
            child = manager.model(**item, **{manager.field.name: instance})
            try:
                child.full_clean()
            except DjangoValidationError as error:
                errors[str(index)] = _messages(error, names)
                continue
            child.save()
        if errors:
            # Keyed by position, as DRF reports errors in nested lists.
            raise serializers.ValidationError({name: errors})


def citations_field() -> CitationWriteSerializer:
    return CitationWriteSerializer(
        many=True,
        required=False,
        help_text="Replaces the record's citations. Publishing needs at least one.",
    )


class CompanyWriteSerializer(RecordWriteSerializer):
    nested = ("aliases", "citations")
    kinds = slug_of(CompanyKind, many=True, required=False)
    parent = slug_of(Company, allow_null=True, required=False)
    aliases = CompanyAliasSerializer(many=True, required=False)
    citations = citations_field()

    class Meta:
        model = Company
        fields = [
            "name",
            "slug",
            "kinds",
            "parent",
            "aliases",
            "website",
            "description",
            "citations",
            "publication_status",
            "internal_note",
        ]


class PersonWriteSerializer(RecordWriteSerializer):
    nested = ("citations",)
    affiliation = slug_of(Company, allow_null=True, required=False)
    citations = citations_field()

    class Meta:
        model = Person
        fields = [
            "name",
            "slug",
            "role",
            "affiliation",
            "description",
            "citations",
            "publication_status",
            "internal_note",
        ]


class SourceWriteSerializer(RecordWriteSerializer):
    original_url = StrictURLField(
        source="url",
        max_length=500,
        required=False,
        allow_blank=True,
        validators=[validate_uri],
    )
    reported_in = slug_of(Source, allow_null=True, required=False)

    class Meta:
        model = Source
        fields = [
            "title",
            "title_en",
            "slug",
            "kind",
            "publisher",
            "author",
            "original_url",
            "published_on",
            "published_precision",
            "language",
            "description",
            "reported_in",
            "publication_status",
            "internal_note",
        ]


class TermReportWriteSerializer(serializers.Serializer):
    """A report of a term, pointing at one of the agreement's own citations (by
    its source and locator) and, for a commitment, at one of its commitments."""

    term = serializers.ChoiceField(choices=Term.choices)
    commitment = StrictCharField(
        required=False,
        allow_null=True,
        default=None,
        max_length=200,
        help_text="The resource of one of the agreement's commitments, when the "
        "term is a commitment.",
    )
    source = slug_of(Source, help_text="The source of the citation that says it.")
    locator = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=100,
        help_text="That citation's locator.",
    )
    says = StrictCharField(max_length=300)
    says_en = StrictCharField(
        required=False, allow_blank=True, default="", max_length=300
    )
    basis = serializers.ChoiceField(choices=Basis.choices)
    modality = serializers.ChoiceField(choices=Modality.choices)
    is_current = serializers.BooleanField(default=True)
    reading_note = StrictCharField(
        required=False, allow_blank=True, default="", max_length=300
    )


class AgreementWriteSerializer(TextEntryWriteMixin, RecordWriteSerializer):
    nested = ("parties", "commitments", "citations", "term_reports")
    # "expires": "2030", "value": "about $5bn" (partnerships/api/entry_fields.py).
    text_dates = ("announced", "effective", "expires", "ended")
    text_value = "value"
    superseded_by = slug_of(Agreement, allow_null=True, required=False)
    parties = PartyWriteSerializer(many=True, required=False)
    commitments = CommitmentWriteSerializer(many=True, required=False)
    citations = citations_field()
    term_reports = TermReportWriteSerializer(
        many=True,
        required=False,
        help_text="Replaces the reports of the agreement's terms. Publishing needs "
        "a current report for every term the agreement states. Left out, the "
        "reports stay, as long as their citations and commitments do.",
    )

    class Meta:
        model = Agreement
        fields = [
            "title",
            "slug",
            "kind",
            "summary",
            "parties",
            "exclusivity",
            "exclusivity_scope",
            "right_of_first_refusal",
            "rights",
            "status",
            "end_reason",
            "superseded_by",
            "announced_on",
            "announced_precision",
            "effective_on",
            "effective_precision",
            "expires_on",
            "expires_precision",
            "ended_on",
            "ended_precision",
            "value_amount",
            "value_currency",
            "value_qualifier",
            "value_as_reported",
            "value_as_reported_en",
            "commitments",
            "citations",
            "term_reports",
            "publication_status",
            "internal_note",
        ]

    def replace_all_children(self, instance, nested: dict[str, list]) -> None:
        # Replacing citations or commitments deletes the reports pointing at
        # them: unless new reports are given, they are written back where their
        # citation and commitment still exist.
        if "term_reports" not in nested and {"citations", "commitments"} & set(nested):
            nested["term_reports"] = [
                self.portable(report) for report in instance.term_reports.all()
            ]
        super().replace_all_children(instance, nested)

    @staticmethod
    def portable(report: TermReport) -> dict:
        return {
            "term": report.term,
            "commitment": report.commitment.resource if report.commitment else None,
            "source": report.citation.source,
            "locator": report.citation.locator,
            "says": report.says,
            "says_en": report.says_en,
            "basis": report.basis,
            "modality": report.modality,
            "is_current": report.is_current,
            "reading_note": report.reading_note,
        }

    def replace_children(self, instance, name: str, items: list[dict]) -> None:
        if name != "term_reports":
            return super().replace_children(instance, name, items)
        instance.term_reports.all().delete()
        errors = {}
        for index, item in enumerate(items):
            item = dict(item)
            # Defaults are not applied on PATCH (DRF's partial writes): pop them.
            citation = instance.citations.filter(
                source=item.pop("source"), locator=item.pop("locator", "")
            ).first()
            resource = item.pop("commitment", None)
            commitment = (
                instance.commitments.filter(resource=resource).first()
                if resource
                else None
            )
            problems = {}
            if citation is None:
                problems["source"] = [
                    "The agreement has no citation of this source at this locator: "
                    "add it to citations."
                ]
            if resource and commitment is None:
                problems["commitment"] = [
                    f"The agreement has no commitment {resource!r}."
                ]
            if not problems:
                report = TermReport(
                    agreement=instance, citation=citation, commitment=commitment, **item
                )
                try:
                    report.full_clean()
                except DjangoValidationError as error:
                    names = {field: field for field in item}
                    problems = _messages(error, names)
                else:
                    report.save()
            if problems:
                errors[str(index)] = problems
        if errors:
            raise serializers.ValidationError({name: errors})


class StatementWriteSerializer(RecordWriteSerializer):
    nested = ("citations",)
    speaker = slug_of(Person)
    source = slug_of(Source)
    in_reply_to = slug_of(Statement, allow_null=True, required=False)
    companies = slug_of(Company, many=True, required=False)
    agreements = slug_of(Agreement, many=True, required=False)
    topics = slug_of(Topic, many=True, required=False)
    citations = citations_field()

    class Meta:
        model = Statement
        fields = [
            "slug",
            "headline",
            "speaker",
            "form",
            "text",
            "language",
            "spoken_language",
            "text_en",
            "text_en_is_translation",
            "said_on",
            "said_precision",
            "occasion",
            "source",
            "in_reply_to",
            "companies",
            "agreements",
            "topics",
            "citations",
            "publication_status",
            "internal_note",
        ]
