"""Agreement writes through the API may give a date or the value as text, as
editors type them ("expires": "2030", "value": "about $5bn"), read by the same
parser as the admin and the importer; a payload gives one form or the other."""

import datetime

import pytest

from partnerships.models import Agreement
from tests import factories
from tests.api_records import token_client
from tests.entry_table import (
    AMOUNTS_ACCEPTED,
    AMOUNTS_REFUSED,
    DATES_ACCEPTED,
    DATES_REFUSED,
)

LIST = "/api/v1/agreements/"


@pytest.fixture
def editor_api(editor):
    return token_client(editor)


@pytest.fixture
def refs(db):
    factories.CompanyFactory(slug="microsoft", name="Microsoft")
    factories.CompanyFactory(slug="coreweave", name="CoreWeave")


def payload(**fields) -> dict:
    return {
        "title": "Microsoft–CoreWeave compute deal",
        "slug": "microsoft-coreweave",
        "kind": "cloud_compute",
        "status": "announced",
        "publication_status": "draft",
        "parties": [
            {"company": "microsoft", "role": "customer"},
            {"company": "coreweave", "role": "provider"},
        ],
        **fields,
    }


@pytest.mark.parametrize(("text", "amount", "currency", "qualifier"), AMOUNTS_ACCEPTED)
def test_a_value_as_text_fills_amount_currency_and_qualifier(
    editor_api, refs, text, amount, currency, qualifier
):
    response = editor_api.post(LIST, payload(value=text), format="json")
    assert response.status_code == 201, response.json()
    stored = Agreement.objects.get(slug="microsoft-coreweave")
    assert (stored.value_amount, stored.value_currency, stored.value_qualifier) == (
        amount,
        currency,
        qualifier,
    )


@pytest.mark.parametrize(("text", "problem"), AMOUNTS_REFUSED)
def test_an_unreadable_value_is_a_400_on_the_value(editor_api, refs, text, problem):
    response = editor_api.post(LIST, payload(value=text), format="json")
    assert response.status_code == 400
    message = " ".join(response.json()["errors"]["value"])
    assert problem in message and "about $5bn" in message
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(("text", "value", "precision"), DATES_ACCEPTED)
def test_a_date_as_text_is_stored_with_its_precision(
    editor_api, refs, text, value, precision
):
    response = editor_api.post(LIST, payload(expires=text), format="json")
    assert response.status_code == 201, response.json()
    stored = Agreement.objects.get(slug="microsoft-coreweave")
    assert (stored.expires_on, stored.expires_precision) == (value, precision)


@pytest.mark.parametrize(("text", "problem"), DATES_REFUSED)
def test_an_unreadable_date_is_a_400_on_the_date(editor_api, refs, text, problem):
    response = editor_api.post(LIST, payload(announced=text), format="json")
    assert response.status_code == 400
    assert problem in " ".join(response.json()["errors"]["announced"])


def test_the_coreweave_deal_in_one_write(editor_api, refs):
    body = payload(expires="through 2030", value="about $5bn")
    response = editor_api.post(LIST, body, format="json")
    assert response.status_code == 201, response.json()
    stored = Agreement.objects.get(slug="microsoft-coreweave")
    assert (stored.expires_on, stored.expires_precision) == (
        datetime.date(2030, 1, 1),
        "year",
    )
    assert stored.value_display == "about USD 5 billion"


def test_giving_the_value_in_both_forms_is_refused_naming_the_fields(editor_api, refs):
    body = payload(value="about $5bn", value_amount="5000000000")
    response = editor_api.post(LIST, body, format="json")
    assert response.status_code == 400
    message = " ".join(response.json()["errors"]["value"])
    assert "not both" in message and "value_amount" in message


def test_giving_a_date_in_both_forms_is_refused_naming_the_fields(editor_api, refs):
    body = payload(expires="2030", expires_on="2030-01-01", expires_precision="year")
    response = editor_api.post(LIST, body, format="json")
    assert response.status_code == 400
    message = " ".join(response.json()["errors"]["expires"])
    assert "expires_on" in message and "expires_precision" in message


def test_a_patch_with_an_empty_value_clears_it(editor_api, refs):
    editor_api.post(LIST, payload(value="USD 38 billion"), format="json")
    response = editor_api.patch(
        f"{LIST}microsoft-coreweave/", {"value": ""}, format="json"
    )
    assert response.status_code == 200, response.json()
    stored = Agreement.objects.get(slug="microsoft-coreweave")
    assert (stored.value_amount, stored.value_currency) == (None, "")


def test_the_separate_fields_still_work(editor_api, refs):
    body = payload(value_amount="38000000000", value_currency="USD")
    body |= {"value_qualifier": "exact", "expires_on": "2032-01-01"}
    body |= {"expires_precision": "year"}
    response = editor_api.post(LIST, body, format="json")
    assert response.status_code == 201, response.json()
    assert Agreement.objects.get().value_display == "USD 38 billion"
