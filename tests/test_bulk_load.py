"""The raw bulk path (`partnerships/bulk_load.py`): the rows an editor's save
would write, a record and its first history row, with every constraint on."""

import datetime

import pytest
from django.db import IntegrityError, connection

from partnerships.bulk_load import sqlite_bulk_pragmas
from partnerships.models import Company, PublicationStatus
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db(transaction=True)

AT = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)


def load(*companies: Company) -> list[Company]:
    return Company.objects.bulk_load_with_history(
        list(companies), reason="generated", at=AT
    )


def test_it_returns_the_records_with_their_keys():
    loaded = load(Company(name="A", slug="a"), Company(name="B", slug="b"))

    assert [c.pk for c in loaded] == list(
        Company.objects.order_by("pk").values_list("pk", flat=True)
    )
    assert not loaded[0]._state.adding


def test_each_record_gets_a_created_history_row_with_its_values():
    (company,) = load(
        Company(name="Nimbus", slug="nimbus", publication_status="published")
    )

    (row,) = Company.history.filter(id=company.pk)
    assert (row.history_type, row.history_change_reason) == ("+", "generated")
    assert row.history_date == AT
    assert row.history_user_id is None
    for field in Company.history.model.tracked_fields:
        assert getattr(row, field.attname) == getattr(
            Company.objects.get(pk=company.pk), field.attname
        ), field.attname


def test_its_rows_carry_the_time_given_as_created_and_updated():
    (company,) = load(Company(name="A", slug="a"))

    stored = Company.objects.get(pk=company.pk)
    assert stored.created_at == stored.updated_at == AT


def test_keys_follow_those_already_used_and_later_saves_get_new_ones():
    existing = CompanyFactory(slug="existing")

    (loaded,) = load(Company(name="A", slug="a"))
    saved = CompanyFactory(slug="saved-later")

    assert existing.pk < loaded.pk < saved.pk
    assert Company.history.filter(id=saved.pk).count() == 1


def test_a_check_constraint_refuses_a_row_and_nothing_is_written():
    with pytest.raises(IntegrityError, match="publication_status"):
        load(
            Company(name="A", slug="a"),
            Company(name="B", slug="b", publication_status="secret"),
        )

    assert not Company.objects.exists()
    assert not Company.history.exists()


def test_a_unique_constraint_refuses_a_row():
    CompanyFactory(slug="taken")

    with pytest.raises(IntegrityError):
        load(Company(name="Taken", slug="taken"))


def test_a_foreign_key_to_nothing_is_refused():
    with pytest.raises(IntegrityError):
        load(Company(name="A", slug="a", parent_id=999_999))

    assert not Company.objects.exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's pragmas")
def test_the_sqlite_pragmas_are_restored_afterwards():
    def pragmas() -> tuple:
        with connection.cursor() as cursor:
            return tuple(
                cursor.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("synchronous", "cache_size")
            )

    before = pragmas()
    with sqlite_bulk_pragmas():
        assert pragmas() == (0, -131072)
        load(Company(name="A", slug="a", publication_status=PublicationStatus.DRAFT))

    assert pragmas() == before


@pytest.mark.parametrize(
    "write", ["bulk_load_with_history", "bulk_create_with_history"]
)
def test_each_name_gets_its_duplicate_key_as_a_save_gives_it(write):
    # The admin's duplicate warning finds companies by this key; a bulk write
    # skipped it and every generated company had the same empty one.
    bulk_write = getattr(Company.objects, write)
    bulk_write([Company(name="CoreWeave, Inc.", slug="coreweave")], reason="r", at=AT)
    saved = CompanyFactory(name="Nimbus Cloud Ltd.")

    keys = dict(Company.objects.values_list("slug", "name_key"))
    assert keys["coreweave"] == "coreweave"
    assert keys[saved.slug] == "nimbuscloud"
    (history,) = Company.history.filter(slug="coreweave")
    assert history.name_key == "coreweave"
