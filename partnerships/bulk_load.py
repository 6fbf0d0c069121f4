"""The raw bulk path: new records and their first history rows, fast.

`AuditedQuerySet.bulk_create_with_history` is the bulk write editors' tools
use; at hundreds of thousands of rows its time goes into Django's insert
compiler (building one statement of every row's every value, and a model
instance for every history row), not into the database. For synthetic data
sets (`manage.py generate_data`) this path writes the same rows, the record and
its "created" history row with the columns simple-history fills, as prepared
tuples: `executemany` of one prepared statement on SQLite, `COPY` on
PostgreSQL. Every database constraint still applies (nothing is disabled);
primary keys are reserved before the rows are written, so the caller gets its
records back with their keys, as `bulk_create` returns them.
"""

import contextlib
import datetime
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence

from django.db import connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

# Fields whose Python value is not what the database driver takes as it is:
# they go through the field's own `get_db_prep_save`. Every other field the
# generator fills (text, integers, booleans, keys) is written as it is.
ADAPTED_FIELDS = (
    models.DateField,  # and DateTimeField
    models.TimeField,
    models.DecimalField,
    models.DurationField,
    models.JSONField,
    models.BinaryField,
    models.UUIDField,
)


def bulk_load_with_history(
    model: type[models.Model],
    objs: list,
    *,
    reason: str,
    at: datetime.datetime,
    using: str = "default",
) -> list:
    """Insert `objs` (new, unsaved) and one "created" history row for each,
    dated `at` with `reason`, in one transaction; return `objs` with their
    primary keys set."""
    connection = connections[using]
    history = model.history.model
    fields = model._meta.concrete_fields
    with transaction.atomic(using=using):
        for obj in objs:
            for field in fields:
                if getattr(field, "auto_now", False) or getattr(
                    field, "auto_now_add", False
                ):
                    setattr(obj, field.attname, at)
        for obj, pk in zip(objs, reserve_keys(model, len(objs), using), strict=True):
            obj.pk = pk
        rows = prepared_rows(fields, objs, connection)
        insert_rows(model, [field.column for field in fields], rows, using)
        for obj in objs:
            obj._state.adding = False
            obj._state.db = using

        tracked = [field.attname for field in history.tracked_fields]
        position = {field.attname: i for i, field in enumerate(fields)}
        pick = operator.itemgetter(*(position[name] for name in tracked))
        history_keys = reserve_keys(history, len(objs), using)
        recorded_at = history._meta.get_field("history_date").get_db_prep_save(
            at, connection
        )
        known = {"history_id", "history_date", "history_change_reason"} | {
            "history_type",
            "history_user_id",
            *tracked,
        }
        unknown = [
            f.attname for f in history._meta.concrete_fields if f.attname not in known
        ]
        if unknown:
            raise TypeError(
                f"{history.__name__} has columns this path does not fill "
                f"({', '.join(unknown)}): write them here or use "
                "bulk_create_with_history."
            )
        history_columns = [history._meta.get_field(name).column for name in tracked] + [
            "history_id",
            "history_date",
            "history_change_reason",
            "history_type",
        ]
        history_rows = (
            (*pick(row), key, recorded_at, reason, "+")
            for row, key in zip(rows, history_keys, strict=True)
        )
        insert_rows(history, history_columns, history_rows, using)
    return objs


def prepared_rows(
    fields: Sequence[models.Field], objs: Iterable, connection: BaseDatabaseWrapper
) -> list[tuple]:
    """Each object's values in `fields`' order, as the database driver takes them."""
    read = operator.attrgetter(*(field.attname for field in fields))
    adapters: list[tuple[int, Callable]] = [
        (i, field.get_db_prep_save)
        for i, field in enumerate(fields)
        if isinstance(field, ADAPTED_FIELDS)
    ]
    # Dates, amounts and the creation time repeat: each is adapted once.
    adapted: dict[tuple, object] = {}
    rows = []
    for obj in objs:
        row = list(read(obj))
        for i, adapt in adapters:
            value = row[i]
            if value is None:
                continue
            try:
                row[i] = adapted[i, value]
            except KeyError:
                row[i] = adapted[i, value] = adapt(value, connection)
            except TypeError:  # unhashable (a JSON value)
                row[i] = adapt(value, connection)
        rows.append(tuple(row))
    return rows


def reserve_keys(
    model: type[models.Model], count: int, using: str = "default"
) -> list[int]:
    """`count` primary keys no row of `model` has had, for rows written with
    their keys. Call inside the transaction that writes them."""
    connection = connections[using]
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                "FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, count],
            )
            return [key for (key,) in cursor.fetchall()]
        # SQLite: the transaction holds the database's write lock (IMMEDIATE),
        # and an AUTOINCREMENT table never reuses a key, even a deleted row's.
        cursor.execute(
            f"SELECT MAX({connection.ops.quote_name(column)}) "
            f"FROM {connection.ops.quote_name(table)}"
        )
        (highest,) = cursor.fetchone()
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        issued = cursor.fetchone()
    last = max(highest or 0, issued[0] if issued else 0)
    return list(range(last + 1, last + 1 + count))


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[tuple],
    using: str = "default",
) -> None:
    """Write prepared `rows` (values in `columns`' order) into `model`'s table."""
    connection = connections[using]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    connection.ensure_connection()
    with connection.wrap_database_errors, connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            connection.connection.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})", rows
            )


@contextlib.contextmanager
def sqlite_bulk_pragmas(using: str = "default") -> Iterator[None]:
    """On SQLite, outside a transaction, no fsync and a larger page cache for
    this connection while the block runs; restored after. A crash meanwhile may lose the data set
    being generated, never another database. Elsewhere, nothing changes."""
    connection = connections[using]
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        # SQLite cannot change them inside a transaction: a caller's
        # transaction (a test's) runs the load as it is, only slower.
        yield
        return
    wanted = {"synchronous": "OFF", "cache_size": "-131072"}  # 128 MiB
    with connection.cursor() as cursor:
        before = {}
        for name, value in wanted.items():
            cursor.execute(f"PRAGMA {name}")
            before[name] = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA {name} = {value}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in before.items():
                cursor.execute(f"PRAGMA {name} = {int(value)}")
