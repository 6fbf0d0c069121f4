"""What the full downloads hold: one table per record type and per link, the
same rows in the JSON file, the ZIP of CSVs and the SQLite database.

Every row passes the public boundary: records through `PUBLIC.records()`,
links through `PUBLIC.links()` (both ends seen), a nullable relation (an owner,
a successor, a statement's source) only when `PUBLIC.sees` its target, so that
each foreign key names a row of the download. Editors' notes and names are in
no table. Terms keep their hedges: a term's recorded fields (the date and its
precision, the amount and its qualifier) AND the phrase readers see, its
certainty included (`Agreement.term_shown`, `certainty.display`).

The five record tables start with the columns of the site's list CSVs (the
lists' own `csv_row`, so a download and a list agree cell for cell), then add
the identifiers and recorded fields a dataset needs to be joined.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Model, OuterRef, QuerySet, Subquery

from partnerships import certainty
from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementParty,
    Commitment,
    Company,
    CompanyAlias,
    CompanyCitation,
    CompanyKind,
    Person,
    PersonCitation,
    Source,
    Statement,
    StatementCitation,
    Term,
    TermReport,
    Topic,
)
from partnerships.spreadsheets import in_chunks
from partnerships.views import lists
from partnerships.visibility import PUBLIC

# JSON Schema types of the columns; SQLite's follow (`SQLITE_TYPES`).
INTEGER, TEXT, NUMBER, BOOLEAN = "integer", "string", "number", "boolean"
SQLITE_TYPES = {INTEGER: "INTEGER", TEXT: "TEXT", NUMBER: "TEXT", BOOLEAN: "INTEGER"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    references: str | None = None  # the table a foreign key names
    nullable: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    records: Callable[[], QuerySet]
    row: Callable[[Model], list]

    def rows(self) -> Iterator[list]:
        """Every row, a chunk of records (and their prefetches) at a time."""
        for chunk in in_chunks(self.records().order_by("pk")):
            for record in chunk:
                yield self.row(record)

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def _id(column: str = "id", description: str = "The row's identifier.") -> Column:
    return Column(column, INTEGER, description)


def _ref(name: str, table: str, description: str, nullable: bool = False) -> Column:
    return Column(name, INTEGER, description, references=table, nullable=nullable)


def _text(name: str, description: str) -> Column:
    return Column(name, TEXT, description)


def _maybe(name: str, kind: str, description: str) -> Column:
    return Column(name, kind, description, nullable=True)


def _public_id(record: Model | None) -> int | None:
    """The id of a related record a reader sees, else None (never a draft's)."""
    return record.pk if PUBLIC.sees(record) else None


def _decimal(value) -> str | None:
    """An amount as exact decimal text: JSON numbers would round a large one."""
    return None if value is None else str(value)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _list_columns(
    browse: lists.BrowseList, descriptions: dict[str, str], counts: tuple = ()
) -> tuple:
    """The columns of a site list's CSV, described; `counts` are integers."""
    return tuple(
        Column(
            name,
            INTEGER if name in counts else TEXT,
            descriptions.get(name, name.replace("_", " ").capitalize()),
        )
        for name in browse.csv_columns
    )


# -- agreements ----------------------------------------------------------------

AGREEMENT_LIST = lists.AgreementList()
DATE_TERMS = (Term.ANNOUNCED, Term.EFFECTIVE, Term.EXPIRES, Term.ENDED)
SHOWN_TERMS = (Term.STATUS, Term.EXCLUSIVITY, *DATE_TERMS, Term.VALUE)

_agreement_descriptions = {
    "title": "The agreement's title.",
    "url": "Its page on the site (a path).",
    "kind": "Its kind, as the site names it.",
    "parties": "Its published parties, with their roles, separated by “; ”.",
    "value_as_reported": "The value as the source gives it, in its language.",
}
for _name, _term in AGREEMENT_LIST.csv_terms:
    _agreement_descriptions[_name] = (
        f"The {Term(_term).label.lower()} with its modality (“may”, “planned”), "
        "dates in ISO 8601 at their precision (“2030”)."
    )
    _agreement_descriptions[f"{_name}_certainty"] = (
        f"How sure the {Term(_term).label.lower()} is: who reports it and, unless "
        "it is a fact, how firmly; “certainty not recorded” when no report says."
    )

AGREEMENT_COLUMNS = (
    _id(),
    _text("slug", "The agreement's identifier in URLs."),
    *_list_columns(AGREEMENT_LIST, _agreement_descriptions),
    *(
        _text(
            f"{term}_shown",
            f"The {Term(term).label.lower()} as readers see it on the site, its "
            "certainty included; empty when the source reports nothing of it.",
        )
        for term in SHOWN_TERMS
    ),
    _text("summary", "The editors' summary."),
    _text("status_code", "The status: active, announced, ended, superseded…"),
    _text("kind_code", "The kind as a code."),
    *(
        column
        for term in DATE_TERMS
        for column in (
            _maybe(f"{term}_on", TEXT, f"The {term} date's first day (ISO 8601)."),
            _text(
                f"{term}_precision",
                f"How much of the {term} date the source gives: day, month or "
                "year (“through 2030” is 2030-01-01 at year precision).",
            ),
        )
    ),
    _maybe("value_amount", NUMBER, "The value's amount, as exact decimal text."),
    _text("value_currency", "The value's currency (ISO 4217)."),
    _text(
        "value_qualifier",
        "How the amount bounds the value: exact, about, over, up to, at least…",
    ),
    _text("value_as_reported_en", "The value as reported, in English, hedges kept."),
    _text("exclusivity_code", "Exclusivity as a code."),
    _text("exclusivity_scope", "What the exclusivity covers."),
    _maybe(
        "right_of_first_refusal",
        BOOLEAN,
        "Whether a party holds a right of first refusal; null when unknown.",
    ),
    _text("rights", "Other rights, as reported."),
    _text("end_reason", "Why it ended or was superseded."),
    _ref(
        "superseded_by_id",
        "agreements",
        "The published agreement that replaced it.",
        nullable=True,
    ),
    _text("updated_at", "When the record was last saved (ISO 8601, UTC)."),
)


def _agreements() -> QuerySet:
    return AGREEMENT_LIST.base_queryset().select_related("superseded_by")


def _agreement_row(agreement: Agreement) -> list:
    return [
        agreement.pk,
        agreement.slug,
        *AGREEMENT_LIST.csv_row(agreement),
        *(agreement.term_shown(term) for term in SHOWN_TERMS),
        agreement.summary,
        agreement.status,
        agreement.kind,
        *(
            value
            for term in DATE_TERMS
            for value in (
                _iso(getattr(agreement, f"{term}_on")),
                getattr(agreement, f"{term}_precision"),
            )
        ),
        _decimal(agreement.value_amount),
        agreement.value_currency,
        agreement.value_qualifier,
        agreement.value_as_reported_en,
        agreement.exclusivity,
        agreement.exclusivity_scope,
        agreement.right_of_first_refusal,
        agreement.rights,
        agreement.end_reason,
        _public_id(agreement.superseded_by),
        _iso(agreement.updated_at),
    ]


# -- companies, people, sources, statements -------------------------------------

COMPANY_LIST = lists.CompanyList()
COMPANY_COLUMNS = (
    _id(),
    _text("slug", "The company's identifier in URLs."),
    *_list_columns(
        COMPANY_LIST,
        {
            "name": "The company's name.",
            "url": "Its page on the site (a path).",
            "kinds": "What kind of company it is, separated by “; ”.",
            "owned_by": "The name of its published owner.",
            "agreements": "How many published agreements it is party to.",
            "group_agreements": "The same, with the companies it owns.",
            "website": "Its website.",
        },
        counts=("agreements", "group_agreements"),
    ),
    _text("description", "The editors' description."),
    _ref("parent_id", "companies", "Its published owner.", nullable=True),
    _text("updated_at", "When the record was last saved (ISO 8601, UTC)."),
)


def _company_row(company: Company) -> list:
    return [
        company.pk,
        company.slug,
        *COMPANY_LIST.csv_row(company),
        company.description,
        _public_id(company.parent),
        _iso(company.updated_at),
    ]


PERSON_LIST = lists.PersonList()
PERSON_COLUMNS = (
    _id(),
    _text("slug", "The person's identifier in URLs."),
    *_list_columns(
        PERSON_LIST,
        {
            "name": "The person's name.",
            "url": "Their page on the site (a path).",
            "role": "Their role.",
            "affiliation": "The name of their published affiliation.",
            "statements": "How many of their statements are published.",
        },
        counts=("statements",),
    ),
    _text("description", "The editors' description."),
    _ref("affiliation_id", "companies", "Their published affiliation.", True),
    _text("updated_at", "When the record was last saved (ISO 8601, UTC)."),
)


def _person_row(person: Person) -> list:
    return [
        person.pk,
        person.slug,
        *PERSON_LIST.csv_row(person),
        person.description,
        _public_id(person.affiliation),
        _iso(person.updated_at),
    ]


SOURCE_LIST = lists.SourceList()
SOURCE_COLUMNS = (
    _id(),
    _text("slug", "The source's identifier in URLs."),
    *_list_columns(
        SOURCE_LIST,
        {
            "title": "The source's title, in its language.",
            "url": "Its page on the site (a path).",
            "kind": "Article, podcast, filing…",
            "published": "When it was published (ISO 8601 at its precision).",
            "link": "Where the source itself is.",
        },
    ),
    _text("title_en", "The title in English."),
    _text("language", "The source's language (a BCP 47 tag)."),
    _text("description", "The editors' description."),
    _maybe("published_on", TEXT, "The publication date's first day (ISO 8601)."),
    _text("published_precision", "Day, month or year."),
    _ref("reported_in_id", "sources", "The published source that reported it.", True),
    _text("updated_at", "When the record was last saved (ISO 8601, UTC)."),
)


def _source_row(source: Source) -> list:
    return [
        source.pk,
        source.slug,
        *SOURCE_LIST.csv_row(source),
        source.title_en,
        source.language,
        source.description,
        _iso(source.published_on),
        source.published_precision,
        _public_id(source.reported_in),
        _iso(source.updated_at),
    ]


STATEMENT_LIST = lists.StatementList()
STATEMENT_COLUMNS = (
    _id(),
    _text("slug", "The statement's identifier in URLs."),
    *_list_columns(
        STATEMENT_LIST,
        {
            "speaker": "Who said it.",
            "url": "Its page on the site (a path).",
            "form": "Quote or paraphrase.",
            "text_as_published": "The words as the source published them.",
            "language": "The language of those words.",
            "english": "The words in English.",
            "english_is_editors_translation": "“yes” when the English is ours.",
            "said": "When it was said (ISO 8601 at its precision).",
            "occasion": "Where or when it was said.",
            "source": "The title of its published source.",
        },
    ),
    _text("title", "The statement's title as readers see it."),
    _ref("speaker_id", "people", "Who said it."),
    _ref("source_id", "sources", "Its published source.", nullable=True),
    _text("spoken_language", "The language the speaker spoke, when known."),
    _maybe("said_on", TEXT, "The date's first day (ISO 8601)."),
    _text("said_precision", "Day, month or year."),
    _ref("in_reply_to_id", "statements", "The published statement it answers.", True),
    _text("updated_at", "When the record was last saved (ISO 8601, UTC)."),
)


def _statements() -> QuerySet:
    return STATEMENT_LIST.base_queryset().select_related(
        "source", "in_reply_to__speaker"
    )


def _statement_row(statement: Statement) -> list:
    return [
        statement.pk,
        statement.slug,
        *STATEMENT_LIST.csv_row(statement),
        statement.title,
        statement.speaker_id,
        _public_id(statement.source),
        statement.spoken_language,
        _iso(statement.said_on),
        statement.said_precision,
        _public_id(statement.in_reply_to),
        _iso(statement.updated_at),
    ]


# -- links ----------------------------------------------------------------------


def _commitments() -> QuerySet:
    report = PUBLIC.links(TermReport).filter(commitment=OuterRef("pk"), is_current=True)
    return PUBLIC.links(Commitment).annotate(
        reading_basis=Subquery(report.values("basis")[:1]),
        reading_modality=Subquery(report.values("modality")[:1]),
    )


def _commitment_row(commitment: Commitment) -> list:
    reading = (
        certainty.Certainty(commitment.reading_basis, commitment.reading_modality)
        if commitment.reading_basis
        else None
    )
    return [
        commitment.pk,
        commitment.agreement_id,
        commitment.kind,
        commitment.resource,
        _decimal(commitment.quantity),
        commitment.quantity_qualifier,
        commitment.unit,
        commitment.described,
        certainty.display(commitment.described, reading),
        reading.label if reading else certainty.NOT_RECORDED,
        commitment.as_reported,
        commitment.as_reported_en,
        commitment.note,
        commitment.milestone,
        _iso(commitment.milestone_on),
        commitment.milestone_precision,
    ]


COMMITMENT_COLUMNS = (
    _id(),
    _ref("agreement_id", "agreements", "The agreement that commits it."),
    _text("kind", "What kind of commitment: compute, spending, capacity…"),
    _text("resource", "What is committed."),
    _maybe("quantity", NUMBER, "How much, as exact decimal text."),
    _text("quantity_qualifier", "How the quantity bounds it: exact, about, up to…"),
    _text("unit", "The quantity's unit."),
    _text("described", "The commitment in words, qualifier kept (“up to 10 GW”)."),
    _text("shown", "The commitment as readers see it, its certainty included."),
    _text("certainty", "How sure it is; “certainty not recorded” when no report."),
    _text("as_reported", "As the source gives it, in its language."),
    _text("as_reported_en", "The same in English, hedges kept."),
    _text("note", "A note on the commitment."),
    _text("milestone", "What is due on the milestone date."),
    _maybe("milestone_on", TEXT, "The milestone date's first day (ISO 8601)."),
    _text("milestone_precision", "Day, month or year."),
)


def _citation_table(name: str, model, target: str, what: str) -> Table:
    return Table(
        name,
        f"What published sources say about each published {what}: its "
        "citations, with the words cited.",
        (
            _id(),
            _ref("record_id", target, f"The {what} cited for."),
            _ref("source_id", "sources", "The source cited."),
            _text("locator", "Where in the source (page, minute)."),
            _text("excerpt", "The words cited, as published."),
            _text("excerpt_en", "The same in English."),
            _text("note", "A note on the citation."),
        ),
        lambda: PUBLIC.links(model),
        lambda c: [
            c.pk,
            c.record_id,
            c.source_id,
            c.locator,
            c.excerpt,
            c.excerpt_en,
            c.note,
        ],
    )


def _pair_table(name: str, through, left: tuple, right: tuple, what: str) -> Table:
    """A many-to-many link, as a table of pairs (left and right: field, table)."""
    return Table(
        name,
        what,
        (
            _id(),
            _ref(f"{left[0]}_id", left[1], f"The {left[0]}."),
            _ref(f"{right[0]}_id", right[1], f"The {right[0]}."),
        ),
        lambda: PUBLIC.links(through),
        lambda row: [
            row.pk,
            getattr(row, f"{left[0]}_id"),
            getattr(row, f"{right[0]}_id"),
        ],
    )


TABLES: tuple[Table, ...] = (
    Table(
        "agreements",
        "Every published agreement: parties, terms with their certainty, value.",
        AGREEMENT_COLUMNS,
        _agreements,
        _agreement_row,
    ),
    Table(
        "companies",
        "Every published company.",
        COMPANY_COLUMNS,
        COMPANY_LIST.base_queryset,
        _company_row,
    ),
    Table(
        "people",
        "Every published person.",
        PERSON_COLUMNS,
        PERSON_LIST.base_queryset,
        _person_row,
    ),
    Table(
        "sources",
        "Every published source.",
        SOURCE_COLUMNS,
        lambda: SOURCE_LIST.base_queryset().select_related("reported_in"),
        _source_row,
    ),
    Table(
        "statements",
        "Every published statement of a published speaker.",
        STATEMENT_COLUMNS,
        _statements,
        _statement_row,
    ),
    Table(
        "agreement_parties",
        "Who is party to each published agreement, among published companies.",
        (
            _id(),
            _ref("agreement_id", "agreements", "The agreement."),
            _ref("company_id", "companies", "The party."),
            _text("role", "Its role: customer, provider, investor, partner…"),
            _text("note", "A note on the party's part."),
        ),
        lambda: PUBLIC.links(AgreementParty),
        lambda p: [p.pk, p.agreement_id, p.company_id, p.role, p.note],
    ),
    Table(
        "commitments",
        "What each published agreement commits (compute, money, capacity).",
        COMMITMENT_COLUMNS,
        _commitments,
        _commitment_row,
    ),
    Table(
        "term_reports",
        "What a published source reports of an agreement's term, and how surely: "
        "the evidence behind each term's certainty.",
        (
            _id(),
            _ref("agreement_id", "agreements", "The agreement."),
            _text("term", "The term: status, value, expires, commitment…"),
            _ref("commitment_id", "commitments", "The commitment reported on.", True),
            _ref("citation_id", "agreement_citations", "The citation that says it."),
            _text("says", "What the source says, in its words."),
            _text("says_en", "The same in English, hedges kept."),
            _text("basis", "Who reports it: announced, executive, reported…"),
            _text("modality", "How firmly: fact, planned, possible, denied…"),
            _text("certainty", "Basis and modality as readers see them."),
            Column("is_current", BOOLEAN, "Whether it is the term's current reading."),
            _text("reading_note", "Why the editors read it so."),
        ),
        lambda: PUBLIC.links(TermReport),
        lambda r: [
            r.pk,
            r.agreement_id,
            r.term,
            r.commitment_id,
            r.citation_id,
            r.says,
            r.says_en,
            r.basis,
            r.modality,
            r.certainty.label,
            r.is_current,
            r.reading_note,
        ],
    ),
    _citation_table(
        "agreement_citations", AgreementCitation, "agreements", "agreement"
    ),
    _citation_table("company_citations", CompanyCitation, "companies", "company"),
    _citation_table("person_citations", PersonCitation, "people", "person"),
    _citation_table(
        "statement_citations", StatementCitation, "statements", "statement"
    ),
    Table(
        "company_aliases",
        "Other names of published companies.",
        (
            _id(),
            _ref("company_id", "companies", "The company."),
            _text("name", "The other name."),
            _text("language", "Its language (a BCP 47 tag)."),
        ),
        lambda: PUBLIC.links(CompanyAlias),
        lambda a: [a.pk, a.company_id, a.name, a.language],
    ),
    Table(
        "company_kinds",
        "The kinds a company may be.",
        (_id(), _text("slug", "Its code."), _text("name", "Its name.")),
        lambda: CompanyKind.objects.all(),
        lambda k: [k.pk, k.slug, k.name],
    ),
    _pair_table(
        "companies_kinds",
        Company.kinds.through,
        ("company", "companies"),
        ("companykind", "company_kinds"),
        "What kind each published company is.",
    ),
    Table(
        "topics",
        "The topics statements are about.",
        (_id(), _text("slug", "Its code."), _text("name", "Its name.")),
        lambda: Topic.objects.all(),
        lambda t: [t.pk, t.slug, t.name],
    ),
    _pair_table(
        "statement_companies",
        Statement.companies.through,
        ("statement", "statements"),
        ("company", "companies"),
        "Which published companies each published statement is about.",
    ),
    _pair_table(
        "statement_agreements",
        Statement.agreements.through,
        ("statement", "statements"),
        ("agreement", "agreements"),
        "Which published agreements each published statement is about.",
    ),
    _pair_table(
        "statement_topics",
        Statement.topics.through,
        ("statement", "statements"),
        ("topic", "topics"),
        "Which topics each published statement is about.",
    ),
)
TABLES_BY_NAME = {table.name: table for table in TABLES}
