"""The editors' admin: every page opens, search and filters work, publishing needs a citation."""

import pytest
from django.urls import reverse

from partnerships import models
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

CURATED_MODELS = [
    models.Company,
    models.CompanyAlias,
    models.CompanyKind,
    models.Topic,
    models.Person,
    models.Source,
    models.Agreement,
    models.Statement,
]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:partnerships_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", CURATED_MODELS, ids=lambda m: m.__name__)
def test_changelist_add_and_change_pages_open_for_an_editor(
    editor_client, article, model
):
    assert editor_client.get(admin_url(model, "changelist")).status_code == 200
    assert editor_client.get(admin_url(model, "add")).status_code == 200
    record = model.objects.first()
    assert record is not None, f"the article holds no {model.__name__}"
    assert editor_client.get(admin_url(model, "change", record.pk)).status_code == 200
    assert editor_client.get(admin_url(model, "history", record.pk)).status_code == 200


@pytest.mark.parametrize("model", CURATED_MODELS, ids=lambda m: m.__name__)
def test_anonymous_visitor_is_sent_to_login(client, model):
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def changelist_titles(client, model, query: str) -> set[str]:
    response = client.get(admin_url(model, "changelist") + query)
    assert response.status_code == 200
    return {str(row) for row in response.context["cl"].result_list}


def test_company_search_finds_aliases(editor_client, article):
    assert changelist_titles(editor_client, models.Company, "?q=AWS") == {
        "Amazon Web Services"
    }
    assert "Amazon" in changelist_titles(editor_client, models.Company, "?q=亞馬遜")


def test_agreement_search_finds_deals_by_party_alias(editor_client, article):
    found = changelist_titles(editor_client, models.Agreement, "?q=AWS")
    aws = models.Agreement.objects.filter(parties__company__slug="amazon-web-services")
    assert found == {str(agreement) for agreement in aws}
    assert found


def test_statement_search_finds_quote_text(editor_client, article):
    found = changelist_titles(editor_client, models.Statement, "?q=不是這樣的")
    assert len(found) == 1
    assert "Sam Altman" in found.pop()


AGREEMENT_FILTERS = {
    "status": ("?status=superseded", {"status": "superseded"}),
    "exclusivity": (
        "?exclusivity=partly_exclusive",
        {"exclusivity": "partly_exclusive"},
    ),
    "kind": ("?kind=cloud_compute", {"kind": "cloud_compute"}),
    "party": ("?party=nvidia", {"parties__company__slug": "nvidia"}),
    "expiry_year": ("?expiry_year=2030", {"expires_on__year": 2030}),
    "publication": (
        "?publication_status__exact=published",
        {"publication_status": "published"},
    ),
}


@pytest.mark.parametrize(
    ("query", "lookup"), AGREEMENT_FILTERS.values(), ids=AGREEMENT_FILTERS.keys()
)
def test_agreement_filters_narrow_the_list(editor_client, article, query, lookup):
    expected = {str(a) for a in models.Agreement.objects.filter(**lookup).distinct()}
    assert expected, "the filter should match some of the article's agreements"
    assert changelist_titles(editor_client, models.Agreement, query) == expected


def test_statement_filter_by_speaker(editor_client, article):
    altman = models.Person.objects.get(slug="sam-altman")
    found = changelist_titles(
        editor_client, models.Statement, f"?speaker__id__exact={altman.pk}"
    )
    assert found == {str(s) for s in altman.statements.all()}
    assert found


def test_agreement_list_shows_value_and_expiry_as_people_write_them(
    editor_client, article
):
    page = editor_client.get(admin_url(models.Agreement, "changelist")).content.decode()
    assert "USD 38 bn (announced)" in page
    assert "may exceed USD 100 bn (reported, unnamed sources)" in page
    assert '<td class="field-expiry_display">2030</td>' in page


def test_publishing_without_a_citation_is_refused_with_a_clear_message(
    editor_client, article
):
    agreement = models.Agreement.objects.get(slug="openai-oracle-compute")
    url = admin_url(models.Agreement, "change", agreement.pk)
    data = admin_form_data(editor_client.get(url))
    for key in list(data):
        if key.startswith("citations-") and key.endswith("-DELETE"):
            data.pop(key)
    for index in range(int(data["citations-INITIAL_FORMS"])):
        data[f"citations-{index}-DELETE"] = "on"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert (
        "cannot be published without at least one citation" in response.content.decode()
    )
    assert agreement.citations.count() >= 1


def test_publish_action_refuses_records_without_citation(editor_client, article):
    draft = models.Agreement.objects.create(
        title="Uncited deal", slug="uncited-deal", kind="other", status="announced"
    )
    response = editor_client.post(
        admin_url(models.Agreement, "changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.publication_status == "draft"
    assert "Not published: Uncited deal: A record cannot be published" in (
        response.content.decode()
    )
    assert "Unsupported: Status." in response.content.decode()


def test_saving_an_unchanged_form_keeps_the_record(editor_client, article):
    agreement = models.Agreement.objects.get(slug="openai-aws-cloud-compute")
    url = admin_url(models.Agreement, "change", agreement.pk)
    data = admin_form_data(editor_client.get(url))
    data["change_reason"] = "checked against the article"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert (
        agreement.history.first().history_change_reason == "checked against the article"
    )
    assert agreement.history.first().history_user.username == "editor"
