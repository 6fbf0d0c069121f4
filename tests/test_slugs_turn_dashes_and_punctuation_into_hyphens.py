"""A slug made from a title separates the words that dashes and punctuation
separate; the admin makes one from the title when the editor leaves it blank."""

import pytest
from django.urls import reverse

from partnerships.models import Agreement, Company
from partnerships.slugs import slug_from
from tests.admin_forms import admin_form_data


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Microsoft–CoreWeave compute deal", "microsoft-coreweave-compute-deal"),
        ("OpenAI—AWS: $38bn / 7 years", "openai-aws-38bn-7-years"),
        ("Oracle-OpenAI (Stargate)", "oracle-openai-stargate"),
        ("OpenAI's deal with AMD", "openais-deal-with-amd"),
        ("Société Générale", "societe-generale"),
        ("  --Nebius × Microsoft--  ", "nebius-microsoft"),
        ("甲骨文", ""),
    ],
)
def test_dashes_and_punctuation_become_hyphens(text, slug):
    assert slug_from(text) == slug


def test_a_long_slug_is_cut_at_the_fields_length_without_a_trailing_hyphen():
    assert slug_from("abc def ghi", max_length=4) == "abc"


@pytest.mark.django_db
def test_a_blank_slug_is_made_from_the_title_in_the_admin(editor_client):
    url = reverse("admin:partnerships_agreement_add")
    data = admin_form_data(editor_client.get(url))
    data |= {
        "title": "Microsoft–CoreWeave compute deal",
        "slug": "",
        "kind": "cloud_compute",
        "status": "announced",
        "publication_status": "draft",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Agreement.objects.get().slug == "microsoft-coreweave-compute-deal"


@pytest.mark.django_db
def test_a_name_without_latin_letters_asks_for_a_slug(editor_client):
    url = reverse("admin:partnerships_company_add")
    data = admin_form_data(editor_client.get(url))
    data |= {"name": "甲骨文", "slug": "", "publication_status": "draft"}
    response = editor_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["slug"]
    assert "has no letters or digits" in errors[0]
    assert not Company.objects.exists()


@pytest.mark.django_db
def test_the_admin_page_loads_the_slug_script_with_urlify(editor_client):
    page = editor_client.get(reverse("admin:partnerships_agreement_add"))
    html = page.content.decode()
    assert "admin/js/urlify.js" in html and "partnerships/admin_slug.js" in html
