"""Cursors: paging by where the last page ended, not by page number.

A page number is an offset: the database reads and throws away every row
before it (deep pages get slower), and a record published meanwhile shifts
every later row by one (a reader paging through sees one twice, or misses
one). A cursor names the last row a page showed by the values it was ordered
by (`ordering`, which always ends with the primary key, so the position is
exact); the next page is the rows after those values, which an index finds
directly, whatever the depth, and which rows inserted elsewhere do not shift.

Missing values sort last both ways (`StrictOrderingFilter`), so "after" a row
with a value includes every row missing it, and "after" a row missing it is
only further rows missing it.

A cursor is signed: a client cannot forge one, and one made for another
ordering is refused, naming `cursor`.
"""

import datetime
import decimal

from django.core import signing
from django.db.models import F, Model, OrderBy, Q, QuerySet
from rest_framework.exceptions import ValidationError

SALT = "partnerships.api.cursor"
PARAMETER = "cursor"


class Keyset:
    """The ordering of a list as (field name, descending) pairs."""

    def __init__(self, queryset: QuerySet) -> None:
        self.model = queryset.model
        self.fields = []
        for order in queryset.query.order_by:
            if not (isinstance(order, OrderBy) and isinstance(order.expression, F)):
                raise TypeError(f"A cursor needs orderings by fields, not {order!r}.")
            self.fields.append((order.expression.name, order.descending))

    @property
    def name(self) -> str:
        """The ordering as `ordering` writes it: "-said_on,slug,pk"."""
        return ",".join(("-" if desc else "") + name for name, desc in self.fields)

    def cursor_after(self, record: Model) -> str:
        values = [
            encode(getattr(record, self.attname(name))) for name, _ in self.fields
        ]
        return signing.dumps({"o": self.name, "v": values}, salt=SALT, compress=True)

    def rows_after(self, queryset: QuerySet, cursor: str) -> QuerySet:
        values = self.decode(cursor)
        after = Q(pk__in=[])
        same = Q()
        for (name, descending), value in zip(self.fields, values, strict=True):
            if value is None:
                beyond = Q(pk__in=[])  # nothing sorts after a missing value
                equal = Q(**{f"{name}__isnull": True})
            else:
                lookup = "lt" if descending else "gt"
                beyond = Q(**{f"{name}__{lookup}": value}) | Q(
                    **{f"{name}__isnull": True}
                )
                equal = Q(**{name: value})
            after |= same & beyond
            same &= equal
        return queryset.filter(after)

    def decode(self, cursor: str) -> list:
        try:
            payload = signing.loads(cursor, salt=SALT)
        except signing.BadSignature:
            raise refused(
                "This is not a cursor this API gave: start again without "
                "`cursor` and follow `next_cursor`."
            ) from None
        if payload.get("o") != self.name:
            raise refused(
                f"This cursor was made for ordering {payload.get('o')!r}, not "
                f"{self.name!r}: keep the ordering you started with, or start again."
            )
        return [
            None if raw is None else self.field(name).to_python(raw)
            for (name, _), raw in zip(self.fields, payload["v"], strict=True)
        ]

    def field(self, name: str):
        return self.model._meta.pk if name == "pk" else self.model._meta.get_field(name)

    def attname(self, name: str) -> str:
        return "pk" if name == "pk" else self.field(name).attname


def encode(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def refused(message: str) -> ValidationError:
    return ValidationError({PARAMETER: [message]})
