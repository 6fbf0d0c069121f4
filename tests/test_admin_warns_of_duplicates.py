"""Adding a company, person or source whose name (or a company's alias) is
close to an existing one warns, with links, before saving: the editor saves
only after ticking "This is not a duplicate"."""

import pytest

from partnerships import models
from tests.admin_forms import admin_form_data
from tests.factories import CompanyFactory, PersonFactory, SourceFactory

pytestmark = pytest.mark.django_db

WARNING = "Possible duplicates:"


def company_form(client, url: str) -> dict:
    data = admin_form_data(client.get(url))
    if not data.get("kinds"):
        del data["kinds"]  # none chosen: a browser sends nothing
    return data


def add_company(client, name: str, alias: str = "", **extra):
    data = company_form(client, "/admin/partnerships/company/add/")
    data.update(name=name, slug="", publication_status="draft", **extra)
    if alias:
        data["aliases-0-name"] = alias
    return client.post("/admin/partnerships/company/add/", data)


@pytest.fixture
def coreweave(db):
    company = CompanyFactory(
        name="CoreWeave, Inc.",
        slug="coreweave",
        publication_status=models.PublicationStatus.DRAFT,
    )
    models.CompanyAlias.objects.create(company=company, name="微軟雲")
    return company


@pytest.mark.parametrize(
    "name",
    [
        "coreweave",  # case
        "Core-Weave",  # punctuation and dashes
        "Core Weave",  # spaces
        "CoreWeave Corp.",  # another legal suffix
        "CoreWeave Ltd",
        "CoreWeave, Inc",
        "微软云",  # simplified, as an alias is in traditional
        "微軟雲有限公司",  # the alias with a Chinese legal suffix
    ],
)
def test_a_close_name_warns_with_a_link_and_saves_nothing(
    editor_client, coreweave, name
):
    response = add_company(editor_client, name)

    assert response.status_code == 200
    html = response.content.decode()
    assert WARNING in html
    assert f'href="/admin/partnerships/company/{coreweave.pk}/change/"' in html
    assert not models.Company.objects.filter(name=name).exists()


def test_an_alias_typed_with_the_new_company_is_checked_too(editor_client, coreweave):
    response = add_company(editor_client, "CW Cloud", alias="core weave inc")

    assert WARNING in response.content.decode()
    assert not models.Company.objects.filter(name="CW Cloud").exists()


def test_ticking_not_a_duplicate_saves(editor_client, coreweave):
    response = add_company(editor_client, "Core Weave", not_a_duplicate="on")

    assert response.status_code == 302
    assert models.Company.objects.filter(name="Core Weave").exists()


def test_a_different_name_saves_without_warning(editor_client, coreweave):
    response = add_company(editor_client, "Lambda Labs")

    assert response.status_code == 302


def test_renaming_a_company_close_to_another_warns(editor_client, coreweave):
    other = CompanyFactory(
        name="Lambda", slug="lambda", publication_status=models.PublicationStatus.DRAFT
    )
    url = f"/admin/partnerships/company/{other.pk}/change/"
    data = company_form(editor_client, url)

    data["name"] = "CORE WEAVE"
    response = editor_client.post(url, data)

    assert WARNING in response.content.decode()
    other.refresh_from_db()
    assert other.name == "Lambda"


def test_saving_a_company_without_renaming_it_does_not_warn(editor_client, coreweave):
    CompanyFactory(name="Core Weave", slug="core-weave")  # entered before the check
    url = f"/admin/partnerships/company/{coreweave.pk}/change/"
    data = company_form(editor_client, url)

    data["description"] = "GPU cloud"
    response = editor_client.post(url, data)

    assert response.status_code == 302


def test_a_person_with_a_close_name_warns(editor_client):
    sam = PersonFactory(name="Sam Altman")
    data = admin_form_data(editor_client.get("/admin/partnerships/person/add/"))
    data.update(name="sam  altman.", slug="", publication_status="draft")

    response = editor_client.post("/admin/partnerships/person/add/", data)

    html = response.content.decode()
    assert WARNING in html
    assert f"/admin/partnerships/person/{sam.pk}/change/" in html


def test_a_source_with_a_close_title_warns(editor_client):
    source = SourceFactory(title="甲骨文與OpenAI簽署雲端合約")
    data = admin_form_data(editor_client.get("/admin/partnerships/source/add/"))
    data.update(
        title="甲骨文与OpenAI签署云端合约",
        slug="oracle-openai",
        kind="article",
        language="zh-Hans",
        publication_status="draft",
    )

    response = editor_client.post("/admin/partnerships/source/add/", data)

    html = response.content.decode()
    assert WARNING in html
    assert f"/admin/partnerships/source/{source.pk}/change/" in html


def test_a_merged_record_is_not_offered_as_a_duplicate(editor_client, coreweave):
    merged = CompanyFactory(name="Lambda", slug="lambda", merged_into=coreweave)

    html = add_company(editor_client, "lambda inc").content.decode()

    assert f"/admin/partnerships/company/{merged.pk}/change/" not in html


def test_the_check_is_one_query_whatever_the_number_of_companies(
    coreweave, django_assert_num_queries
):
    from merges.duplicates import possible_duplicates

    for n in range(20):
        CompanyFactory(name=f"Other company {n}")
    # 1 query: companies whose name key, or an alias's, is one of the keys
    with django_assert_num_queries(1):
        found = possible_duplicates(models.Company, ["Core Weave", "CW"])
    assert found == [coreweave]
