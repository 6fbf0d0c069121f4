"""Every PostgreSQL connection the tracker opens runs without JIT compilation
(`jit=off`, tracker/settings.py): a request's queries are short, and compiling
one whose estimate passed `jit_above_cost` cost seconds at L."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a PostgreSQL setting"
    ),
]


def test_a_connection_compiles_no_query():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
