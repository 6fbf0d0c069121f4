"""In a record's history the author's name links to their user page only for an
editor who may open it; a version saved without a reason shows "—"."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.admin_forms import admin_form_data
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(editor_client):
    agreement = AgreementFactory(publication_status="draft")
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    data = admin_form_data(editor_client.get(url)) | {"summary": "Edited"}
    assert editor_client.post(url, data).status_code == 302
    return agreement


def history(client, agreement):
    url = reverse("admin:partnerships_agreement_history", args=[agreement.pk])
    return client.get(url)


def user_url(user) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


def test_an_editor_without_access_to_users_sees_the_name_without_a_link(
    editor_client, editor, agreement
):
    assert not editor.has_perm("auth.view_user")
    page = history(editor_client, agreement).content.decode()
    assert ">editor<" in page.replace("\n", "").replace(" ", "")
    assert user_url(editor) not in page
    assert editor_client.get(user_url(editor)).status_code == 403


def test_an_editor_who_may_view_users_gets_a_link_that_opens(
    editor_client, editor, agreement
):
    editor.user_permissions.add(Permission.objects.get(codename="view_user"))
    page = history(editor_client, agreement).content.decode()
    assert f'<a href="{user_url(editor)}">editor</a>' in page
    assert editor_client.get(user_url(editor)).status_code == 200


def test_a_version_without_a_reason_shows_a_dash_not_none(editor_client, agreement):
    response = history(editor_client, agreement)
    reasons = [record.history_change_reason for record in response.context["page_obj"]]
    assert None in reasons or "" in reasons
    page = response.content.decode()
    assert "None" not in page
    assert "—" in page
