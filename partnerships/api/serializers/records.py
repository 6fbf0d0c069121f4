"""What readers get: one serializer per record type, everything without a second call."""

from partnerships.api.serializers.common import (
    AgreementSummarySerializer,
    CitationSerializer,
    CommitmentSerializer,
    CompanyAliasSerializer,
    CompanyKindSerializer,
    CompanySummarySerializer,
    OptionalURLField,
    PartySerializer,
    PersonSummarySerializer,
    SiteURLField,
    SourceSummarySerializer,
    StatementSummarySerializer,
    TermCertaintiesSerializer,
    TermReportSerializer,
    TopicSerializer,
    ValueSerializer,
    api_url,
    precise_date,
    reader_of,
)
from partnerships.api.serializers.planned import PlannedModelSerializer
from partnerships.models import (
    Agreement,
    Company,
    Person,
    Source,
    Statement,
)
from partnerships.visibility import EDITOR_ONLY_FIELDS

RECORD_FIELDS = ["publication_status", "internal_note", "created_at", "updated_at"]


# -- read serializers -------------------------------------------------------------


class RecordSerializer(PlannedModelSerializer):
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

    def to_representation(self, agreement) -> dict:
        agreement.share_evidence_with_reports()
        return super().to_representation(agreement)


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
