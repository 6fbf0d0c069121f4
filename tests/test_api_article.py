"""The article's records through the API, as a journalist's script sees them."""

LIST = "/api/v1/agreements/"


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [record["slug"] for record in response.json()["results"]]


def test_openai_is_party_to_six_of_the_seven_agreements(client, article):
    found = slugs(client.get(LIST, {"party": "openai"}))

    assert len(found) == 6
    assert "aws-anthropic-cloud-training" not in found
    assert "openai-aws-cloud-compute" in found


def test_aws_alias_finds_amazon_web_services_agreements(client, article):
    found = slugs(client.get(LIST, {"search": "AWS"}))

    assert set(found) == {"openai-aws-cloud-compute", "aws-anthropic-cloud-training"}


def test_the_aws_deal_reads_as_the_article_reported_it(client, article):
    body = client.get(f"{LIST}openai-aws-cloud-compute/").json()

    assert body["value"]["display"] == "USD 38 billion"
    assert body["value"]["as_reported"] == "380億美元"
    assert {p["company"]["slug"] for p in body["parties"]} == {
        "openai",
        "amazon-web-services",
    }
    assert body["citations"], "every published agreement cites its source"


def test_statements_by_sam_altman(client, article):
    response = client.get("/api/v1/statements/", {"speaker": "sam-altman"})

    assert response.json()["count"] >= 1
    assert all(s["speaker"]["slug"] == "sam-altman" for s in response.json()["results"])
