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

    assert body["value"]["display"] == "USD 38 billion (announced)"
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


def test_the_nvidia_deal_is_possible_planned_and_reported_from_unnamed_sources(
    client, article
):
    body = client.get(f"{LIST}openai-nvidia-10gw-partnership/").json()

    assert body["value"]["display"] == (
        "may exceed USD 100 billion (reported, unnamed sources)"
    )
    assert body["value"]["certainty"] == {
        "basis": "unnamed_sources",
        "modality": "possible",
        "label": "possible; reported, unnamed sources",
    }
    (gigawatts,) = body["commitments"]
    assert gigawatts["shown"] == (
        "planned: up to 10 GW (NVIDIA AI supercomputer capacity) "
        "(reported, unnamed sources)"
    )
    assert body["certainty"]["status"]["modality"] == "possible"
    (value_report,) = [r for r in body["term_reports"] if r["term"] == "value"]
    assert value_report["says"] == "整個項目的投資金額可能超過1000億美元"
    assert value_report["is_current"] is True


def test_the_azure_expiry_is_stated_by_altman(client, article):
    body = client.get(f"{LIST}openai-microsoft-azure-stateless-api/").json()

    assert body["certainty"]["expires"]["basis"] == "executive"
    assert body["certainty"]["exclusivity"]["label"] == "stated by an executive"
