"""The versions of a record and of its parts, as editors and readers may see them.

History merges the record's own versions with those of its parts (parties,
commitments, citations, aliases). Readers who do not see drafts see only the
versions that were public: a change made while the record was a draft is left
out, and each change they see is measured against the last version they saw.
"""

import datetime
import decimal
import functools
from dataclasses import dataclass

from django.db import models

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

# -- what belongs to a record ----------------------------------------------------


@dataclass(frozen=True)
class Part:
    """Records that belong to a record: edited with it, versioned apart."""

    name: str  # the related name on the record, e.g. "parties"
    label: str  # one of them, in history entries: "party"
    model: type[models.Model]
    owner_field: str  # the foreign key to the record
    visible_through: str | None = None  # a published record it must point to


def _citations(model: type[models.Model]) -> Part:
    return Part("citations", "citation", model, "record", "source")


PARTS: dict[type[models.Model], list[Part]] = {
    Company: [
        Part("aliases", "alias", CompanyAlias, "company"),
        _citations(CompanyCitation),
    ],
    Person: [_citations(PersonCitation)],
    Source: [],
    Agreement: [
        Part("parties", "party", AgreementParty, "agreement", "company"),
        Part("commitments", "commitment", Commitment, "agreement"),
        _citations(AgreementCitation),
    ],
    Statement: [_citations(StatementCitation)],
}

# Bookkeeping that every save changes; the entry's time says it already.
NOT_DIFFED = {"id", "created_at", "updated_at"}


def _is_public(version) -> bool:
    return version.publication_status == PublicationStatus.PUBLISHED


class History:
    """The versions of one record and of its parts, newest first.

    Runs a fixed number of queries whatever the number of versions: one per
    versioned model, one per kind of related record the versions point to.
    """

    TYPES = {"+": "created", "~": "changed", "-": "deleted"}

    def __init__(self, record, shows_drafts: bool) -> None:
        self.record = record
        self.shows_drafts = shows_drafts
        self._related: dict[tuple[type, object], models.Model] = {}

    def entries(self) -> list[dict]:
        history_model = self.record.history.model
        m2m_fields = getattr(history_model, "_history_m2m_fields", [])
        versions = list(
            self.record.history.order_by("history_date", "history_id")
            .select_related("history_user")
            .prefetch_related(
                *(_through_accessor(history_model, field) for field in m2m_fields)
            )
        )
        public_since = [(v.history_date, _is_public(v)) for v in versions]
        parts = []
        for part in PARTS[type(self.record)]:
            rows = part.model.history.filter(
                **{f"{part.owner_field}_id": self.record.pk}
            ).order_by("history_date", "history_id")
            rows = [
                row
                for row in rows.select_related("history_user")
                if self.shows_drafts or self._was_public(public_since, row)
            ]
            parts.append((part, rows))
        self._load_related([*versions, *(row for _, rows in parts for row in rows)])

        label = type(self.record)._meta.model_name
        entries = self._entries_of(versions, label, is_part=False)
        for part, rows in parts:
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

    def _load_related(self, rows) -> None:
        """Fetch every record the versions point to, one query per model."""
        wanted: dict[type, set] = {}
        for row in rows:
            for field in row.tracked_fields:
                pk = getattr(row, field.attname)
                if isinstance(field, models.ForeignKey) and pk is not None:
                    wanted.setdefault(field.related_model, set()).add(pk)
            for field in getattr(row, "_history_m2m_fields", []):
                target = f"{field.m2m_reverse_field_name()}_id"
                pks = {
                    getattr(through, target) for through in _through_rows(row, field)
                }
                wanted.setdefault(field.related_model, set()).update(pks)
        for model, pks in wanted.items():
            for related in model._default_manager.filter(pk__in=pks):
                self._related[(model, related.pk)] = related

    def _visible(self, model, pk) -> models.Model | None:
        related = self._related.get((model, pk))
        if related is None or not (
            self.shows_drafts or getattr(related, "is_published", True)
        ):
            return None
        return related

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
                    "summary": self._summary(version, label),
                    "user": self._user(version),
                    "reason": version.history_change_reason or "",
                    "changes": self._changes(before, version),
                }
            )
        return entries

    def _summary(self, version, label: str) -> str:
        """The version in words, from records already fetched (or by number
        when it points to one the reader may not see)."""
        instance = version.instance
        for field in version.tracked_fields:
            pk = getattr(version, field.attname)
            if not isinstance(field, models.ForeignKey) or pk is None:
                continue
            related = self._visible(field.related_model, pk)
            if related is None:
                return f"{label} #{version.id}"
            instance._meta.get_field(field.name).set_cached_value(instance, related)
        return str(instance)

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
            target = f"{field.m2m_reverse_field_name()}_id"
            values[field.name] = sorted(
                str(self._name_of(field.related_model, getattr(through, target)))
                for through in _through_rows(version, field)
            )
        return values

    def _name_of(self, model, pk):
        """A related record by slug (or name), or None if the reader may not see it."""
        related = self._visible(model, pk)
        if related is None:
            return None
        return getattr(related, "slug", None) or str(related)


@functools.cache
def _through_accessor(history_model, field) -> str:
    """The reverse accessor of the rows that version `field` (many-to-many)."""
    name = f"{history_model._meta.model_name}_{field.name}"
    relation = next(r for r in history_model._meta.related_objects if r.name == name)
    return relation.get_accessor_name()


def _through_rows(version, field):
    return getattr(version, _through_accessor(type(version), field)).all()


def _plain(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value
