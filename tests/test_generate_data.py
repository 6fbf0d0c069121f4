"""manage.py generate_data: synthetic records that follow the tracker's rules."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Max

from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementParty,
    Commitment,
    Company,
    CompanyAlias,
    CompanyCitation,
    Person,
    PersonCitation,
    PublicationStatus,
    Source,
    Statement,
    StatementCitation,
    TermReport,
)
from partnerships.search.models import SearchEntry
from partnerships.synthetic import REASON, SCALES, Generator, Scale
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

TINY = Scale(companies=60, people=20, sources=30, agreements=200, statements=150)
RECORDS = (Company, Person, Source, Agreement, Statement)
HISTORY_KINDS = (
    *RECORDS,
    CompanyAlias,
    AgreementParty,
    Commitment,
    TermReport,
    AgreementCitation,
    CompanyCitation,
    PersonCitation,
    StatementCitation,
)


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


def test_every_record_of_every_kind_has_its_created_history_row():
    generate()

    for model in HISTORY_KINDS:
        first_rows = model.history.filter(history_type="+", history_user=None)
        assert first_rows.filter(history_change_reason=REASON).count() == (
            model.objects.count()
        ), model.__name__
        assert set(first_rows.values_list("id", flat=True)) == set(
            model.objects.values_list("pk", flat=True)
        ), model.__name__


def test_a_history_row_holds_the_values_of_its_record():
    generate()

    for model in HISTORY_KINDS:
        record = model.objects.order_by("?").first()
        row = model.history.get(id=record.pk)
        for field in model.history.model.tracked_fields:
            assert getattr(row, field.attname) == getattr(record, field.attname), (
                f"{model.__name__}.{field.attname}"
            )


def test_every_record_passes_its_models_validation():
    generate()

    for model in HISTORY_KINDS:
        for record in model.objects.order_by("pk")[:25]:
            record.full_clean()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="an SQLite pragma")
def test_no_row_points_at_a_missing_record():
    generate()

    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA foreign_key_check").fetchall() == []


def test_each_agreement_has_two_or_three_parties_and_each_record_a_citation():
    generate()

    parties = Agreement.objects.annotate(n=Count("parties")).values_list("n", flat=True)
    assert set(parties) <= {2, 3}
    assert AgreementCitation.objects.count() == 200
    assert StatementCitation.objects.count() == 150
    assert CompanyCitation.objects.count() == 60
    assert PersonCitation.objects.count() == 20
    assert Statement.companies.through.objects.count() == 150


def test_records_saved_after_generation_get_new_keys():
    generate()

    company = CompanyFactory(name="Saved later", slug="saved-later")

    assert (
        company.pk
        > Company.history.exclude(id=company.pk).aggregate(Max("id"))["id__max"]
    )
    assert company.history.count() == 1


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
