"""manage.py generate_data: synthetic records that follow the tracker's rules."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from partnerships.models import (
    Agreement,
    AgreementParty,
    Company,
    Person,
    PublicationStatus,
    Source,
    Statement,
)
from partnerships.search.models import SearchEntry
from partnerships.synthetic import SCALES, Generator, Scale

pytestmark = pytest.mark.django_db

TINY = Scale(companies=60, people=20, sources=30, agreements=200, statements=150)
RECORDS = (Company, Person, Source, Agreement, Statement)


def generate(seed: int = 0) -> dict[str, int]:
    return Generator(TINY, seed=seed, report=lambda line: None).run()


def test_it_writes_the_records_of_the_scale():
    counts = generate()

    assert counts == {
        "companies": 60,
        "people": 20,
        "sources": 30,
        "agreements": 200,
        "statements": 150,
    }


def test_every_record_has_its_first_history_row():
    generate()

    for model in RECORDS:
        assert model.history.filter(history_type="+").count() == model.objects.count()
    parties = AgreementParty.objects.count()
    assert AgreementParty.history.count() == parties > 200


def test_every_published_record_could_have_been_published_by_an_editor():
    generate()

    for model in RECORDS:
        published = model.objects.filter(publication_status=PublicationStatus.PUBLISHED)
        assert published.exists()
        assert [r for r in published if r.unpublishable_because()] == []


def test_some_records_of_each_kind_are_drafts():
    generate()

    drafts = Statement.objects.filter(publication_status=PublicationStatus.DRAFT)
    assert drafts.exists()
    assert Agreement.objects.filter(publication_status=PublicationStatus.DRAFT).exists()


def test_a_few_companies_take_part_in_most_deals():
    generate()

    per_company = sorted(
        AgreementParty.objects.values("company").annotate(n=Count("id")),
        key=lambda row: -row["n"],
    )
    top, median = per_company[0]["n"], per_company[len(per_company) // 2]["n"]
    assert top >= 10 * median


def test_values_and_dates_keep_their_qualifiers_and_precisions():
    generate()

    qualifiers = set(
        Agreement.objects.exclude(value_amount=None).values_list(
            "value_qualifier", flat=True
        )
    )
    assert {"exact", "about", "up_to", "over"} <= qualifiers
    assert Agreement.objects.filter(expires_precision="year").exists()
    languages = set(Statement.objects.values_list("language", flat=True))
    assert {"en", "zh-Hans"} <= languages


def test_a_statement_history_keeps_the_companies_it_is_about():
    generate()

    statement = Statement.objects.first()
    first = statement.history.get(history_type="+")
    assert [c.company_id for c in first.companies.all()] == list(
        statement.companies.values_list("pk", flat=True)
    )


def test_the_same_seed_gives_the_same_records():
    generate(seed=7)
    first = list(Agreement.objects.values_list("title", "value_amount", "status"))

    Agreement.objects.all().delete()  # cascades to parties, citations, reports
    Statement.objects.all().delete()
    Person.objects.all().delete()
    Company.objects.all().delete()
    Source.objects.all().delete()
    generate(seed=7)

    assert list(Agreement.objects.values_list("title", "value_amount", "status")) == (
        first
    )


def test_the_command_refuses_a_database_that_already_holds_generated_records():
    generate()

    with pytest.raises(CommandError, match="already holds generated records"):
        call_command("generate_data", "--scale", "S")


def test_the_command_names_the_scales_it_knows():
    with pytest.raises(CommandError, match="invalid choice: 'XL'"):
        call_command("generate_data", "--scale", "XL")


def test_the_command_fills_the_search_index(monkeypatch):
    monkeypatch.setitem(SCALES, "S", TINY)
    call_command("generate_data", "--scale", "S", stdout=io.StringIO())

    indexed = SearchEntry.objects.filter(kind="partnerships.agreement")
    assert indexed.count() == Agreement.objects.count() == 200
    assert SearchEntry.objects.filter(kind="partnerships.statement").count() == 150
