"""A company's page: its agreements and counterparties, owner and subsidiaries,
its people, what they said and what others said about it."""

import pytest

from tests import factories
from tests.browse_records import assert_no_drafts, build_world

# The 5 queries every company page runs: the company with its owner, its
# kinds, its other names, its published subsidiaries, its citations with
# sources.
EVERY_PAGE = 5
# Until the next write, a company's figures are kept (readercache.counts):
# the totals of its lists (its party rows and agreements, its group's
# agreements, its people, what its people said, what others said about it) and its
# group's companies in 2 queries, and the value totals by certainty of its
# group's agreements, if any, in 1.
FIGURES = 2
VALUE_TOTALS = 1


@pytest.fixture
def figures_kept(settings):
    settings.COUNTS_CACHE_SECONDS = 60
    settings.READER_CACHE_SECONDS = 0  # each page made afresh


@pytest.mark.parametrize("size", [3, 15])
def test_it_runs_the_same_queries_whatever_the_number_of_records(
    client, db, django_assert_num_queries, size, figures_kept
):
    build_world(size)
    factories.CompanyFactory(name="Loner", slug="loner")
    # 5 more: its page of party rows with agreements, the parties of those
    # agreements with companies, the current reports of their terms, its page
    # of people, its page of statements by its people (none is about it)
    with django_assert_num_queries(EVERY_PAGE + FIGURES + VALUE_TOTALS + 5):
        response = client.get("/companies/lab-01/")
    assert response.status_code == 200
    with django_assert_num_queries(EVERY_PAGE + 5):
        response = client.get("/companies/lab-01/")
    assert response.status_code == 200
    # 3 more for an owner whose agreements are all its subsidiaries': its page
    # of its group's agreements, their parties, their reports
    with django_assert_num_queries(EVERY_PAGE + FIGURES + VALUE_TOTALS + 3):
        response = client.get("/companies/owner-holdings/")
    assert response.status_code == 200
    assert len(response.context["via_owned"]) == size
    # None more for a company whose lists are empty: their totals say so.
    with django_assert_num_queries(EVERY_PAGE + FIGURES):
        response = client.get("/companies/loner/")
    assert response.status_code == 200
    with django_assert_num_queries(EVERY_PAGE):
        response = client.get("/companies/loner/")
    assert response.status_code == 200


def test_a_company_with_every_list_runs_one_query_per_list(
    client, db, django_assert_num_queries
):
    owner = factories.CompanyFactory(slug="owner")
    owned = factories.CompanyFactory(parent=owner)
    for company in (owner, owned):
        factories.AgreementPartyFactory(company=company)
    speaker = factories.PersonFactory(affiliation=owner)
    factories.StatementFactory(speaker=speaker)
    factories.StatementFactory().companies.add(owner)
    # 7 more: its page of party rows, its page of its group's other
    # agreements, the parties and the reports of both pages' agreements, its
    # page of people, its page of statements by its people, its page of
    # statements about it
    with django_assert_num_queries(EVERY_PAGE + FIGURES + VALUE_TOTALS + 7):
        response = client.get("/companies/owner/")
    assert [len(response.context[name]) for name in LISTS] == [1, 1, 1, 1, 1]


LISTS = ("as_party", "via_owned", "people", "said_by_its_people", "said_about_it")


def test_it_lists_its_agreements_with_role_and_counterparties(client, db):
    build_world(2)
    response = client.get("/companies/lab-01/")
    content = response.content.decode()
    assert '<a href="/agreements/deal-01/">Deal 01</a>' in content
    [row] = response.context["as_party"]
    assert row["role"] == "Customer"
    assert [party.company.name for party in row["counterparties"]] == ["Cloud 01"]


def test_it_shows_its_owner_and_its_subsidiaries(client, db):
    build_world(2)
    cloud = client.get("/companies/cloud-00/").content.decode()
    assert 'Owned by</dt><dd><a href="/companies/owner-holdings/">' in cloud
    owner = client.get("/companies/owner-holdings/")
    subsidiaries = [c.name for c in owner.context["company"].public_subsidiaries]
    assert subsidiaries == ["Cloud 00", "Cloud 01"]


def test_it_shows_what_its_people_said_and_what_others_said_about_it(client, db):
    build_world(2)
    lab = client.get("/companies/lab-00/")
    assert [s.slug for s in lab.context["said_by_its_people"]] == ["said-00"]
    assert lab.context["said_about_it"] == []
    cloud = client.get("/companies/cloud-00/")
    assert [s.slug for s in cloud.context["said_about_it"]] == ["said-00"]
    assert "Chief 00" in [person.name for person in lab.context["people"]]


def test_its_people_are_listed_a_page_at_a_time(client, db, settings):
    settings.RECORD_PAGE_SIZE = 2
    lab = factories.CompanyFactory(slug="lab")
    for name in ["Cy", "Ann", "Bo"]:
        factories.PersonFactory(name=name, affiliation=lab)
    first = client.get("/companies/lab/")
    assert [person.name for person in first.context["people"]] == ["Ann", "Bo"]
    assert first.context["people_section"].has_next
    assert "?people=2#people-heading" in first.content.decode()
    second = client.get("/companies/lab/?people=2")
    assert [person.name for person in second.context["people"]] == ["Cy"]


def test_it_shows_other_names_in_their_language(client, db):
    company = factories.CompanyFactory(name="Amazon Web Services")
    company.aliases.create(name="亞馬遜雲科技", language="zh-Hant")
    content = client.get(company.get_absolute_url()).content.decode()
    assert '<span lang="zh-Hant">亞馬遜雲科技</span>' in content


def test_drafts_do_not_appear_in_any_of_its_lists(client, db):
    build_world(2)
    # Lab 00 is party to the draft deal, owner of the draft company, employer of
    # the draft person and subject of the draft statement.
    assert_no_drafts(client.get("/companies/lab-00/").content)


def test_a_draft_company_is_404(client, db):
    draft = factories.CompanyFactory(publication_status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_article_company_page_lists_openai_agreements(client, article):
    response = client.get("/companies/openai/")
    titles = {row["agreement"].title for row in response.context["as_party"]}
    assert "OpenAI–AWS cloud computing agreement" in titles
