"""A save refused as stale keeps what the editor typed: pressing Save again, on
the form as it comes back, applies it over the newer version. Nothing the other
editor saved is lost on the way."""

import re

import pytest
from django.urls import reverse

from tests.admin_forms import admin_form_data
from tests.api_records import report_every_term
from tests.factories import AgreementCitationFactory
from tests.test_admin_concurrent_edits import editor_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement():
    agreement = AgreementCitationFactory(
        record__title="First title", record__summary="First summary"
    ).record
    report_every_term(agreement)
    return agreement


def field_value(page: str, name: str) -> str:
    """The value of the admin form's input `name`, as rendered."""
    tag = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', page).group(0)
    if tag.startswith("<textarea"):
        return re.search(rf"{re.escape(tag)}\s*(.*?)</textarea>", page, re.S).group(1)
    return re.search(r'value="([^"]*)"', tag).group(1)


def test_the_refused_form_keeps_what_the_second_editor_typed(agreement):
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    alice, bob = editor_session("alice"), editor_session("bob")
    alice_form, bob_form = (
        admin_form_data(alice.get(url)),
        admin_form_data(bob.get(url)),
    )
    alice_form["title"] = "Alice's title"
    assert alice.post(url, alice_form).status_code == 302

    bob_form["summary"] = "Bob's long summary, typed with care"
    bob_form["expires"] = "through 2031"
    refused = bob.post(url, bob_form)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Another editor saved this record after you opened it" in page
    assert "Alice&#x27;s title" in page and "alice" in page  # their change, listed
    assert field_value(page, "summary") == "Bob&#x27;s long summary, typed with care"
    assert field_value(page, "expires") == "through 2031"
    # Alice's title, which Bob did not touch, is filled in, not Bob's stale one.
    assert field_value(page, "title") == "Alice&#x27;s title"
    assert "Changed only by them, their version filled in: Title." in page


def test_pressing_save_again_applies_the_typed_values_over_the_newer_version(
    agreement,
):
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    alice, bob = editor_session("alice"), editor_session("bob")
    alice_form, bob_form = (
        admin_form_data(alice.get(url)),
        admin_form_data(bob.get(url)),
    )
    alice_form["title"] = "Alice's title"
    alice.post(url, alice_form)
    bob_form["summary"] = "Bob's summary"
    refused = bob.post(url, bob_form)

    # One click: the form exactly as it came back, nothing retyped.
    again = bob.post(url, admin_form_data(refused))

    assert again.status_code == 302
    agreement.refresh_from_db()
    assert agreement.summary == "Bob's summary"
    assert agreement.title == "Alice's title"  # Alice's work survives
    assert agreement.history.count() == 3  # created, Alice's save, Bob's save


def test_a_field_both_changed_keeps_this_editors_value_and_shows_theirs(agreement):
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    alice, bob = editor_session("alice"), editor_session("bob")
    alice_form, bob_form = (
        admin_form_data(alice.get(url)),
        admin_form_data(bob.get(url)),
    )
    alice_form["summary"] = "Alice's summary"
    alice.post(url, alice_form)
    bob_form["summary"] = "Bob's summary"

    refused = bob.post(url, bob_form)

    page = refused.content.decode()
    assert field_value(page, "summary") == "Bob&#x27;s summary"
    assert "Alice&#x27;s summary" in page  # in the list of their changes
    assert "Changed by both of you, your version kept: Summary." in page
    assert bob.post(url, admin_form_data(refused)).status_code == 302
    agreement.refresh_from_db()
    assert agreement.summary == "Bob's summary"
    assert agreement.history.filter(summary="Alice's summary").exists()


def test_a_third_save_in_between_is_refused_again(agreement):
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    alice, bob, carol = (editor_session(name) for name in ("alice", "bob", "carol"))
    alice_form, bob_form = (
        admin_form_data(alice.get(url)),
        admin_form_data(bob.get(url)),
    )
    alice_form["title"] = "Alice's title"
    alice.post(url, alice_form)
    bob_form["summary"] = "Bob's summary"
    refused = bob.post(url, bob_form)
    carol_form = admin_form_data(carol.get(url))
    carol_form["rights"] = "Carol's rights"
    assert carol.post(url, carol_form).status_code == 302

    again = bob.post(url, admin_form_data(refused))

    assert again.status_code == 200
    page = again.content.decode()
    assert "Carol&#x27;s rights" in page
    assert field_value(page, "summary") == "Bob&#x27;s summary"
    agreement.refresh_from_db()
    assert agreement.summary == "First summary"
    assert agreement.rights == "Carol's rights"


def test_without_the_opened_version_in_the_history_the_editor_reloads(agreement):
    """A record loaded from a fixture has no history of the version opened:
    nothing tells the second editor's edits from stale values, so their typed
    values are shown but a second click is refused again, never overwriting."""
    agreement.history.all().delete()
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    alice, bob = editor_session("alice"), editor_session("bob")
    alice_form, bob_form = (
        admin_form_data(alice.get(url)),
        admin_form_data(bob.get(url)),
    )
    alice_form["title"] = "Alice's title"
    alice.post(url, alice_form)
    bob_form["summary"] = "Bob's summary"

    refused = bob.post(url, bob_form)
    again = bob.post(url, admin_form_data(refused))

    assert field_value(refused.content.decode(), "summary") == "Bob&#x27;s summary"
    assert "reload the page and make your edit again" in refused.content.decode()
    assert again.status_code == 200
    agreement.refresh_from_db()
    assert agreement.title == "Alice's title"
