"""Editors write through the API: validated like the admin, all or nothing."""

import pytest

from editorial.models import Review
from editorial.review import review_request
from partnerships import models
from tests import factories
from tests.api_records import full_agreement, plain_user, token_client

LIST = "/api/v1/agreements/"


@pytest.fixture
def editor_api(editor):
    return token_client(editor)


@pytest.fixture
def refs(db):
    factories.CompanyFactory(slug="openai", name="OpenAI")
    factories.CompanyFactory(slug="aws", name="AWS")
    factories.SourceFactory(slug="article")


def payload(**overrides) -> dict:
    body = {
        "title": "OpenAI–AWS",
        "slug": "openai-aws",
        "kind": "cloud_compute",
        "status": "announced",
        "expires_on": "2030-01-01",
        "expires_precision": "year",
        "value_amount": "38000000000",
        "value_currency": "USD",
        "value_qualifier": "exact",
        "parties": [
            {"company": "openai", "role": "customer"},
            {"company": "aws", "role": "provider"},
        ],
        "commitments": [
            {
                "kind": "gpu",
                "resource": "NVIDIA GPUs",
                "quantity": "100000",
                "quantity_qualifier": "multiples",
                "unit": "GPUs",
            }
        ],
        "citations": [{"source": "article", "locator": "¶2", "excerpt": "380億美元"}],
        "term_reports": [
            {"term": term, "source": "article", "locator": "¶2", "says": says}
            | {"basis": "announced", "modality": "fact", "commitment": commitment}
            for term, says, commitment in (
                ("status", "宣布", None),
                ("expires", "至2030年", None),
                ("value", "380億美元", None),
                ("commitment", "數十萬張GPU", "NVIDIA GPUs"),
            )
        ],
    }
    return {**body, **overrides}


def test_editor_creates_an_agreement_with_parties_commitments_citations(
    editor_api, refs
):
    response = editor_api.post(LIST, payload(), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == body["url"]
    assert [p["company"]["slug"] for p in body["parties"]] == ["openai", "aws"]
    assert body["commitments"][0]["display"] == "hundreds of thousands of GPUs"
    assert body["citations"][0]["source"]["slug"] == "article"
    assert body["value"]["display"] == "USD 38 billion (announced)"
    assert body["value"]["certainty"]["basis"] == "announced"
    assert body["certainty"]["expires"]["label"] == "announced"
    assert body["commitments"][0]["certainty"]["modality"] == "fact"
    assert body["expires"]["value"] == "2030"
    assert body["publication_status"] == "draft"


def test_editor_can_write_with_the_session_too(editor_client, refs):
    response = editor_client.post(LIST, payload(), content_type="application/json")

    assert response.status_code == 201


def test_anonymous_write_is_401_with_a_challenge(client, refs):
    response = client.post(LIST, payload(), content_type="application/json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not_authenticated"
    assert not models.Agreement.objects.exists()


def test_account_without_permission_is_403(refs):
    response = token_client(plain_user()).post(LIST, payload(), format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_model_rule_breach_is_a_400_on_the_field(editor_api, refs):
    response = editor_api.post(
        LIST,
        payload(effective_on="2031-05-01", effective_precision="month"),
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "expires_on": ["The expiry cannot be before the effective date."]
    }
    assert not models.Agreement.objects.exists()


def test_value_without_currency_is_refused_on_the_currency(editor_api, refs):
    response = editor_api.post(LIST, payload(value_currency=""), format="json")

    assert response.status_code == 400
    assert "value_currency" in response.json()["errors"]


def test_unknown_party_company_names_the_item(editor_api, refs):
    parties = [
        {"company": "openai", "role": "customer"},
        {"company": "nope", "role": "x"},
    ]

    response = editor_api.post(LIST, payload(parties=parties), format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]["parties"]
    assert list(errors) == ["1"]
    assert set(errors["1"]) == {"company", "role"}


def test_failing_nested_item_leaves_nothing_written(editor_api, refs):
    duplicate = [{"company": "openai", "role": "customer"}] * 2

    response = editor_api.post(LIST, payload(parties=duplicate), format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]["parties"]) == ["1"]
    assert not models.Agreement.objects.exists()
    assert not models.AgreementParty.objects.exists()
    assert not models.AgreementCitation.objects.exists()


def test_failing_update_changes_nothing(editor_api, db):
    agreement = full_agreement("deal", title="Before")
    bad_commitment = [{"kind": "gpu", "resource": "GPUs", "quantity": "5"}]

    response = editor_api.patch(
        f"{LIST}deal/",
        {"title": "After", "commitments": bad_commitment},
        format="json",
    )

    assert response.status_code == 400
    assert "quantity_qualifier" in response.json()["errors"]["commitments"]["0"]
    agreement.refresh_from_db()
    assert agreement.title == "Before"
    assert agreement.commitments.count() == 1


def test_put_replaces_nested_lists_and_patch_keeps_them(editor_api, refs):
    editor_api.post(LIST, payload(), format="json")

    put = editor_api.put(
        f"{LIST}openai-aws/",
        payload(
            parties=[{"company": "aws", "role": "provider"}],
            commitments=[],
            term_reports=payload()["term_reports"][:3],
        ),
        format="json",
    )
    patch = editor_api.patch(f"{LIST}openai-aws/", {"title": "Renamed"}, format="json")

    assert put.status_code == 200
    assert [p["company"]["slug"] for p in put.json()["parties"]] == ["aws"]
    assert put.json()["commitments"] == []
    assert patch.json()["title"] == "Renamed"
    assert [p["company"]["slug"] for p in patch.json()["parties"]] == ["aws"]


def test_publishing_without_a_citation_is_refused(editor_api, refs):
    response = editor_api.post(
        LIST,
        payload(citations=[], term_reports=[], publication_status="published"),
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["publication_status"]
    assert (
        models.CITATION_REQUIRED_MESSAGE
        in (response.json()["errors"]["publication_status"])
    )
    assert not models.Agreement.objects.exists()


def test_a_reviewer_publishes_a_cited_draft_and_not_an_uncited_one(
    editor_api, editor, reviewer, refs
):
    bare = factories.AgreementFactory(slug="bare", publication_status="draft")
    editor_api.post(LIST, payload(), format="json")
    cited = models.Agreement.objects.get(slug="openai-aws")
    review_request(record=cited, editor=editor)
    review_request(record=bare, editor=editor)
    reviewer_api = token_client(reviewer)

    published = reviewer_api.patch(
        f"{LIST}openai-aws/", {"publication_status": "published"}, format="json"
    )
    refused = reviewer_api.patch(
        f"{LIST}bare/", {"publication_status": "published"}, format="json"
    )

    assert published.status_code == 200
    assert published.json()["publication_status"] == "published"
    assert Review.objects.get(object_id=cited.pk).reviewed_by == reviewer
    assert refused.status_code == 400
    assert "publication_status" in refused.json()["errors"]


def test_editor_deletes_an_agreement(editor_api, db):
    full_agreement("deal")

    assert editor_api.delete(f"{LIST}deal/").status_code == 204
    assert not models.Agreement.objects.exists()


def test_deleting_a_company_still_party_to_a_deal_is_409(editor_api, refs):
    editor_api.post(LIST, payload(), format="json")

    response = editor_api.delete("/api/v1/companies/openai/")

    assert response.status_code == 409
    assert response.json()["code"] == "protected"
    assert models.Company.objects.filter(slug="openai").exists()


def test_anonymous_delete_is_401(client, db):
    full_agreement("deal")

    assert client.delete(f"{LIST}deal/").status_code == 401
    assert models.Agreement.objects.exists()


def test_company_write_with_kinds_aliases_and_owner(editor_api, refs):
    models.CompanyKind.objects.create(slug="cloud", name="Cloud")
    body = {
        "name": "Amazon Web Services",
        "slug": "amazon-web-services",
        "kinds": ["cloud"],
        "parent": "aws",
        "aliases": [{"name": "AWS", "language": "en"}],
        "citations": [{"source": "article", "excerpt": "AWS"}],
    }

    response = editor_api.post("/api/v1/companies/", body, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["aliases"] == [{"name": "AWS", "language": "en"}]
    assert response.json()["parent"]["slug"] == "aws"
    assert response.json()["kinds"] == [{"slug": "cloud", "name": "Cloud"}]


def test_company_cannot_own_itself(editor_api, refs):
    response = editor_api.patch(
        "/api/v1/companies/aws/", {"parent": "aws"}, format="json"
    )

    assert response.status_code == 400
    assert (
        "parent" in response.json()["errors"]
        or "non_field_errors" in (response.json()["errors"])
    )


def test_empty_slug_reference_is_an_error_not_a_null(editor_api, refs):
    response = editor_api.patch("/api/v1/companies/aws/", {"parent": ""}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "parent": ["Give the slug of a record, or null for none."]
    }


def test_statement_write_with_what_it_is_about(editor_api, refs):
    factories.PersonFactory(slug="altman")
    full_agreement("azure")
    body = {
        "slug": "not-the-case",
        "speaker": "altman",
        "text": "不是這樣的。",
        "language": "zh-Hant",
        "text_en": "That's not the case.",
        "said_on": "2025-10-01",
        "said_precision": "month",
        "source": "article",
        "companies": ["openai"],
        "agreements": ["azure"],
        "citations": [{"source": "article", "excerpt": "不是這樣的。"}],
    }

    response = editor_api.post("/api/v1/statements/", body, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["said"]["display"] == "October 2025"
    assert [a["slug"] for a in response.json()["agreements"]] == ["azure"]


def test_statement_date_must_match_its_precision(editor_api, refs):
    factories.PersonFactory(slug="altman")
    body = {
        "slug": "s",
        "speaker": "altman",
        "text": "x",
        "language": "en",
        "source": "article",
        "said_on": "2025-10-17",
        "said_precision": "month",
    }

    response = editor_api.post("/api/v1/statements/", body, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "said_precision": [
            "A month-precision date is stored as the first day of that month."
        ]
    }


def test_source_and_person_writes(editor_api, refs):
    source = editor_api.post(
        "/api/v1/sources/",
        {
            "title": "Podcast",
            "slug": "podcast",
            "kind": "podcast",
            "language": "en",
            "original_url": "https://example.com/p",
        },
        format="json",
    )
    person = editor_api.post(
        "/api/v1/people/",
        {"name": "Satya Nadella", "slug": "satya", "affiliation": "openai"},
        format="json",
    )

    assert source.status_code == 201, source.content
    assert source.json()["original_url"] == "https://example.com/p"
    assert person.status_code == 201, person.content
    assert person.json()["affiliation"]["slug"] == "openai"


def test_form_encoded_body_is_415(editor_api, refs):
    response = editor_api.post(LIST, {"title": "x"}, format="multipart")

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/api/v1/people/",
            {"name": "Ada", "slug": "ada", "description": -598},
            "description",
        ),
        ("/api/v1/companies/", {"name": 5, "slug": "five"}, "name"),
        (LIST, {"title": True}, "title"),
        (LIST, {"title": "A deal", "value": 5000000000}, "value"),
    ],
)
def test_a_number_where_text_belongs_is_refused_naming_the_field(
    editor_api, db, path, body, field
):
    response = editor_api.post(path, body, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][field] == ["Not a valid string."]
