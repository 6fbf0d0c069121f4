"""Versions of a record in the API: entity tags, its history and its past states.

An entity tag names one representation of a record as a reader sees it (a hash
of the JSON), so that it changes whenever anything shown changes, including a
party's or a citation's. Conditional requests follow RFC 9110: `If-Match` and
`If-None-Match` are honoured on GET and on writes, a write's under a row lock
and after its body is validated; a failed precondition is a 412 carrying the
current record (or a GET's 304).

History itself lives in `partnerships.history`; this shows it through the API.
"""

import datetime
import hashlib
import json

from django.db.models.query import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework import exceptions, status
from rest_framework.utils.encoders import JSONEncoder

from partnerships.history import PARTS
from partnerships.models import Agreement, Statement
from partnerships.visibility import Reader, was_public

# -- entity tags -----------------------------------------------------------------


def entity_tag(data) -> str:
    """A strong entity tag for a representation: the same data, the same tag."""
    text = json.dumps(data, cls=JSONEncoder, sort_keys=True, ensure_ascii=False)
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


def _listed_tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def matches_if_match(header: str, tag: str) -> bool:
    """RFC 9110 strong comparison: a weak tag (W/"...") never matches."""
    return any(listed in ("*", tag) for listed in _listed_tags(header))


def matches_if_none_match(header: str, tag: str) -> bool:
    """RFC 9110 weak comparison: W/"x" and "x" are the same version."""
    return any(
        listed == "*" or listed.removeprefix("W/") == tag
        for listed in _listed_tags(header)
    )


def failed_precondition(headers, tag: str, *, safe: bool) -> str | None:
    """The conditional header whose condition fails for a record whose current
    entity tag is `tag`, in RFC 9110's order (section 13.2.2), or None.

    `If-Match` fails unless it lists `*` or `tag` itself: a weak tag, an empty
    value or any other text never matches (strong comparison), so the request
    is refused with 412. `If-None-Match` fails when it lists `*` or `tag`
    (weakly compared): a GET (`safe`) is then answered 304, a write 412.
    """
    expected = headers.get("If-Match")
    if expected is not None and not matches_if_match(expected, tag):
        return "If-Match"
    unchanged = headers.get("If-None-Match")
    if unchanged is not None and matches_if_none_match(unchanged, tag):
        return "If-None-Match"
    return None


class PreconditionFailed(exceptions.APIException):
    """`If-Match` names a version that is no longer the current one, or a write's
    `If-None-Match` names the current one (or `*`)."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The record changed since the version you sent in If-Match: nothing was "
        "changed. `current` holds the record as it is now, with its ETag."
    )
    default_code = "precondition_failed"
    if_none_match_detail = (
        "If-None-Match names the record's current version (or *), so nothing was "
        "changed. `current` holds the record as it is now, with its ETag."
    )

    def __init__(self, current: dict, tag: str, header: str = "If-Match") -> None:
        detail = self.if_none_match_detail if header == "If-None-Match" else None
        super().__init__(detail)
        self.current = current
        self.tag = tag


# -- points in time --------------------------------------------------------------


class MomentOutOfRange(ValueError):
    pass


def parse_moment(raw: str) -> datetime.datetime | None:
    """An ISO 8601 date or date-time; without an offset it is read as UTC.

    None when `raw` is not one; `MomentOutOfRange` when it is one that no
    calendar holds once taken to UTC (9999-12-31T23:59:59-23:59).
    """
    try:
        day = parse_date(raw)
        if day is not None:
            moment = datetime.datetime.combine(day, datetime.time.max)
        else:
            moment = parse_datetime(raw)
    except ValueError:
        return None
    if moment is None:
        return None
    if timezone.is_naive(moment):
        return moment.replace(tzinfo=datetime.UTC)
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError as error:
        raise MomentOutOfRange(raw) from error


# -- a record as it was ----------------------------------------------------------


class NotThen(exceptions.NotFound):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.errors = {"as_of": [detail]}


def _prefetched(model, objects: list) -> QuerySet:
    """A queryset already holding `objects`, as prefetch_related leaves one."""
    queryset = model._default_manager.all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    return queryset


def record_as_of(record, moment: datetime.datetime, reader: Reader):
    """The record as it stood at `moment`, its parts included.

    Related records it points to (a party's company, a citation's source) are
    shown as they are now; whether the reader may see them is decided now too.
    """
    model = type(record)
    try:
        then = record.history.as_of(moment)
    except model.DoesNotExist as missing:
        raise NotThen(
            f"This record did not exist at {moment.isoformat()}."
        ) from missing
    if not (reader.is_editor or was_public(then)):
        raise NotThen(f"This record was not published at {moment.isoformat()}.")
    cache = {}
    for part in PARTS[model]:
        rows = part.model.history.as_of(moment).filter(**{part.owner_field: record.pk})
        rows = sorted(rows, key=lambda row: row.pk)
        if part.visible_through:
            target = part.model._meta.get_field(part.visible_through).related_model
            seen = set(
                reader.records(target)
                .filter(
                    pk__in=[getattr(row, f"{part.visible_through}_id") for row in rows]
                )
                .values_list("pk", flat=True)
            )
            rows = [
                row
                for row in rows
                if getattr(row, f"{part.visible_through}_id") in seen
            ]
        owner = part.model._meta.get_field(part.owner_field)
        for row in rows:
            owner.set_cached_value(row, then)  # the parts belong to the record then
        cache[part.name] = _prefetched(part.model, rows)
    if model is Agreement:
        then.visible_term_reports = list(cache["term_reports"])
        replaced = [
            row
            for row in Agreement.history.as_of(moment).filter(superseded_by=record.pk)
            if reader.is_editor or was_public(row)
        ]
        seen = set(
            reader.records(Agreement)
            .filter(pk__in=[row.pk for row in replaced])
            .values_list("pk", flat=True)
        )
        cache["supersedes"] = _prefetched(
            Agreement, [row for row in replaced if row.pk in seen]
        )
    if model is Statement:
        version = (
            record.history.filter(history_date__lte=moment)
            .order_by("-history_date", "-history_id")
            .first()
        )
        for field in version._history_m2m_fields:
            target = field.related_model
            pks = [
                getattr(row, f"{field.m2m_reverse_field_name()}_id")
                for row in getattr(version, field.name).all()
            ]
            related = reader.records(target).filter(pk__in=pks)
            cache[field.name] = _prefetched(target, list(related))
    then._prefetched_objects_cache = cache
    return then
