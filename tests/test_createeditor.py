"""`make editor` creates an account that can curate records in the admin."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_editor_account_joins_the_editors_group(monkeypatch, client):
    monkeypatch.setenv("EDITOR_PASSWORD", "a long enough passphrase")
    call_command("createeditor", username="alice", stdout=None)
    alice = get_user_model().objects.get(username="alice")
    assert alice.is_staff and not alice.is_superuser
    assert alice.groups.filter(name="Editors").exists()
    assert alice.has_perm("partnerships.change_agreement")
    assert alice.has_perm("partnerships.add_statement")
    client.force_login(alice)
    assert client.get("/admin/partnerships/agreement/").status_code == 200


def test_weak_password_is_refused_naming_the_password(monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="password:"):
        call_command("createeditor", username="bob")
    assert not get_user_model().objects.filter(username="bob").exists()


def test_existing_username_is_refused(monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", "a long enough passphrase")
    call_command("createeditor", username="alice")
    with pytest.raises(CommandError, match="username: an account named 'alice'"):
        call_command("createeditor", username="alice")


def test_new_editor_gets_an_api_token_that_writes(monkeypatch, db):
    monkeypatch.setenv("EDITOR_PASSWORD", "a long enough passphrase")
    out = StringIO()
    call_command("createeditor", username="carol", stdout=out)
    key = out.getvalue().split("Token <key>'): ")[1].strip()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    created = api.post(
        "/api/v1/companies/", {"name": "Example Labs", "slug": "example-labs"}
    )
    assert created.status_code == 201, created.content
