"""A report of a term cites one of its agreement's citations: the API gives
each report the citation (and source, and commitment) its agreement's
prefetched lists already hold, instead of reading them again for every
report. At L an agreement has three reports; their citations and sources
were most of the records an API page made."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from partnerships.api.views import AgreementViewSet
from partnerships.models import Agreement, Term
from partnerships.synthetic import Generator, Scale
from tests.factories import AgreementCitationFactory, TermReportFactory

pytestmark = pytest.mark.django_db

SMALL = Scale(companies=40, people=15, sources=20, agreements=60, statements=60)


def read_agreements(user=None) -> tuple[list[Agreement], list[dict], int]:
    """The agreements as the API list reads them, what it gives of them, and
    the queries serialising them took."""
    request = APIRequestFactory().get("/api/v1/agreements/")
    request.user = user or AnonymousUser()
    view = AgreementViewSet(action="list", format_kwarg=None, kwargs={})
    view.request = Request(request)
    view.request.user = request.user
    records = list(view.get_queryset().order_by("pk"))
    with CaptureQueriesContext(connection) as queries:
        data = view.get_serializer(records, many=True).data
    return records, data, len(queries)


def test_reports_are_given_their_agreements_own_citations(article):
    Generator(SMALL, seed=3, report=lambda line: None).run()
    records, data, queries = read_agreements()

    reports = [r for agreement in records for r in agreement.visible_term_reports]
    assert reports
    for agreement in records:
        citations = list(agreement.citations.all())
        for report in agreement.visible_term_reports:
            assert any(report.citation is c for c in citations)
    assert queries == 0


def test_what_the_api_gives_is_what_each_report_reading_its_own_gives(
    article, monkeypatch
):
    Generator(SMALL, seed=3, report=lambda line: None).run()
    _, shared, _ = read_agreements()

    monkeypatch.setattr(Agreement, "share_evidence_with_reports", lambda self: None)
    _, read_alone, queries = read_agreements()

    assert shared == read_alone
    assert queries > 0  # each report read its citation, source and commitment


def test_a_report_citing_another_agreements_citation_reads_its_own(article, editor):
    # Editors cannot save such a report (TermReport.clean); one written before
    # that rule, or by a script, still shows its own source.
    own = AgreementCitationFactory()
    another = AgreementCitationFactory()
    TermReportFactory(citation=own)
    TermReportFactory(citation=another, agreement=own.record, term=Term.EXPIRES)

    records, data, _ = read_agreements(editor)

    (given,) = [a for a in data if a["slug"] == own.record.slug]
    sources = sorted(report["source"]["slug"] for report in given["term_reports"])
    assert sources == sorted([own.source.slug, another.source.slug])
