"""The five lists a reader can search, filter, sort, page and download
(`partnerships.browse` is the rule they follow)."""

from django.db.models import F, OuterRef, QuerySet

from partnerships import certainty, groups, paging, qualified
from partnerships.browse import (
    BrowseList,
    ChoiceFacet,
    DayFilter,
    GroupFacet,
    RelatedFacet,
    Sort,
)
from partnerships.models import (
    UNDATED_AGREEMENT,
    Agreement,
    AgreementCitation,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Company,
    CompanyCitation,
    CompanyKind,
    Exclusivity,
    Person,
    PersonCitation,
    Source,
    SourceKind,
    Statement,
    StatementCitation,
    StatementForm,
    Term,
    Topic,
)
from partnerships.templatetags.browse import language_name
from partnerships.views.public import (
    NEWEST_STATEMENTS_FIRST,
    public_parties,
    public_readings,
    public_statements,
)
from partnerships.visibility import PUBLIC


class AgreementList(BrowseList):
    template_name = "partnerships/agreement_list.html"
    title = "Agreements"
    description = "Every published agreement: parties, terms, dates and value."
    search_help = "Title, summary, a party's name or the value as reported"
    facets = (
        ChoiceFacet("status", "Status", "status", AgreementStatus),
        ChoiceFacet("kind", "Kind", "kind", AgreementKind),
        ChoiceFacet("exclusivity", "Exclusivity", "exclusivity", Exclusivity),
        RelatedFacet(
            "company",
            "Party",
            Company,
            lambda: AgreementParty.objects.all(),
            "agreement",
            "company",
        ),
        GroupFacet("group", "Company group"),
    )
    day_filter = DayFilter(
        "in_force_on",
        "In force on",
        UNDATED_AGREEMENT,
        lambda agreements, period, undated: agreements.in_force(
            on=period.first_day, until=period.last_day, include_undated=undated
        ),
    )
    sorts = {
        "title": Sort("Title", ("title",)),
        "-announced": Sort(
            "Newest announcement", (F("announced_on").desc(nulls_last=True), "title")
        ),
        "announced": Sort(
            "Oldest announcement", (F("announced_on").asc(nulls_last=True), "title")
        ),
        "expires": Sort(
            "Expiring soonest", (F("expires_on").asc(nulls_last=True), "title")
        ),
        "-expires": Sort(
            "Expiring latest", (F("expires_on").desc(nulls_last=True), "title")
        ),
    }
    # Each reported term is followed by how sure it is: "possible; reported,
    # unnamed sources", or "certainty not recorded".
    csv_terms = (
        ("status", Term.STATUS),
        ("exclusivity", Term.EXCLUSIVITY),
        ("announced", Term.ANNOUNCED),
        ("effective", Term.EFFECTIVE),
        ("expires", Term.EXPIRES),
        ("ended", Term.ENDED),
        ("value", Term.VALUE),
    )
    csv_columns = (
        "title",
        "url",
        "kind",
        "parties",
        *(column for name, _ in csv_terms for column in (name, f"{name}_certainty")),
        "value_as_reported",
    )

    def base_queryset(self) -> QuerySet:
        return PUBLIC.records(Agreement).prefetch_related(
            public_parties(), public_readings()
        )

    def extra_context(self, records: list) -> dict:
        """The columns some row of the page fills (a column saying "not
        reported" on every row is left out), and what the value symbols mean."""
        shown = {
            "exclusivity": any(a.term_phrase(Term.EXCLUSIVITY) for a in records),
            "announced": any(a.announced for a in records),
            "expires": any(a.expires for a in records),
            "value": any(a.value_hedged_short for a in records),
        }
        return {"columns": shown, "short_forms": qualified.short_forms()}

    def csv_row(self, agreement: Agreement) -> list:
        row = [
            agreement.title,
            agreement.get_absolute_url(),
            agreement.get_kind_display(),
            "; ".join(str(party) for party in agreement.public_parties),
        ]
        for _, term in self.csv_terms:
            phrase = agreement.term_csv_value(term)
            reading = agreement.certainty(term)
            row.append(certainty.hedge(phrase, reading))
            if not agreement.term_phrase(term):
                row.append("")
            else:
                row.append(reading.label if reading else certainty.NOT_RECORDED)
        row.append(agreement.value_as_reported)
        return row


class CompanyList(BrowseList):
    template_name = "partnerships/company_list.html"
    title = "Companies"
    description = "The companies party to the agreements, with their owners."
    search_help = "Name, another name it goes by, or description"
    facets = (
        RelatedFacet(
            "kind",
            "Kind",
            CompanyKind,
            lambda: Company.kinds.through.objects.all(),
            "company",
            "companykind",
        ),
        RelatedFacet(
            "parent",
            "Owned by",
            Company,
            lambda: Company.objects.all(),
            "pk",
            "parent",
        ),
    )
    sorts = {
        "name": Sort("Name", ("name",)),
        "-agreements": Sort("Most agreements", ("-agreement_count", "name")),
        "-group-agreements": Sort(
            "Most agreements with owned companies",
            ("-group_agreement_count", "name"),
        ),
    }
    csv_columns = (
        "name",
        "url",
        "kinds",
        "owned_by",
        "agreements",
        "group_agreements",
        "website",
    )

    def base_queryset(self) -> QuerySet:
        return (
            PUBLIC.records(Company)
            .select_related("parent")
            .prefetch_related("kinds")
            .annotate(
                # Subqueries, not joins: a page of 25 counts for its 25 rows.
                agreement_count=paging.counted(
                    PUBLIC.links(AgreementParty).filter(company=OuterRef("pk")),
                    "agreement",
                    distinct=True,
                ),
                group_agreement_count=groups.group_agreement_count(PUBLIC),
            )
        )

    def csv_row(self, company: Company) -> list:
        parent = PUBLIC.shown(company.parent)
        return [
            company.name,
            company.get_absolute_url(),
            "; ".join(kind.name for kind in company.kinds.all()),
            parent.name if parent else "",
            company.agreement_count,
            company.group_agreement_count,
            company.website,
        ]


class StatementList(BrowseList):
    template_name = "partnerships/statement_list.html"
    title = "Statements"
    description = "What the people involved said, as the sources published it."
    search_help = (
        "The headline, the words as published or in English, the occasion, the speaker"
    )
    facets = (
        RelatedFacet(
            "speaker",
            "Speaker",
            Person,
            lambda: Statement.objects.all(),
            "pk",
            "speaker",
        ),
        RelatedFacet(
            "company",
            "About company",
            Company,
            lambda: Statement.companies.through.objects.all(),
            "statement",
            "company",
        ),
        RelatedFacet(
            "topic",
            "Topic",
            Topic,
            lambda: Statement.topics.through.objects.all(),
            "statement",
            "topic",
        ),
        ChoiceFacet("form", "Form", "form", StatementForm),
        ChoiceFacet(
            "language", "Language as published", "language", label_for=language_name
        ),
    )
    sorts = {
        "-said": Sort("Newest first", NEWEST_STATEMENTS_FIRST),
        "said": Sort(
            "Oldest first", (F("said_on").asc(nulls_last=True), "created_at", "slug")
        ),
        "speaker": Sort("Speaker", ("speaker__name", "slug")),
    }
    csv_columns = (
        "speaker",
        "url",
        "form",
        "text_as_published",
        "language",
        "english",
        "english_is_editors_translation",
        "said",
        "occasion",
        "source",
    )

    def base_queryset(self) -> QuerySet:
        return public_statements(in_order=True)

    def csv_row(self, statement: Statement) -> list:
        source = PUBLIC.shown(statement.source)
        return [
            statement.speaker.name,
            statement.get_absolute_url(),
            statement.get_form_display(),
            statement.text,
            statement.language,
            statement.text_en,
            "yes" if statement.text_en and statement.text_en_is_translation else "no",
            statement.said.iso if statement.said else "",
            statement.occasion,
            source.title if source else "",
        ]


class PersonList(BrowseList):
    template_name = "partnerships/person_list.html"
    title = "People"
    description = "The people whose statements the tracker records."
    search_help = "Name or role"
    facets = (
        RelatedFacet(
            "company",
            "Affiliation",
            Company,
            lambda: Person.objects.all(),
            "pk",
            "affiliation",
        ),
    )
    sorts = {
        "name": Sort("Name", ("name",)),
        "-statements": Sort("Most statements", ("-statement_count", "name")),
    }
    csv_columns = ("name", "url", "role", "affiliation", "statements")

    def base_queryset(self) -> QuerySet:
        return (
            PUBLIC.records(Person)
            .select_related("affiliation")
            .annotate(
                statement_count=paging.counted(
                    PUBLIC.records(Statement).filter(speaker=OuterRef("pk"))
                )
            )
        )

    def csv_row(self, person: Person) -> list:
        affiliation = PUBLIC.shown(person.affiliation)
        return [
            person.name,
            person.get_absolute_url(),
            person.role,
            affiliation.name if affiliation else "",
            person.statement_count,
        ]


# Every kind of citation: a source is found by the words cited from it.
CITATION_MODELS = (
    AgreementCitation,
    CompanyCitation,
    PersonCitation,
    StatementCitation,
)


class SourceList(BrowseList):
    template_name = "partnerships/source_list.html"
    title = "Sources"
    description = "The articles, podcasts and filings every record rests on."
    search_help = "Title, publisher, author, description or the words cited from it"
    facets = (
        ChoiceFacet("kind", "Kind", "kind", SourceKind),
        ChoiceFacet("language", "Language", "language", label_for=language_name),
        ChoiceFacet("publisher", "Publisher", "publisher"),
    )
    sorts = {
        "title": Sort("Title", ("title",)),
        "-published": Sort(
            "Newest first", (F("published_on").desc(nulls_last=True), "title")
        ),
        "published": Sort(
            "Oldest first", (F("published_on").asc(nulls_last=True), "title")
        ),
    }
    csv_columns = ("title", "url", "kind", "publisher", "author", "published", "link")

    def base_queryset(self) -> QuerySet:
        return PUBLIC.records(Source)

    def csv_row(self, source: Source) -> list:
        return [
            source.title,
            source.get_absolute_url(),
            source.get_kind_display(),
            source.publisher,
            source.author,
            source.published.iso if source.published else "",
            source.url,
        ]


agreement_list = AgreementList()


company_list = CompanyList()


statement_list = StatementList()


person_list = PersonList()


source_list = SourceList()
