"""What editors send: flat fields, slugs for related records, nested lists that
replace the record's own; one transaction, validated by the model."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField

from editorial.review import publishes, review_close, review_refusal
from partnerships.api.entry_fields import TextEntryWriteMixin
from partnerships.api.fields import StrictCharField, StrictURLField
from partnerships.api.serializers.common import (
    COMMITMENT_FIELDS,
    MAX_CHANGE_REASON,
    SLUG,
    CompanyAliasSerializer,
    StrictModelSerializer,
)
from partnerships.certainty import Basis, Modality
from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementParty,
    Commitment,
    Company,
    CompanyKind,
    Person,
    Source,
    Statement,
    Term,
    TermReport,
    Topic,
)
from partnerships.uris import validate_uri


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
        refusal = None
        publishing = publishes(instance, data.get("publication_status", ""))
        if publishing:
            # The review rule (editorial.review), asked before this request's
            # own save makes its sender the record's last editor.
            reviewer = self.context["request"].user
            refusal = review_refusal(instance, reviewer)
            if refusal is None and set(data) - {"publication_status"}:
                refusal = (
                    "Publish with a request that changes only publication_status: "
                    "a reviewer publishes what another editor wrote."
                )
            instance._change_reason = "published"
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
        if refusal:
            raise serializers.ValidationError({"publication_status": [refusal]})
        if publishing:
            review_close(record=instance, reviewer=reviewer)
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
