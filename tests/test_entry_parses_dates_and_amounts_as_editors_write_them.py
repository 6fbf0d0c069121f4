"""Editors type a date or a value as the source says it; the parser reads it into
what is stored, or refuses it naming the field and the forms it accepts."""

import pytest

from partnerships.entry import (
    AMOUNT_FORMS,
    DATE_FORMS,
    EntryError,
    amount_text,
    date_text,
    parse_precise_date,
    parse_qualified_amount,
)
from tests.entry_table import (
    AMOUNTS_ACCEPTED,
    AMOUNTS_REFUSED,
    DATES_ACCEPTED,
    DATES_REFUSED,
)


def test_the_table_covers_at_least_forty_inputs_in_english_and_chinese():
    rows = DATES_ACCEPTED + DATES_REFUSED + AMOUNTS_ACCEPTED + AMOUNTS_REFUSED
    assert len(rows) >= 40
    assert any("億" in row[0] for row in AMOUNTS_ACCEPTED)
    assert any("年" in row[0] for row in DATES_ACCEPTED)


@pytest.mark.parametrize(("text", "value", "precision"), DATES_ACCEPTED)
def test_a_date_is_stored_as_its_first_day_with_its_precision(text, value, precision):
    date = parse_precise_date(text)
    assert (date.value, date.precision) == (value, precision)


@pytest.mark.parametrize(("text", "value", "precision"), DATES_ACCEPTED)
def test_a_stored_date_is_shown_in_a_form_read_back_unchanged(text, value, precision):
    shown = date_text(value, precision)
    again = parse_precise_date(shown)
    assert (again.value, again.precision) == (value, precision)


@pytest.mark.parametrize(("text", "problem"), DATES_REFUSED)
def test_an_unreadable_date_is_refused_naming_the_field_and_the_forms(text, problem):
    with pytest.raises(EntryError) as refused:
        parse_precise_date(text, "Expires")
    message = str(refused.value)
    assert message.startswith("Expires: ")
    assert problem in message
    assert DATE_FORMS in message


def test_a_blank_date_is_no_date():
    assert parse_precise_date("  ") is None


def test_through_is_read_only_where_the_date_is_an_expiry():
    assert parse_precise_date("through 2030", through=True).iso == "2030"
    assert parse_precise_date("至2030年", through=True).iso == "2030"
    with pytest.raises(EntryError):
        parse_precise_date("through 2030")
    with pytest.raises(EntryError, match="is not a date"):
        parse_precise_date("through", through=True)


@pytest.mark.parametrize(("text", "amount", "currency", "qualifier"), AMOUNTS_ACCEPTED)
def test_a_value_gives_its_amount_currency_and_qualifier(
    text, amount, currency, qualifier
):
    value = parse_qualified_amount(text)
    assert (value.amount, value.currency, value.qualifier) == (
        amount,
        currency,
        qualifier,
    )


@pytest.mark.parametrize(("text", "amount", "currency", "qualifier"), AMOUNTS_ACCEPTED)
def test_a_stored_value_is_shown_in_a_form_read_back_unchanged(
    text, amount, currency, qualifier
):
    value = parse_qualified_amount(amount_text(amount, qualifier, currency))
    assert (value.amount, value.currency, value.qualifier) == (
        amount,
        currency,
        qualifier,
    )


@pytest.mark.parametrize(("text", "problem"), AMOUNTS_REFUSED)
def test_an_unreadable_value_is_refused_naming_the_field_and_the_forms(text, problem):
    with pytest.raises(EntryError) as refused:
        parse_qualified_amount(text, "Value")
    message = str(refused.value)
    assert message.startswith(f"Value: “{text}”")
    assert problem in message
    assert AMOUNT_FORMS in message


def test_a_blank_value_is_no_value():
    assert parse_qualified_amount("") is None


def test_a_hedge_is_never_dropped_from_what_readers_will_see():
    for text, _, _, qualifier in AMOUNTS_ACCEPTED:
        shown = parse_qualified_amount(text).display
        expected = {
            "about": "about ",
            "over": "over ",
            "up_to": "up to ",
            "at_least": "at least ",
            "multiples": "tens of ",
        }.get(qualifier)
        if expected:
            assert expected in shown, (text, shown)


def test_may_exceed_is_kept_as_over_and_sends_how_sure_to_the_term_report():
    value = parse_qualified_amount("may exceed USD 100bn")
    assert value.display == "over USD 100 billion"
    assert "term report" in value.note
    assert "may exceed" in value.note
    assert parse_qualified_amount("over USD 100bn").note == ""
