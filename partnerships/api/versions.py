"""Versions of a record in the API: entity tags, its history and its past states.

An entity tag names one representation of a record as a reader sees it (a hash
of the JSON), so that it changes whenever anything shown changes, including a
party's or a citation's. Writes that send `If-Match` are compared with the
current tag under a row lock: a stale tag is a 412 carrying the current record.

History merges the record's own versions with those of its parts (parties,
commitments, citations, aliases). Readers who do not see drafts see only the
versions that were public: a change made while the record was a draft is left
out, and each change they see is measured against the last version they saw.
"""

import datetime
import decimal
import hashlib
import json
from dataclasses import dataclass

from django.db import models
from django.db.models.query import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework import exceptions, status
from rest_framework.utils.encoders import JSONEncoder

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
)

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


class PreconditionFailed(exceptions.APIException):
    """`If-Match` names a version that is no longer the current one."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The record changed since the version you sent in If-Match: nothing was "
        "changed. `current` holds the record as it is now, with its ETag."
    )
    default_code = "precondition_failed"

    def __init__(self, current: dict, tag: str) -> None:
        super().__init__()
        self.current = current
        self.tag = tag


# -- points in time --------------------------------------------------------------


def parse_moment(raw: str) -> datetime.datetime | None:
    """An ISO 8601 date or date-time; without an offset it is read as UTC."""
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
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


# -- what belongs to a record ----------------------------------------------------


@dataclass(frozen=True)
class Part:
    """Records that belong to a record: edited with it, versioned apart."""

    name: str  # the related name on the record, e.g. "parties"
    label: str  # one of them, in history entries: "party"
    model: type[models.Model]
    owner_field: str  # the foreign key to the record
    visible_through: str | None = None  # a published record it must point to


CITATIONS = {
    Company: CompanyCitation,
    Person: PersonCitation,
    Agreement: AgreementCitation,
    Statement: StatementCitation,
}

PARTS: dict[type[models.Model], list[Part]] = {
    Company: [Part("aliases", "alias", CompanyAlias, "company")],
    Person: [],
    Source: [],
    Agreement: [
        Part("parties", "party", AgreementParty, "agreement", "company"),
        Part("commitments", "commitment", Commitment, "agreement"),
    ],
    Statement: [],
}
for _model, _citation in CITATIONS.items():
    PARTS[_model].append(Part("citations", "citation", _citation, "record", "source"))

# Bookkeeping that every save changes; the entry's time says it already.
NOT_DIFFED = {"id", "created_at", "updated_at"}


def _is_public(version) -> bool:
    return version.publication_status == PublicationStatus.PUBLISHED


class History:
    """The versions of one record and of its parts, newest first."""

    TYPES = {"+": "created", "~": "changed", "-": "deleted"}

    def __init__(self, record, shows_drafts: bool) -> None:
        self.record = record
        self.shows_drafts = shows_drafts
        self._names: dict[tuple[type, object], object] = {}

    def entries(self) -> list[dict]:
        versions = list(
            self.record.history.order_by("history_date", "history_id").select_related(
                "history_user"
            )
        )
        label = type(self.record)._meta.model_name
        entries = self._entries_of(versions, label, is_part=False)
        public_since = [(v.history_date, _is_public(v)) for v in versions]
        for part in PARTS[type(self.record)]:
            rows = part.model.history.filter(
                **{f"{part.owner_field}_id": self.record.pk}
            ).order_by("history_date", "history_id")
            rows = [
                row
                for row in rows.select_related("history_user")
                if self.shows_drafts or self._was_public(public_since, row)
            ]
            entries += self._entries_of(rows, part.label, is_part=True)
        entries.sort(key=lambda entry: (entry["at"], entry["version"]), reverse=True)
        return entries

    @staticmethod
    def _was_public(public_since, row) -> bool:
        status_then = False
        for moment, public in public_since:
            if moment > row.history_date:
                break
            status_then = public
        return status_then

    def _entries_of(self, versions, label: str, *, is_part: bool) -> list[dict]:
        entries = []
        previous_seen = {}
        for version in versions:
            if not is_part and not (self.shows_drafts or _is_public(version)):
                continue
            before = previous_seen.get(version.id)
            previous_seen[version.id] = version
            entries.append(
                {
                    "version": version.history_id,
                    "at": version.history_date,
                    "type": self.TYPES[version.history_type],
                    "part": label,
                    "part_id": version.id if is_part else None,
                    "summary": str(version.instance),
                    "user": self._user(version),
                    "reason": version.history_change_reason or "",
                    "changes": self._changes(before, version),
                }
            )
        return entries

    def _user(self, version) -> str | None:
        user = version.history_user
        if user is None or not self.shows_drafts:
            return None
        return user.get_username()

    def _changes(self, before, version) -> list[dict]:
        if version.history_type == "-":
            return []
        if before is None:
            return [
                {"field": name, "old": None, "new": new}
                for name, new in self._values(version).items()
                if new not in (None, "", [])
            ]
        old_values, new_values = self._values(before), self._values(version)
        return [
            {"field": name, "old": old_values[name], "new": new}
            for name, new in new_values.items()
            if new != old_values[name]
        ]

    def _values(self, version) -> dict:
        values = {}
        for field in version.tracked_fields:
            if field.name in NOT_DIFFED:
                continue
            raw = getattr(version, field.attname)
            if isinstance(field, models.ForeignKey):
                values[field.name] = self._name_of(field.related_model, raw)
            else:
                values[field.name] = _plain(raw)
        for field in getattr(version, "_history_m2m_fields", []):
            through = getattr(version, field.name).all()
            target = field.m2m_reverse_field_name()
            values[field.name] = sorted(
                str(self._name_of(field.related_model, getattr(row, f"{target}_id")))
                for row in through
            )
        return values

    def _name_of(self, model, pk):
        """A related record by slug (or name), as the reader may see it."""
        if pk is None:
            return None
        key = (model, pk)
        if key not in self._names:
            queryset = model._default_manager.all()
            if hasattr(queryset, "visible_to") and not self.shows_drafts:
                queryset = queryset.published()
            related = queryset.filter(pk=pk).first()
            self._names[key] = (
                None
                if related is None
                else getattr(related, "slug", None) or str(related)
            )
        return self._names[key]


def _plain(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


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


def record_as_of(record, moment: datetime.datetime, shows_drafts: bool):
    """The record as it stood at `moment`, its parts included.

    Related records it points to (a party's company, a citation's source) are
    shown as they are now; whether the reader may see them is checked now too.
    """
    model = type(record)
    try:
        then = record.history.as_of(moment)
    except model.DoesNotExist as missing:
        raise NotThen(
            f"This record did not exist at {moment.isoformat()}."
        ) from missing
    if not (shows_drafts or then.is_published):
        raise NotThen(f"This record was not published at {moment.isoformat()}.")
    cache = {}
    for part in PARTS[model]:
        rows = part.model.history.as_of(moment).filter(**{part.owner_field: record.pk})
        rows = sorted(rows, key=lambda row: row.pk)
        if part.visible_through and not shows_drafts:
            target = part.model._meta.get_field(part.visible_through).related_model
            public = set(
                target.objects.published()
                .filter(
                    pk__in=[getattr(row, f"{part.visible_through}_id") for row in rows]
                )
                .values_list("pk", flat=True)
            )
            rows = [
                row
                for row in rows
                if getattr(row, f"{part.visible_through}_id") in public
            ]
        cache[part.name] = _prefetched(part.model, rows)
    if model is Agreement:
        replaced = Agreement.history.as_of(moment).filter(superseded_by=record.pk)
        cache["supersedes"] = _prefetched(
            Agreement, [row for row in replaced if shows_drafts or row.is_published]
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
            related = target.objects.filter(pk__in=pks)
            if hasattr(related, "published") and not shows_drafts:
                related = related.published()
            cache[field.name] = _prefetched(target, list(related))
    then._prefetched_objects_cache = cache
    return then
