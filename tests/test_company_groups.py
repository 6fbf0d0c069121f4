"""Groups: a company with what it owns, down to three levels, as readers see it.

In the article, Amazon Web Services (owned by Amazon) is the party to Amazon's
agreements, and Microsoft itself is the party to the Azure ones.
"""

import csv
import io

import pytest

from partnerships import groups
from partnerships.models import Agreement, AgreementParty, Company, PublicationStatus
from partnerships.visibility import EDITOR, PUBLIC
from tests import factories
from tests.browse_records import assert_no_drafts, build_world, without_nonce

DRAFT = PublicationStatus.DRAFT
AMAZON_AGREEMENTS = [
    "AWS cloud compute for Anthropic as its core training partner",
    "OpenAI–AWS cloud computing agreement",
]
AZURE_AGREEMENTS = [
    "OpenAI–Microsoft exclusive Azure cloud arrangement",
    "OpenAI–Microsoft: stateless APIs on Azure through 2030",
]


def owned_chain(depth: int) -> list[Company]:
    """A top company and `depth` companies each owned by the one before, each
    party to one agreement with an outsider of its own."""
    chain = [factories.CompanyFactory(name="Level 0", slug="level-0")]
    for level in range(1, depth + 1):
        chain.append(
            factories.CompanyFactory(
                name=f"Level {level}", slug=f"level-{level}", parent=chain[-1]
            )
        )
    for company in chain:
        agreement = factories.AgreementFactory(title=f"Deal of {company.name}")
        factories.AgreementPartyFactory(agreement=agreement, company=company)
        factories.AgreementPartyFactory(
            agreement=agreement,
            company=factories.CompanyFactory(name=f"Partner of {company.name}"),
            role="provider",
        )
    return chain


def group_titles(reader, owner: Company) -> list[str]:
    parties = groups.group_parties(reader, owner).values("agreement")
    return sorted(
        Agreement.objects.filter(pk__in=parties).values_list("title", flat=True)
    )


def facet(response, param: str) -> dict[str, int]:
    for group in response.context["facets"]:
        if group["facet"].param == param:
            return {choice.label: choice.count for choice in group["choices"]}
    raise AssertionError(f"no facet {param}")


# -- the group itself -------------------------------------------------------------------


def test_a_group_reaches_three_levels_down_and_no_further(db):
    chain = owned_chain(4)
    assert group_titles(PUBLIC, chain[0]) == [
        "Deal of Level 0",
        "Deal of Level 1",
        "Deal of Level 2",
        "Deal of Level 3",
    ]
    assert group_titles(PUBLIC, chain[3]) == ["Deal of Level 3", "Deal of Level 4"]


def test_a_group_does_not_reach_through_a_company_the_reader_may_not_see(db):
    chain = owned_chain(3)
    chain[1].publication_status = DRAFT
    chain[1].save()
    assert group_titles(PUBLIC, chain[0]) == ["Deal of Level 0"]
    assert group_titles(EDITOR, chain[0]) == [
        "Deal of Level 0",
        "Deal of Level 1",
        "Deal of Level 2",
        "Deal of Level 3",
    ]


def test_top_owners_are_the_highest_within_three_levels(db):
    chain = owned_chain(4)
    owned = Company.objects.filter(parent__isnull=False).select_related("parent")
    tops = {pk: top.name for pk, top in groups.top_owners(owned).items()}
    assert tops == {
        chain[1].pk: "Level 0",
        chain[2].pk: "Level 0",
        chain[3].pk: "Level 0",
        chain[4].pk: "Level 1",
    }


# -- the company page ---------------------------------------------------------------------


def test_amazons_page_lists_the_agreements_of_aws_via_aws(client, article):
    response = client.get("/companies/amazon/")
    assert response.context["as_party"] == []
    rows = response.context["via_owned"]
    assert [row["agreement"].title for row in rows] == AMAZON_AGREEMENTS
    assert [[c.name for c in row["via"]] for row in rows] == [
        ["Amazon Web Services"],
        ["Amazon Web Services"],
    ]
    assert [[p.company.name for p in row["counterparties"]] for row in rows] == [
        ["Anthropic"],
        ["OpenAI"],
    ]
    content = response.content.decode()
    assert 'via <a href="/companies/amazon-web-services/">Amazon Web Services</a>' in (
        content
    )
    assert "<dd>0 as a party, 2 with the companies it owns</dd>" in content
    assert "2 agreements name a company Amazon owns and not Amazon itself." in content


def test_microsofts_page_lists_the_azure_agreements_it_is_party_to(client, article):
    # Microsoft, not Microsoft Azure, is the party the article names, so the
    # Azure agreements are Microsoft's own and none comes through Azure.
    response = client.get("/companies/microsoft/")
    titles = sorted(row["agreement"].title for row in response.context["as_party"])
    assert titles == AZURE_AGREEMENTS
    assert response.context["via_owned"] == []
    assert "Agreements of the companies it owns" not in response.content.decode()


def test_an_owned_companys_page_keeps_its_own_list(client, article):
    aws = client.get("/companies/amazon-web-services/")
    titles = sorted(row["agreement"].title for row in aws.context["as_party"])
    assert titles == AMAZON_AGREEMENTS
    assert aws.context["via_owned"] == []
    azure = client.get("/companies/microsoft-azure/").content.decode()
    assert "No published agreement names Microsoft Azure as a party." in azure


def test_an_agreement_the_owner_is_party_to_is_listed_once_as_its_own(client, db):
    owner = factories.CompanyFactory(name="Owner", slug="owner")
    owned = factories.CompanyFactory(name="Owned", parent=owner)
    agreement = factories.AgreementFactory(title="Both")
    factories.AgreementPartyFactory(agreement=agreement, company=owner)
    factories.AgreementPartyFactory(agreement=agreement, company=owned, role="provider")
    response = client.get("/companies/owner/")
    assert [row["agreement"].title for row in response.context["as_party"]] == ["Both"]
    assert response.context["via_owned"] == []


def test_the_owner_page_shows_no_draft_of_its_group(client, db):
    # Owner Holdings owns a draft company party to Deal 00 and to a draft deal.
    build_world(2)
    response = client.get("/companies/owner-holdings/")
    assert [row["agreement"].title for row in response.context["via_owned"]] == [
        "Deal 00",
        "Deal 01",
    ]
    assert_no_drafts(response.content)


# -- the companies list ------------------------------------------------------------------


def test_the_list_shows_the_group_count_where_it_differs(client, article):
    response = client.get("/companies/")
    rows = {c.name: c for c in response.context["records"]}
    assert (rows["Amazon"].agreement_count, rows["Amazon"].group_agreement_count) == (
        0,
        2,
    )
    assert rows["Microsoft"].group_agreement_count == 2
    content = response.content.decode()
    assert '0 <span class="group-count">(2 with owned companies)</span>' in content
    assert content.count("with owned companies)") == 1


def test_the_list_sorts_by_most_agreements_and_by_most_with_owned_companies(
    client, article
):
    by_own = client.get("/companies/?sort=-agreements").context["records"]
    assert by_own[0].name == "OpenAI"
    assert [c.name for c in by_own].index("Amazon") > 3
    by_group = client.get("/companies/?sort=-group-agreements").context["records"]
    assert [c.name for c in by_group][:3] == ["OpenAI", "Amazon", "Amazon Web Services"]


def test_the_csv_has_a_group_agreements_column(client, article):
    response = client.get("/companies/?format=csv")
    rows = {
        row["name"]: row
        for row in csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig")))
    }
    assert (rows["Amazon"]["agreements"], rows["Amazon"]["group_agreements"]) == (
        "0",
        "2",
    )
    assert rows["Amazon Web Services"]["group_agreements"] == "2"


def test_the_list_does_not_count_what_a_draft_owns_or_a_draft_agreement(client, db):
    build_world(2)
    response = client.get("/companies/")
    rows = {c.name: c for c in response.context["records"]}
    # Owner Holdings owns Cloud 00 and Cloud 01 (a deal each) and a draft company
    # party to Deal 00 and to a draft deal.
    assert rows["Owner Holdings"].group_agreement_count == 2


@pytest.mark.parametrize("size", [3, 15])
def test_the_list_runs_the_same_queries_whatever_the_number_of_groups(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    # 5 queries: the kind and owner facets, the count for the pager, the page of
    # companies with their owners, agreement and group agreement counts, their
    # kinds
    with django_assert_num_queries(5):
        client.get("/companies/?sort=-group-agreements")


def test_a_group_names_the_party_end_it_checks_itself_and_no_other(db):
    # group_parties leaves the party's company to in_group's levels; a name that
    # is no end of the link would leave nothing unchecked by mistake, silently.
    with pytest.raises(ValueError, match="AgreementParty has no end compnay"):
        PUBLIC.links(AgreementParty, checked=["compnay"])
    assert PUBLIC.links(AgreementParty, checked=["company"]).count() == 0


# -- the agreements list -----------------------------------------------------------------


def test_the_group_facet_offers_owners_counted_by_their_groups_agreements(
    client, article
):
    assert facet(client.get("/agreements/"), "group") == {
        "Amazon": 2,
        "Microsoft": 2,
    }


def test_selecting_amazon_lists_the_agreements_of_aws(client, article):
    response = client.get("/agreements/?group=amazon")
    assert sorted(a.title for a in response.context["records"]) == AMAZON_AGREEMENTS
    assert facet(response, "company")["Amazon Web Services"] == 2


def test_the_group_facet_counts_what_the_other_filters_leave(client, article):
    response = client.get("/agreements/?q=anthropic")
    assert facet(response, "group") == {"Amazon": 1}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("group=nobody", "There is no company “nobody” to filter by (group)."),
        ("group=openai", "“openai” owns no company, so its group is itself (group)"),
    ],
)
def test_the_group_facet_refuses_what_is_no_group(client, article, query, message):
    response = client.get(f"/agreements/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_draft_owner_is_refused_as_an_unknown_company(client, db):
    draft_owner = factories.CompanyFactory(
        name="Draft owner", slug="draft-owner", publication_status=DRAFT
    )
    owned = factories.CompanyFactory(parent=draft_owner)
    factories.AgreementPartyFactory(company=owned)
    draft = client.get("/agreements/?group=draft-owner")
    unknown = client.get("/agreements/?group=nobodyatal")
    assert draft.status_code == unknown.status_code == 400
    blanked = without_nonce(draft.content.decode()).replace("draft-owner", "«asked»")
    assert blanked == without_nonce(unknown.content.decode()).replace(
        "nobodyatal", "«asked»"
    )
    assert "Draft owner" not in facet(client.get("/agreements/"), "group")


# -- the API ----------------------------------------------------------------------------

AGREEMENTS_API = "/api/v1/agreements/"


def api_slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(record["slug"] for record in response.json()["results"])


@pytest.mark.parametrize("value", ["true", "1", "TRUE"])
def test_include_owned_adds_the_agreements_of_what_the_party_owns(
    client, article, value
):
    response = client.get(AGREEMENTS_API, {"party": "amazon", "include_owned": value})
    assert api_slugs(response) == [
        "aws-anthropic-cloud-training",
        "openai-aws-cloud-compute",
    ]


@pytest.mark.parametrize("value", ["false", "0"])
def test_include_owned_false_keeps_to_the_party(client, article, value):
    response = client.get(AGREEMENTS_API, {"party": "amazon", "include_owned": value})
    assert api_slugs(response) == []


def test_include_owned_goes_with_party_role(client, article):
    query = {"party": "amazon", "include_owned": "true"}
    as_provider = client.get(AGREEMENTS_API, {**query, "party_role": "provider"})
    assert len(api_slugs(as_provider)) == 2
    as_customer = client.get(AGREEMENTS_API, {**query, "party_role": "customer"})
    assert api_slugs(as_customer) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"party": "amazon", "include_owned": "maybe"}, "Give true or false"),
        ({"party": "amazon", "include_owned": "yes"}, "Give true or false"),
        ({"party": "amazon", "include_owned": ""}, "Give a value"),
        ({"include_owned": "true"}, "Give `party` too"),
        ({"include_owned": "false"}, "Give `party` too"),
        ({"party": "", "include_owned": "true"}, "Give `party` too"),
    ],
)
def test_a_bad_include_owned_is_a_400_naming_it(client, article, query, message):
    response = client.get(AGREEMENTS_API, query)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["include_owned"]
    assert errors["include_owned"][0].startswith(message)


def test_include_owned_of_a_draft_answers_as_of_an_unknown_party(client, db):
    draft_owner = factories.CompanyFactory(slug="draft-owner", publication_status=DRAFT)
    factories.AgreementPartyFactory(
        company=factories.CompanyFactory(parent=draft_owner)
    )
    draft = client.get(AGREEMENTS_API, {"party": "draft-owner", "include_owned": 1})
    unknown = client.get(AGREEMENTS_API, {"party": "nobodyatal", "include_owned": 1})
    assert draft.status_code == unknown.status_code == 200
    assert draft.content == unknown.content


def test_include_owned_is_documented_in_the_schema(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()
    parameters = schema["paths"][AGREEMENTS_API]["get"]["parameters"]
    [include_owned] = [p for p in parameters if p["name"] == "include_owned"]
    assert include_owned["schema"] == {"type": "boolean"}
    assert "party=amazon&include_owned=true" in include_owned["description"]


@pytest.mark.parametrize("size", [3, 15])
def test_include_owned_runs_the_queries_of_any_list(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    # 7 queries: the count, the page of agreements with successors, their
    # parties with companies, commitments, citations with sources, the
    # agreements they superseded, the reports of their terms
    with django_assert_num_queries(7):
        response = client.get(
            AGREEMENTS_API, {"party": "owner-holdings", "include_owned": "true"}
        )
    assert response.json()["count"] == size


# -- the network -------------------------------------------------------------------------


def test_the_network_draws_each_group_as_one_node(client, article):
    chart = client.get("/network/?groups=1").context["chart"]
    nodes = {node.label: [m.name for m in node.members] for node in chart.nodes}
    assert nodes["Amazon (group)"] == ["Amazon", "Amazon Web Services"]
    assert nodes["Microsoft (group)"] == ["Microsoft", "Microsoft Azure"]
    assert "Amazon Web Services" not in nodes and "OpenAI" in nodes
    amazon = next(node for node in chart.nodes if node.label == "Amazon (group)")
    assert amazon.degree == 2
    assert chart.ownership == []


def test_each_company_is_a_node_without_groups(client, article):
    chart = client.get("/network/").context["chart"]
    labels = {node.label for node in chart.nodes}
    # Amazon is in no agreement: drawn as the owner of AWS, which is.
    assert {"Amazon", "Amazon Web Services", "Microsoft"} <= labels
    assert not any("(group)" in label for label in labels)


def test_an_agreement_within_one_group_is_listed_not_drawn(client, db):
    owner = factories.CompanyFactory(name="Owner")
    owned = factories.CompanyFactory(name="Owned", parent=owner)
    agreement = factories.AgreementFactory(title="In the family")
    factories.AgreementPartyFactory(agreement=agreement, company=owner)
    factories.AgreementPartyFactory(agreement=agreement, company=owned, role="provider")
    response = client.get("/network/?groups=1")
    chart = response.context["chart"]
    assert chart.edges == []
    assert [a.title for a in chart.within_groups] == ["In the family"]
    assert "(all in one group, so not drawn)" in response.content.decode()
    assert len(client.get("/network/").context["chart"].edges) == 1


def test_a_company_owned_by_a_draft_is_its_own_node(client, db):
    build_world(2)  # Owner Holdings owns Cloud 00, Cloud 01 and a draft company
    response = client.get("/network/?groups=1")
    labels = sorted(node.label for node in response.context["chart"].nodes)
    assert labels == ["Lab 00", "Lab 01", "Owner Holdings (group)"]
    assert_no_drafts(response.content)


def test_the_network_links_one_drawing_to_the_other(client, article):
    by_company = client.get("/network/").content.decode()
    assert '<a href="/network/?groups=1">Draw each group as one node</a>' in by_company
    by_group = client.get("/network/?groups=1").content.decode()
    assert '<a href="/network/">Draw each company</a>' in by_group
    assert ">Amazon (group)</text>" in by_group


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("groups=0", "“0” is not a value of groups"),
        ("groups=yes", "“yes” is not a value of groups"),
        ("groups=", "“” is not a value of groups"),
        ("groups=1&groups=1", "Give groups only once."),
        ("groups=1&layout=force", "Unknown parameter layout"),
    ],
)
def test_the_network_refuses_any_other_query_with_400_naming_it(
    client, db, query, message
):
    response = client.get(f"/network/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("size", [3, 15])
def test_the_network_of_groups_runs_the_same_queries(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    # 6 queries: the companies chosen, how many agreements are between them,
    # the agreements, their parties with companies, the current reports of
    # their terms, the companies with a published owner
    with django_assert_num_queries(6):
        response = client.get("/network/?groups=1")
    assert response.status_code == 200
