"""The versions of a record and of its parts, as editors and readers may see them.

History merges the record's own versions with those of its parts (parties,
commitments, citations, aliases).

Editors see every version as it was saved, with who saved it and why.

Readers see the record's public history (rule 3 of `partnerships.visibility`):
the sequence of its published states as they saw them. A state is the record
while it was published, with the parts whose every end the reader sees; a
change is the difference between one public state and the next. What was never
public (a draft's wording, a part added and removed while the record was a
draft, a party whose company is a draft) is absent, never shown as deleted.
The record leaving the public's view is "withdrawn"; coming back, "published",
with what changed meanwhile.
"""

import datetime
import decimal
import functools
from dataclasses import dataclass

from django.db import models
from django.db.models import Max, QuerySet

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
    Source,
    Statement,
    StatementCitation,
    TermReport,
)
from partnerships.visibility import Reader, was_public

# -- what belongs to a record ----------------------------------------------------


@dataclass(frozen=True)
class Part:
    """Records that belong to a record: edited with it, versioned apart."""

    name: str  # the related name on the record, e.g. "parties"
    label: str  # one of them, in history entries: "party"
    model: type[models.Model]
    owner_field: str  # the foreign key to the record
    visible_through: str | None = None  # a record the reader must see too


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
        Part("term_reports", "report", TermReport, "agreement", "citation"),
    ],
    Statement: [_citations(StatementCitation)],
}

CITATIONS = (AgreementCitation, CompanyCitation, PersonCitation, StatementCitation)

# Bookkeeping that every save changes; the entry's time says it already. The
# name key is derived from the name, whose change is shown.
NOT_DIFFED = {"id", "created_at", "updated_at", "name_key"}
# Every state a reader sees is published: the entry's type says when it was not.
NOT_DIFFED_FOR_READERS = NOT_DIFFED | {"publication_status"}


def latest_versions(model: type[models.Model], records: QuerySet) -> dict:
    """When a version of each of `records` (of `model`), or of one of its
    parts, was last saved: by primary key. One query (the record's versions
    and each part's, grouped by record, in a UNION ALL), so that a feed can
    read the histories of the records changed last first instead of every
    record it follows."""
    pks = records.order_by().values("pk")
    own = (
        model.history.filter(id__in=pks)
        .order_by()
        .values("id")
        .annotate(at=Max("history_date"))
        .values_list("id", "at")
    )
    parts = [
        part.model.history.filter(**{f"{part.owner_field}_id__in": pks})
        .order_by()
        .values(f"{part.owner_field}_id")
        .annotate(at=Max("history_date"))
        .values_list(f"{part.owner_field}_id", "at")
        for part in PARTS[model]
    ]
    latest = {}
    for pk, at in own.union(*parts, all=True).order_by() if parts else own:
        if pk not in latest or at > latest[pk]:
            latest[pk] = at
    return latest


class History:
    """The versions of one record and of its parts, newest first.

    Runs a fixed number of queries whatever the number of versions: one per
    versioned model, one per kind of related record the versions point to.
    """

    TYPES = {"+": "created", "~": "changed", "-": "deleted"}

    def __init__(self, record, reader: Reader) -> None:
        self.record = record
        self.reader = reader
        self.label = type(record)._meta.model_name
        # The related records the versions point to that the reader sees.
        self._related: dict[tuple[type, object], models.Model] = {}

    def entries(self) -> list[dict]:
        versions, parts = self._load()
        return self._entries_from(versions, parts)

    @classmethod
    def of_records(cls, records, reader: Reader) -> dict[int, list[dict]]:
        """The entries of several records of one model by primary key, in the
        same fixed number of queries as one record's: a feed of many records."""
        records = list(records)
        if not records:
            return {}
        loader = cls(records[0], reader)
        versions, parts = loader._load([record.pk for record in records])
        own: dict[object, list] = {}
        for version in versions:
            own.setdefault(version.id, []).append(version)
        own_parts: dict[object, list] = {}
        for number, (part, rows) in enumerate(parts):
            for row in rows:
                owner = getattr(row, f"{part.owner_field}_id")
                own_parts.setdefault((owner, number), []).append(row)
        histories = {}
        for record in records:
            history = cls(record, reader)
            history._related = loader._related
            record_parts = [
                (part, own_parts.get((record.pk, number), []))
                for number, (part, _) in enumerate(parts)
            ]
            histories[record.pk] = history._entries_from(
                own.get(record.pk, []), record_parts
            )
        return histories

    def _entries_from(self, versions, parts) -> list[dict]:
        if self.reader.is_editor:
            entries = self._entries_of(versions, self.label, is_part=False)
            for part, rows in parts:
                entries += self._entries_of(rows, part.label, is_part=True)
        else:
            entries = self._public_states(versions, parts)
        entries.sort(key=lambda entry: (entry["at"], entry["version"]), reverse=True)
        return entries

    def _load(self, pks: list | None = None):
        """The versions of the record (or of the records `pks`) and of their parts."""
        pks = pks or [self.record.pk]
        history_model = type(self.record).history.model
        m2m_fields = getattr(history_model, "_history_m2m_fields", [])
        versions = list(
            history_model.objects.filter(id__in=pks)
            .order_by("history_date", "history_id")
            .select_related("history_user")
            .prefetch_related(
                *(_through_accessor(history_model, field) for field in m2m_fields)
            )
        )
        parts = []
        for part in PARTS[type(self.record)]:
            rows = part.model.history.filter(
                **{f"{part.owner_field}_id__in": pks}
            ).order_by("history_date", "history_id")
            parts.append((part, list(rows.select_related("history_user"))))
        self._load_related([*versions, *(row for _, rows in parts for row in rows)])
        return versions, parts

    def _load_related(self, rows) -> None:
        """Fetch every record the versions point to that the reader sees, one
        query per model."""
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
            records = self.reader.records(model).filter(pk__in=pks)
            if model is Statement:
                records = records.select_related("speaker")
            elif model in CITATIONS:  # named by their source (a report's citation)
                records = records.select_related("source")
            for related in records:
                self._related[(model, related.pk)] = related

    def _visible(self, model, pk) -> models.Model | None:
        return self._related.get((model, pk))

    # -- editors: every saved version --------------------------------------------

    def _entries_of(self, versions, label: str, *, is_part: bool) -> list[dict]:
        entries = []
        previous = {}
        for version in versions:
            before = previous.get(version.id)
            previous[version.id] = version
            changes = (
                []
                if version.history_type == "-"
                else self._changes(self._values(before), self._values(version))
            )
            kind = self.TYPES[version.history_type]
            part_id = version.id if is_part else None
            entries.append(self._entry(version, kind, label, part_id, None, changes))
        return entries

    # -- readers: the published states ------------------------------------------

    def _public_states(self, versions, parts) -> list[dict]:
        events = [(v.history_date, 0, v.history_id, None, v) for v in versions]
        for part, rows in parts:
            events += [(r.history_date, 1, r.history_id, part, r) for r in rows]
        events.sort(key=lambda event: event[:3])

        entries = []
        record = None  # the record's version at this point
        alive: dict[tuple[str, int], tuple[Part, object]] = {}
        shown = None  # the last state readers saw: (values, {key: (part, row, values)})
        public = False
        for _, _, _, part, row in events:
            if part is None:
                record = row
            elif row.history_type == "-":
                alive.pop((part.label, row.id), None)
            else:
                alive[(part.label, row.id)] = (part, row)
            if record is None or not was_public(record):
                if public and part is None:
                    entries.append(self._entry(record, "withdrawn", self.label))
                public = False
                continue
            state = (
                self._values(record),
                {
                    key: (p, r, self._values(r))
                    for key, (p, r) in alive.items()
                    if self._part_visible(p, r)
                },
            )
            entries += self._state_changes(shown, state, record, row, public)
            shown, public = state, True
        return entries

    def _state_changes(self, shown, state, record, event, was_shown) -> list[dict]:
        """What readers saw change between state `shown` and `state`, which the
        version `event` (of the record or of a part) brought about."""
        values, parts = state
        before_values, before_parts = shown or (None, {})
        entries = []
        if not was_shown:
            first = shown is None and record.history_type == "+"
            kind = "created" if first else "published"
            changes = self._changes(before_values, values)
            entries.append(self._entry(event, kind, self.label, None, record, changes))
        elif values != before_values:
            changes = self._changes(before_values, values)
            entries.append(
                self._entry(event, "changed", self.label, None, record, changes)
            )
        for key in sorted(before_parts.keys() - parts.keys()):
            part, row, _ = before_parts[key]
            entries.append(self._entry(event, "deleted", part.label, row.id, row))
        for key, (part, row, part_values) in sorted(parts.items()):
            old = before_parts[key][2] if key in before_parts else None
            if old == part_values:
                continue
            kind = "created" if old is None else "changed"
            changes = self._changes(old, part_values)
            entries.append(self._entry(event, kind, part.label, row.id, row, changes))
        return entries

    def _part_visible(self, part: Part, row) -> bool:
        if part.visible_through is None:
            return True
        field = part.model._meta.get_field(part.visible_through)
        pk = getattr(row, field.attname)
        return self._visible(field.related_model, pk) is not None

    # -- one entry -------------------------------------------------------------------

    def _entry(
        self,
        moment,
        kind: str,
        label: str,
        part_id: int | None = None,
        shown=None,
        changes: list[dict] | None = None,
    ) -> dict:
        """An entry made by the version `moment`, about the version `shown` (by
        default the same): a part first seen when the record was published is
        shown as it was then, at the time of publishing."""
        editor = self.reader.is_editor
        user = moment.history_user if editor else None
        return {
            "version": moment.history_id,
            "at": moment.history_date,
            "type": kind,
            "part": label,
            "part_id": part_id,
            "summary": self._summary(shown or moment, label),
            "user": user.get_username() if user else None,
            "reason": (moment.history_change_reason or "") if editor else None,
            "changes": changes or [],
        }

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

    @staticmethod
    def _changes(old_values: dict | None, new_values: dict) -> list[dict]:
        if old_values is None:
            return [
                {"field": name, "old": None, "new": new}
                for name, new in new_values.items()
                if new not in (None, "", [])
            ]
        return [
            {"field": name, "old": old_values.get(name), "new": new}
            for name, new in new_values.items()
            if new != old_values.get(name)
        ]

    def _values(self, version) -> dict | None:
        if version is None:
            return None
        skipped = NOT_DIFFED if self.reader.is_editor else NOT_DIFFED_FOR_READERS
        values = {}
        for field in version.tracked_fields:
            if field.name in skipped or not self.reader.sees_field(field.name):
                continue
            raw = getattr(version, field.attname)
            if isinstance(field, models.ForeignKey):
                values[field.name] = self._name_of(field.related_model, raw)
            else:
                values[field.name] = _plain(raw)
        for field in getattr(version, "_history_m2m_fields", []):
            target = f"{field.m2m_reverse_field_name()}_id"
            names = (
                self._name_of(field.related_model, getattr(through, target))
                for through in _through_rows(version, field)
            )
            values[field.name] = sorted(str(name) for name in names if name)
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
