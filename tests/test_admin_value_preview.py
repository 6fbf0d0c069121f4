"""The value field's live preview asks the server, which reads the text with the
same parser as the save; only staff may ask."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("admin:partnerships_agreement_value_preview")


def test_it_shows_what_readers_will_see(editor_client):
    response = editor_client.get(URL, {"text": "about $5bn"})
    assert response.json() == {"shows": "about USD 5 billion", "note": ""}


def test_it_says_that_how_sure_belongs_on_the_term_report(editor_client):
    answer = editor_client.get(URL, {"text": "可能超過1000億美元"}).json()
    assert answer["shows"] == "over USD 100 billion"
    assert "term report" in answer["note"]


def test_it_refuses_unreadable_text_naming_the_accepted_forms(editor_client):
    response = editor_client.get(URL, {"text": "5bn"})
    assert response.status_code == 400
    assert "has no currency" in response.json()["error"]
    assert "about $5bn" in response.json()["error"]


def test_it_refuses_text_longer_than_the_field(editor_client):
    response = editor_client.get(URL, {"text": "1" * 201})
    assert response.status_code == 400
    assert "at most 200 characters" in response.json()["error"]


def test_it_is_closed_to_anyone_not_staff(client, django_user_model):
    assert client.get(URL, {"text": "USD 5bn"}).status_code == 302
    user = django_user_model.objects.create_user("reader", password="x")
    client.force_login(user)
    response = client.get(URL, {"text": "USD 5bn"})
    assert response.status_code == 302
    assert "login" in response["Location"]
