"""In the admin an editor types each date and the value as the source gives them
("2030", "about $5bn"); one save stores the date with its precision and the
amount with its currency and qualifier, and the saved form shows what readers
will see. The inputs are the parser's own table (tests/entry_table.py)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from partnerships.models import Agreement, PublicationStatus
from tests.admin_forms import admin_form_data
from tests.entry_table import (
    AMOUNTS_ACCEPTED,
    AMOUNTS_REFUSED,
    DATES_ACCEPTED,
    DATES_REFUSED,
)
from tests.factories import AgreementFactory, CommitmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement():
    return AgreementFactory(
        publication_status=PublicationStatus.DRAFT,
        expires_on=datetime.date(2031, 1, 1),
        expires_precision="year",
        value_amount=Decimal(38 * 10**9),
        value_currency="USD",
        value_qualifier="up_to",
    )


def change_url(agreement) -> str:
    return reverse("admin:partnerships_agreement_change", args=[agreement.pk])


def post(client, agreement, **changes):
    url = change_url(agreement)
    data = admin_form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def test_the_form_shows_stored_dates_and_value_as_text(editor_client, agreement):
    form = editor_client.get(change_url(agreement)).context["adminform"].form
    assert form["expires"].value() == "2031"
    assert form["value"].value() == "up to USD 38 billion"
    assert form["announced"].value() == ""


def test_saving_the_form_unchanged_keeps_the_stored_values(editor_client, agreement):
    response = post(editor_client, agreement)
    assert response.status_code == 302
    stored = Agreement.objects.get(pk=agreement.pk)
    assert (stored.expires_on, stored.expires_precision) == (
        datetime.date(2031, 1, 1),
        "year",
    )
    assert (stored.value_amount, stored.value_currency, stored.value_qualifier) == (
        38 * 10**9,
        "USD",
        "up_to",
    )


@pytest.mark.parametrize(("text", "value", "precision"), DATES_ACCEPTED)
def test_a_typed_date_is_stored_with_its_precision_in_one_save(
    editor_client, agreement, text, value, precision
):
    response = post(editor_client, agreement, effective=text)
    assert response.status_code == 302, response.context["adminform"].form.errors
    stored = Agreement.objects.get(pk=agreement.pk)
    assert (stored.effective_on, stored.effective_precision) == (value, precision)


def test_through_2030_is_an_expiry_of_2030(editor_client, agreement):
    response = post(editor_client, agreement, expires="through 2030")
    assert response.status_code == 302
    stored = Agreement.objects.get(pk=agreement.pk)
    assert (stored.expires_on, stored.expires_precision) == (
        datetime.date(2030, 1, 1),
        "year",
    )


@pytest.mark.parametrize(("text", "problem"), DATES_REFUSED)
def test_an_unreadable_date_is_refused_on_its_field(
    editor_client, agreement, text, problem
):
    response = post(editor_client, agreement, ended=text)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["ended"]
    assert problem in errors[0] and errors[0].startswith("Ended: ")
    assert Agreement.objects.get(pk=agreement.pk).ended_on is None


@pytest.mark.parametrize(("text", "amount", "currency", "qualifier"), AMOUNTS_ACCEPTED)
def test_a_typed_value_is_stored_in_one_save(
    editor_client, agreement, text, amount, currency, qualifier
):
    response = post(editor_client, agreement, value=text)
    assert response.status_code == 302, response.context["adminform"].form.errors
    stored = Agreement.objects.get(pk=agreement.pk)
    assert (stored.value_amount, stored.value_currency, stored.value_qualifier) == (
        amount,
        currency,
        qualifier,
    )


@pytest.mark.parametrize(("text", "problem"), AMOUNTS_REFUSED)
def test_an_unreadable_value_is_refused_and_nothing_changes(
    editor_client, agreement, text, problem
):
    response = post(editor_client, agreement, value=text)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["value"]
    assert problem in errors[0] and errors[0].startswith("Value: ")
    assert Agreement.objects.get(pk=agreement.pk).value_qualifier == "up_to"


def test_an_empty_value_clears_amount_currency_and_qualifier(editor_client, agreement):
    assert post(editor_client, agreement, value="").status_code == 302
    stored = Agreement.objects.get(pk=agreement.pk)
    assert (stored.value_amount, stored.value_currency, stored.value_qualifier) == (
        None,
        "",
        "",
    )


def test_the_saved_form_shows_what_readers_will_see(editor_client, agreement):
    post(editor_client, agreement, value="about $5bn")
    page = editor_client.get(change_url(agreement)).content.decode()
    assert "Readers will see: <output>about USD 5 billion" in page


def test_a_commitment_milestone_is_typed_as_text(editor_client, agreement):
    commitment = CommitmentFactory(agreement=agreement)
    url = change_url(agreement)
    data = admin_form_data(editor_client.get(url))
    index = next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.endswith("-id") and value == str(commitment.pk)
    )
    data[f"{index}-milestone"] = "first capacity online"
    data[f"{index}-milestone_date"] = "2027年6月"
    response = editor_client.post(url, data)
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.milestone_on, commitment.milestone_precision) == (
        datetime.date(2027, 6, 1),
        "month",
    )
