"""Two editors open the same record: the second save never overwrites the first."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from partnerships.services import editors_group_ensure
from tests.admin_forms import admin_form_data
from tests.api_records import report_every_term
from tests.factories import AgreementCitationFactory

pytestmark = pytest.mark.django_db


def editor_session(username: str) -> Client:
    user = get_user_model().objects.create_user(
        username=username, password="correct horse battery staple", is_staff=True
    )
    user.groups.add(editors_group_ensure())
    client = Client()
    client.force_login(user)
    return client


def test_second_editor_save_is_refused_and_shows_what_changed():
    agreement = AgreementCitationFactory(record__summary="First summary").record
    report_every_term(agreement)
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    alice, bob = editor_session("alice"), editor_session("bob")
    alice_form = admin_form_data(alice.get(url))
    bob_form = admin_form_data(bob.get(url))

    alice_form["summary"] = "Alice's summary"
    assert alice.post(url, alice_form).status_code == 302

    bob_form["summary"] = "Bob's summary"
    response = bob.post(url, bob_form)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Another editor saved this record after you opened it" in page
    assert "summary" in page and "Alice&#x27;s summary" in page and "alice" in page
    agreement.refresh_from_db()
    assert agreement.summary == "Alice's summary"


def test_editor_who_reloads_after_a_conflict_can_save():
    agreement = AgreementCitationFactory().record
    report_every_term(agreement)
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    alice, bob = editor_session("alice"), editor_session("bob")
    stale = admin_form_data(bob.get(url))
    alice_form = admin_form_data(alice.get(url))
    alice_form["title"] = "Renamed by Alice"
    alice.post(url, alice_form)
    assert bob.post(url, stale).status_code == 200

    fresh = admin_form_data(bob.get(url))
    fresh["summary"] = "Bob's summary, made on the current version"
    assert bob.post(url, fresh).status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Renamed by Alice"
    assert agreement.summary == "Bob's summary, made on the current version"
