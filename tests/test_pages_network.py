"""The network: companies as nodes, agreements as edges, with a text list."""

import pytest

from tests import factories
from tests.browse_records import assert_no_drafts, build_world


@pytest.mark.parametrize("size", [3, 15])
def test_it_runs_the_same_queries_whatever_the_number_of_agreements(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    # 4 queries: the agreements, their parties with companies, the current
    # reports of their terms, the companies with a published owner
    with django_assert_num_queries(4):
        response = client.get("/network/")
    assert response.status_code == 200


def test_companies_are_nodes_and_agreements_edges(client, db):
    build_world(2)
    chart = client.get("/network/").context["chart"]
    assert sorted(node.company.name for node in chart.nodes) == [
        "Cloud 00",
        "Cloud 01",
        "Lab 00",
        "Lab 01",
        "Owner Holdings",
    ]
    assert sorted(edge.agreement.title for edge in chart.edges) == [
        "Deal 00",
        "Deal 01",
    ]
    owned = sorted(
        (child.company.name, owner.company.name) for child, owner in chart.ownership
    )
    assert owned == [("Cloud 00", "Owner Holdings"), ("Cloud 01", "Owner Holdings")]


def test_two_agreements_between_the_same_companies_are_drawn_apart(client, db):
    one, two = factories.CompanyFactory(), factories.CompanyFactory()
    for _ in range(2):
        agreement = factories.AgreementFactory()
        factories.AgreementPartyFactory(agreement=agreement, company=one)
        factories.AgreementPartyFactory(
            agreement=agreement, company=two, role="provider"
        )
    edges = client.get("/network/").context["chart"].edges
    assert len(edges) == 2
    assert edges[0].path != edges[1].path


def test_an_agreement_with_one_published_party_is_listed_but_not_drawn(client, db):
    party = factories.AgreementPartyFactory(agreement__title="Lonely deal")
    response = client.get("/network/")
    assert response.context["chart"].edges == []
    assert [a.title for a in response.context["chart"].unlinked] == ["Lonely deal"]
    assert "no other published party, so not drawn" in response.content.decode()
    assert party.company.name in response.content.decode()


def test_the_chart_has_a_text_alternative(client, db):
    build_world(1)
    content = client.get("/network/").content.decode()
    assert 'role="img" aria-labelledby="network-svg-title"' in content
    assert "The same links as a list" in content
    assert "Cloud 00</a> is owned by <a" in content


def test_drafts_are_not_in_the_network(client, db):
    build_world(2)
    response = client.get("/network/")
    assert_no_drafts(response.content)


def test_parameters_are_refused(client, db):
    assert client.get("/network/?layout=force").status_code == 400
