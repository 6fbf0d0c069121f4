"""/healthz says the process answers, without the database; /readyz says the
database answers and is fully migrated, else 503. Small JSON, never cached."""

import pytest
from django.db.migrations.recorder import MigrationRecorder

from tests.unreachable import database_unreachable


def test_healthz_is_ok_without_asking_the_database(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ok_when_the_database_answers_and_is_migrated(client, db):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok"},
    }


def test_readyz_is_a_503_counting_the_migrations_not_applied(client, db):
    MigrationRecorder.Migration.objects.filter(app="partnerships").order_by(
        "-name"
    ).first().delete()

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "migrations": "1 not applied"},
    }


@pytest.mark.django_db(transaction=True)
def test_while_the_database_is_unreachable_healthz_is_ok_and_readyz_a_503(client):
    with database_unreachable():
        healthz = client.get("/healthz")
        readyz = client.get("/readyz")

    assert healthz.status_code == 200
    assert healthz.json() == {"status": "ok"}
    assert readyz.status_code == 503
    assert readyz["Retry-After"] == "30"
    assert readyz.json() == {
        "status": "unavailable",
        "checks": {"database": "unreachable", "migrations": "unknown"},
    }


@pytest.mark.django_db(transaction=True)
def test_readyz_is_ok_again_once_the_database_is_back(client):
    with database_unreachable():
        assert client.get("/readyz").status_code == 503

    assert client.get("/readyz").status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_never_cached_and_only_read(client, db, path):
    response = client.get(path)

    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/json"
    assert client.post(path).status_code == 405
