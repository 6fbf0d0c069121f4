"""The network: companies as nodes, agreements as edges, with a text list."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from partnerships import models
from partnerships.certainty import Basis, Modality
from partnerships.charts import (
    NODE_CHAR_WIDTH,
    STATUS_COLOURS,
    _label_box,
    _overlaps,
    _text_width,
)
from partnerships.models import Term
from tests import factories
from tests.browse_records import assert_no_drafts, build_world


@pytest.mark.parametrize("size", [3, 15])
def test_it_runs_the_same_queries_whatever_the_number_of_agreements(
    client, db, django_assert_num_queries, size, settings
):
    settings.COUNTS_CACHE_SECONDS = 60
    settings.READER_CACHE_SECONDS = 0  # each page made afresh
    build_world(size)
    # 6 queries the first time: the companies chosen (ranked, with how many
    # companies the party rows name), how many agreements are between them,
    # then the 4 of every request
    with django_assert_num_queries(6):
        assert client.get("/network/").status_code == 200
    # 4 while the choice is kept (until the next write): the agreements, their
    # parties with companies, the current reports of their terms, the
    # companies with a published owner
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


def test_owners_are_drawn_and_what_a_company_owns_only_with_an_agreement(client, db):
    build_world(1)
    holdings = models.Company.objects.get(name="Owner Holdings")
    factories.CompanyFactory(name="Dormant Subsidiary", parent=holdings)
    lab = models.Company.objects.get(name="Lab 00")
    for number in range(3):  # what a company owns grew with the data
        factories.CompanyFactory(name=f"Lab unit {number}", parent=lab)

    chart = client.get("/network/").context["chart"]

    names = {node.company.name for node in chart.nodes}
    assert names == {"Cloud 00", "Lab 00", "Owner Holdings"}


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
    assert 'role="group" aria-labelledby="network-svg-title"' in content
    assert "The same links as a table" in content
    assert "Cloud 00</a> is owned by <a" in content


def test_drafts_are_not_in_the_network(client, db):
    build_world(2)
    response = client.get("/network/")
    assert_no_drafts(response.content)


def test_parameters_are_refused(client, db):
    assert client.get("/network/?layout=force").status_code == 400


def deal(customer, provider, **fields):
    agreement = factories.AgreementFactory(**fields)
    factories.AgreementPartyFactory(
        agreement=agreement, company=customer, role="customer"
    )
    factories.AgreementPartyFactory(
        agreement=agreement, company=provider, role="provider"
    )
    return agreement


def test_an_arrow_runs_from_the_customer_to_its_provider(client, db):
    lab = factories.CompanyFactory(name="Zeta Lab")
    cloud = factories.CompanyFactory(name="Alpha Cloud")
    deal(lab, cloud, title="Compute")
    chart = client.get("/network/").context["chart"]
    [edge] = chart.edges
    assert (edge.source.company, edge.target.company, edge.directed) == (
        lab,
        cloud,
        True,
    )
    assert edge.relation == "Zeta Lab buys from Alpha Cloud"
    # Buyers on the left, sellers on the right, whatever their names.
    assert edge.source.x < edge.target.x
    content = client.get("/network/").content.decode()
    assert f'marker-end="url(#arrow-{edge.agreement.status})"' in content


@pytest.mark.parametrize(
    ("buyer", "seller"),
    [
        ("Zeta Lab", "Alpha Cloud"),
        ("Delta Networks Holdings International 29", "Alpha Cloud"),
        ("Zeta Lab", "亚马逊云科技国际控股有限公司北京分公司"),
    ],
)
def test_every_name_is_drawn_inside_the_chart(client, db, settings, buyer, seller):
    settings.READER_CACHE_SECONDS = 0
    deal(
        factories.CompanyFactory(name=buyer),
        factories.CompanyFactory(name=seller),
        title="Compute",
    )
    chart = client.get("/network/").context["chart"]
    for node in chart.nodes:
        width = _text_width(node.label, NODE_CHAR_WIDTH)
        start = node.label_x - width if node.anchor == "end" else node.label_x
        assert 0 <= start and start + width <= chart.width, node.label
    content = client.get("/network/").content.decode()
    assert f'viewBox="0 0 {chart.width} {chart.height}"' in content


def test_partners_are_joined_without_an_arrow(client, db):
    one, two = factories.CompanyFactory(), factories.CompanyFactory()
    agreement = factories.AgreementFactory()
    for company in (one, two):
        factories.AgreementPartyFactory(
            agreement=agreement, company=company, role="partner"
        )
    response = client.get("/network/")
    [edge] = response.context["chart"].edges
    assert not edge.directed
    assert "marker-end" not in response.content.decode().split("<svg", 2)[-1]


def test_each_arrow_is_labelled_with_the_value_and_how_sure_it_is(client, db):
    agreement = deal(
        factories.CompanyFactory(name="Lab"),
        factories.CompanyFactory(name="Chips"),
        value_amount=Decimal("100000000000"),
        value_currency="USD",
        value_qualifier="over",
    )
    factories.TermReportFactory(
        agreement=agreement,
        term=Term.VALUE,
        basis=Basis.UNNAMED_SOURCES,
        modality=Modality.POSSIBLE,
    )
    response = client.get("/network/")
    [edge] = response.context["chart"].edges
    assert edge.short_label == "may exceed USD 100 bn (possible)"
    content = response.content.decode()
    assert 'class="edge-label">may exceed USD 100 bn (possible)</text>' in content
    assert re.search(
        r'<td data-label="Value">may exceed USD 100 bn \(possible; reported, '
        r"unnamed sources\)</td>",
        content,
    )


def test_an_arrow_without_a_value_says_so(client, db):
    deal(factories.CompanyFactory(), factories.CompanyFactory())
    [edge] = client.get("/network/").context["chart"].edges
    assert edge.short_label == "no value reported"


def test_labels_of_arrows_from_one_buyer_do_not_cover_each_other(client, db):
    lab = factories.CompanyFactory(name="Lab")
    for n in range(6):
        deal(lab, factories.CompanyFactory(name=f"Cloud {n}"))
    edges = client.get("/network/").context["chart"].edges
    places = {(edge.label_x, edge.label_y) for edge in edges}
    assert len(places) == 6
    boxes = [_label_box(edge.short_label, edge.label_x, edge.label_y) for edge in edges]
    for index, box in enumerate(boxes):
        assert not _overlaps(box, boxes[:index] + boxes[index + 1 :])


def test_no_status_is_drawn_in_the_focus_colour():
    css = (Path(settings.BASE_DIR) / "static/partnerships/site.css").read_text()
    focus = re.search(r"--focus: (#[0-9a-f]{6});", css)[1]
    assert focus not in {colour for _, colour in STATUS_COLOURS.values()}
    assert f"background: {focus}" not in css
