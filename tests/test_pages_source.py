"""A source's page: what it is, where to read it and every record that cites it."""

import pytest

from partnerships.models import CompanyCitation
from tests import factories
from tests.browse_records import assert_no_drafts, build_world


@pytest.mark.parametrize("size", [3, 15])
def test_it_runs_the_same_queries_whatever_the_number_of_citations(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    # 7 queries: the source with the source it is known through, the sources it
    # reports on, its statements with speakers, the agreements, companies, people
    # and statements citing it
    with django_assert_num_queries(7):
        response = client.get("/sources/the-article/")
    assert response.status_code == 200


def test_it_lists_every_record_that_cites_it_with_the_excerpt(client, db):
    build_world(1)
    response = client.get("/sources/the-article/")
    content = response.content.decode()
    for path in ("/agreements/deal-00/", "/companies/cloud-00/", "/people/chief-00/"):
        assert f'href="{path}"' in content
    assert "The excerpt that supports the record." in content
    counts = {label: len(group) for label, group in response.context["citations"]}
    assert counts == {"Agreements": 1, "Companies": 1, "People": 1, "Statements": 1}


def test_a_citing_statement_is_named_by_its_words_as_published(client, db):
    build_world(1)
    content = client.get("/sources/the-article/").content.decode()
    assert '<a href="/statements/said-00/">Chief 00 says it is not so</a>' in content


def test_it_links_to_the_original_and_the_source_it_is_known_through(client, db):
    article = factories.SourceFactory(title="The article")
    podcast = factories.SourceFactory(
        title="The podcast", url="https://example.com/pod", reported_in=article
    )
    content = client.get(podcast.get_absolute_url()).content.decode()
    assert 'href="https://example.com/pod"' in content
    link = f'<a href="{article.get_absolute_url()}"><span lang="en">The article'
    assert link in content


def test_draft_records_citing_it_are_not_shown(client, db):
    build_world(1)
    source = factories.SourceFactory(slug="s")
    draft = factories.CompanyFactory(
        name="Secret Draftco 2", publication_status="draft"
    )
    CompanyCitation.objects.create(record=draft, source=source, excerpt="x")
    assert_no_drafts(client.get("/sources/s/").content)
    assert_no_drafts(client.get("/sources/the-article/").content)


def test_a_draft_source_is_404(client, db):
    draft = factories.SourceFactory(publication_status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
