"""One record's page: an agreement, a company, a statement, a person, a source."""

from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from partnerships import groups, key_facts
from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementParty,
    Commitment,
    Company,
    CompanyCitation,
    Person,
    PersonCitation,
    Source,
    Statement,
    StatementCitation,
    Term,
    TermReport,
)
from partnerships.templatetags.browse import statement_summary
from partnerships.views.public import (
    public_citations,
    public_parties,
    public_statements,
    public_value_totals,
)
from partnerships.visibility import PUBLIC


def agreement_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    agreement = get_object_or_404(
        PUBLIC.records(Agreement)
        .select_related("superseded_by")
        .prefetch_related(
            public_parties(),
            Prefetch("commitments", queryset=Commitment.objects.order_by("kind")),
            public_citations(AgreementCitation),
            Prefetch(
                "supersedes",
                queryset=PUBLIC.records(Agreement),
                to_attr="public_supersedes",
            ),
            Prefetch(
                "statements",
                queryset=public_statements(),
                to_attr="public_statements",
            ),
            Prefetch(
                "term_reports",
                queryset=PUBLIC.links(TermReport).select_related("citation__source"),
                to_attr="visible_term_reports",
            ),
        ),
        slug=slug,
    )
    rows = agreement.term_rows
    key_facts.number_footnotes(rows, agreement.public_citations)
    terms = {row.term: row for row in rows if not row.commitment}
    context = {
        "agreement": agreement,
        "sentence": key_facts.directed_sentence(
            agreement, agreement.public_parties, agreement.certainty(Term.STATUS)
        ),
        "terms": terms,
        "commitments": [row for row in rows if row.commitment],
        "reported_rows": [row for row in rows if row.reports],
        "title": agreement.title,
        "description": agreement.summary or f"{agreement.get_kind_display()} agreement",
        "superseded_by": PUBLIC.shown(agreement.superseded_by),
    }
    return TemplateResponse(request, "partnerships/agreement_detail.html", context)


def through_owned_companies(
    company: Company, group_parties: list, own_parties: list
) -> list[dict]:
    """The agreements of the companies `company` owns that it is not itself
    party to, each with the owned companies that are parties (`via`) and the
    parties outside them."""
    own = {party.agreement_id for party in own_parties}
    rows: dict[int, dict] = {}
    for party in group_parties:
        if party.agreement_id in own:
            continue
        row = rows.setdefault(
            party.agreement_id, {"agreement": party.agreement, "via": []}
        )
        if party.company not in row["via"]:
            row["via"].append(party.company)
    for row in rows.values():
        via = {owned.pk for owned in row["via"]}
        row["counterparties"] = [
            other
            for other in row["agreement"].public_parties
            if other.company_id not in via
        ]
    return list(rows.values())


def company_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    company = get_object_or_404(
        PUBLIC.records(Company)
        .select_related("parent")
        .prefetch_related(
            "kinds",
            "aliases",
            Prefetch(
                "subsidiaries",
                queryset=PUBLIC.records(Company),
                to_attr="public_subsidiaries",
            ),
            Prefetch(
                "people", queryset=PUBLIC.records(Person), to_attr="public_people"
            ),
            public_citations(CompanyCitation),
        ),
        slug=slug,
    )
    # Its own party rows and those of the companies it owns, in one query.
    group_parties = list(
        groups.group_parties(PUBLIC, company)
        .select_related("agreement", "company")
        .prefetch_related(
            Prefetch(
                "agreement__parties",
                queryset=PUBLIC.links(AgreementParty).select_related("company"),
                to_attr="public_parties",
            ),
            Prefetch(
                "agreement__term_reports",
                queryset=PUBLIC.links(TermReport).filter(is_current=True),
                to_attr="current_reports",
            ),
        )
        .order_by("agreement__title", "role", "company__name")
    )
    own_parties = [party for party in group_parties if party.company_id == company.pk]
    said_by_its_people = list(public_statements().filter(speaker__affiliation=company))
    said_about_it = list(
        public_statements()
        .filter(companies=company)
        .exclude(speaker__affiliation=company)
    )
    as_party = [
        {
            "agreement": party.agreement,
            "role": party.get_role_display(),
            "counterparties": [
                other
                for other in party.agreement.public_parties
                if other.company_id != company.pk
            ],
        }
        for party in own_parties
    ]
    via_owned = through_owned_companies(company, group_parties, own_parties)
    context = {
        "company": company,
        "title": company.name,
        "description": company.description
        or f"{company.name}: its agreements, its people and what they said.",
        "parent": PUBLIC.shown(company.parent),
        "as_party": as_party,
        "via_owned": via_owned,
        "own_agreement_count": len({party.agreement_id for party in own_parties}),
        "group_agreement_count": len({party.agreement_id for party in group_parties}),
        "totals": public_value_totals(
            PUBLIC.records(Agreement).filter(
                pk__in={party.agreement_id for party in group_parties}
            )
        ),
        "said_by_its_people": said_by_its_people,
        "said_about_it": said_about_it,
    }
    return TemplateResponse(request, "partnerships/company_detail.html", context)


def statement_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    statement = get_object_or_404(
        public_statements()
        .select_related("in_reply_to__speaker", "in_reply_to__source__reported_in")
        .prefetch_related(
            Prefetch("replies", queryset=public_statements(), to_attr="public_replies"),
            Prefetch(
                "companies",
                queryset=PUBLIC.records(Company),
                to_attr="public_companies",
            ),
            Prefetch(
                "agreements",
                queryset=PUBLIC.records(Agreement),
                to_attr="public_agreements",
            ),
            "topics",
            public_citations(StatementCitation),
        ),
        slug=slug,
    )
    question = PUBLIC.shown(statement.in_reply_to)
    context = {
        "statement": statement,
        "title": statement.title,
        "description": statement_summary(statement),
        "question": question,
        "source": PUBLIC.shown(statement.source),
        "affiliation": PUBLIC.shown(statement.speaker.affiliation),
    }
    return TemplateResponse(request, "partnerships/statement_detail.html", context)


def person_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    person = get_object_or_404(
        PUBLIC.records(Person)
        .select_related("affiliation")
        .prefetch_related(
            Prefetch(
                "statements",
                queryset=PUBLIC.records(Statement).select_related(
                    "source__reported_in"
                ),
                to_attr="public_statements",
            ),
            public_citations(PersonCitation),
        ),
        slug=slug,
    )
    affiliation = PUBLIC.shown(person.affiliation)
    # Not `person.title`: it names the affiliation even when that is a draft.
    role = ", ".join(
        part for part in (person.role, affiliation and affiliation.name) if part
    )
    context = {
        "person": person,
        "title": person.name,
        "description": person.description or f"{person.name}: {role or 'statements'}",
        "affiliation": affiliation,
    }
    return TemplateResponse(request, "partnerships/person_detail.html", context)


def source_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    def citing(related: str, model) -> Prefetch:
        return Prefetch(
            related,
            queryset=PUBLIC.links(model).select_related("record"),
            to_attr=f"public_{related}",
        )

    source = get_object_or_404(
        PUBLIC.records(Source)
        .select_related("reported_in")
        .prefetch_related(
            Prefetch(
                "reports_on",
                queryset=PUBLIC.records(Source),
                to_attr="public_reports_on",
            ),
            Prefetch(
                "statements",
                queryset=public_statements(),
                to_attr="public_statements",
            ),
            citing("agreementcitations", AgreementCitation),
            citing("companycitations", CompanyCitation),
            citing("personcitations", PersonCitation),
            Prefetch(
                "statementcitations",
                queryset=PUBLIC.links(StatementCitation).select_related(
                    "record", "record__speaker"
                ),
                to_attr="public_statementcitations",
            ),
        ),
        slug=slug,
    )
    citations = [
        ("Agreements", source.public_agreementcitations),
        ("Companies", source.public_companycitations),
        ("People", source.public_personcitations),
        ("Statements", source.public_statementcitations),
    ]
    context = {
        "source": source,
        "title": source.title,
        "description": source.description
        or f"{source.get_kind_display()} cited by the partnership tracker.",
        "reported_in": PUBLIC.shown(source.reported_in),
        "citations": citations if any(group for _, group in citations) else [],
    }
    return TemplateResponse(request, "partnerships/source_detail.html", context)
