"""The change feed: every change readers saw, in an order a mirror can follow.

What a change is. Something READERS saw change, read from each record's public
history (`History(record, PUBLIC)`, rule 3 of `partnerships.visibility`): a
draft's edits never appear; publishing a record is "created" (and so is
publishing it again after a withdrawal); unpublishing or deleting it is
"withdrawn"; an edit of a published record (or of its parties, citations,
aliases, commitments, reports) is "changed" with the names of the public fields
and parts that changed (never `internal_note`, editors' names or reasons); a
record whose `merged_into` is set (see `merged_target`) is "merged", naming
the record it became.

Why it cannot lose or repeat a change under concurrent writes. Primary keys
and times are handed out when a row is written, not when its transaction
commits: a reader paging by `history_id` can pass id 41 while the transaction
holding id 40 has yet to commit, and never see 40. So the feed is not read
from the history tables. Instead:

1. Every saved version of a record or of one of its parts writes a
   `PendingChange` note ("company 7 changed") in the same transaction
   (`note_pending`, on simple-history's signal: every door that writes history
   writes the note). It commits, or rolls back, with the change itself.
2. `changes_record` (the task worker runs it once each writing transaction has
   committed; `manage.py log_changes` runs it by hand) takes the change log's
   lock (`ChangeLogLock`: a row locked FOR UPDATE on PostgreSQL, an IMMEDIATE
   transaction on SQLite), reads the committed notes, works out each noted
   record's public changes not logged yet, appends them to `Change` and
   deletes the notes it read. One appender at a time: a `Change`'s primary key
   is handed out while the lock is held, so keys grow in the order the log's
   transactions commit, and a reader who has seen key N can never later see a
   committed key below N.
3. The feed lists `Change` rows after the cursor it is given (`since`), in key
   order. The cursor is the last key read.

A note whose transaction commits while the log is being appended to is read
by the next run; a version committed after its record's note was read is
logged now and found again (idempotently: a change is logged once per
version, `change_once_per_version`) when its own note is read.
"""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, models, transaction
from django.urls import reverse

from partnerships import bulk_writes
from partnerships.history import PARTS, History
from partnerships.models import (
    Agreement,
    AgreementParty,
    Company,
    Person,
    Source,
    Statement,
)
from partnerships.visibility import EDITOR, PUBLIC
from webhooks.models import Change, ChangeLogLock, ChangeType, PendingChange

RECORD_TYPES: dict[type[models.Model], str] = {
    Company: "company",
    Person: "person",
    Source: "source",
    Agreement: "agreement",
    Statement: "statement",
}
MODELS = {name: model for model, name in RECORD_TYPES.items()}
# A part's model -> (its record's model, the foreign key to the record).
OWNERS = {
    part.model: (model, part.owner_field)
    for model, parts in PARTS.items()
    for part in parts
}
# A part's label in history entries -> the name readers know it by.
PART_NAMES = {part.label: part.name for parts in PARTS.values() for part in parts}
# The API's detail route of each kind of record.
API_ROUTES = {name: f"api:{name}-detail" for name in MODELS}
# Notes read by one run of `changes_record`; the rest wait for the next.
BATCH = 200

# -- 1. the notes ------------------------------------------------------------------


def note_pending(sender, instance, history_instance, **kwargs) -> None:
    """simple-history's `post_create_historical_record`: note that the record
    (or the record a part belongs to) changed, in the saving transaction."""
    changed = type(instance)
    if changed in RECORD_TYPES:
        model, pk = changed, history_instance.id
    elif changed in OWNERS:
        model, owner_field = OWNERS[changed]
        pk = getattr(history_instance, f"{owner_field}_id", None)
    else:
        return
    if pk is None:
        return
    PendingChange.objects.create(record_type=RECORD_TYPES[model], record_id=pk)
    _log_after_commit()


def _log_after_commit() -> None:
    """Ask the task worker to log the changes once this transaction commits:
    once per transaction, however many versions it saves."""
    connection = transaction.get_connection()
    if any(callback is _enqueue for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(_enqueue, robust=True)


def _enqueue() -> None:
    from webhooks.tasks import log_changes

    log_changes.enqueue()


# -- 2. appending to the log ---------------------------------------------------------


def changes_record() -> list[Change]:
    """Log the public changes of every noted record; the changes appended."""
    appended = []
    while True:
        batch, more = _log_a_batch()
        appended += batch
        if not more:
            return appended


@transaction.atomic
def _log_a_batch() -> tuple[list[Change], bool]:
    _lock()
    notes = list(PendingChange.objects.order_by("pk")[: BATCH + 1])
    more = len(notes) > BATCH
    notes = notes[:BATCH]
    wanted: dict[str, dict[int, None]] = {}
    for note in notes:
        wanted.setdefault(note.record_type, {})[note.record_id] = None
    # A person's statements are seen only while the person is: look at them again.
    people = list(wanted.get("person", {}))
    for pk in Statement.objects.filter(speaker_id__in=people).values_list(
        "pk", flat=True
    ):
        wanted.setdefault("statement", {})[pk] = None
    appended = []
    for record_type, pks in wanted.items():
        appended += _log_records(MODELS[record_type], list(pks))
    PendingChange.objects.filter(pk__in=[note.pk for note in notes]).delete()
    if appended:
        from webhooks.delivery import deliveries_create

        deliveries_create(appended)
    return appended, more


def _lock() -> None:
    """Hold the change log's lock until this transaction ends."""
    if not ChangeLogLock.objects.filter(pk=1).exists():
        try:
            with transaction.atomic():
                ChangeLogLock.objects.create(pk=1)
        except IntegrityError:  # another appender created it first
            pass
    ChangeLogLock.objects.select_for_update().get(pk=1)


def _log_records(model: type[models.Model], pks: list[int]) -> list[Change]:
    records = _records(model, pks)
    histories = History.of_records(records, PUBLIC)
    record_type = RECORD_TYPES[model]
    logged = {
        (record_id, version, kind)
        for record_id, version, kind in Change.objects.filter(
            record_type=record_type, record_id__in=pks
        ).values_list("record_id", "version", "type")
    }
    new = []
    for record in records:
        if model is Statement and not PUBLIC.sees(record.speaker):
            continue  # not public while its speaker is not (see `_log_a_batch`)
        companies = None
        for change in _changes(record, histories.get(record.pk, [])):
            if (record.pk, change.version, change.type) in logged:
                continue
            if companies is None:
                companies = _companies(record)
            change.companies = companies
            new.append(change)
    new.sort(key=lambda change: (change.at, change.version))
    appended = Change.objects.bulk_create(new)
    bulk_writes.announce(Change)
    return appended


def _records(model: type[models.Model], pks: list[int]) -> list[models.Model]:
    """The records `pks`, a deleted one as its last version left it."""
    records = model._default_manager.filter(pk__in=pks)
    if model is Statement:
        records = records.select_related("speaker")
    found = {record.pk: record for record in records}
    gone = set(pks) - set(found)
    if gone:
        last = {}
        for version in model.history.filter(id__in=gone).order_by("history_date"):
            last[version.id] = version
        for pk, version in last.items():
            found[pk] = version.instance
    return [found[pk] for pk in pks if pk in found]


def _changes(record, entries: list[dict]) -> list[Change]:
    """The record's public history entries as changes, oldest first: one per
    version that changed what readers saw."""
    record_type = RECORD_TYPES[type(record)]
    groups: dict[tuple, list[dict]] = {}
    for entry in sorted(entries, key=lambda e: (e["at"], e["version"])):
        groups.setdefault((entry["at"], entry["version"]), []).append(entry)
    slug = ""
    changes = []
    for (at, version), group in groups.items():
        own = [entry for entry in group if entry["part_id"] is None]
        kinds = {entry["type"] for entry in own}
        fields = [change["field"] for entry in own for change in entry["changes"]]
        for entry in own:
            for change in entry["changes"]:
                if change["field"] == "slug" and change["new"]:
                    slug = change["new"]
        merged_into = None
        if "withdrawn" in kinds:
            kind = ChangeType.WITHDRAWN
            merged_into = merged_target(record, version)
        elif kinds & {"created", "published"}:
            kind = ChangeType.CREATED
            fields = []
        else:
            kind = ChangeType.CHANGED
            fields += [PART_NAMES[entry["part"]] for entry in group if entry["part_id"]]
            if "merged_into" in fields:
                merged_into = merged_target(record, version)
        if merged_into is not None:
            kind, fields = ChangeType.MERGED, []
        changes.append(
            Change(
                record_type=record_type,
                record_id=record.pk,
                slug=slug,
                type=kind,
                at=at,
                changed_fields=sorted(set(fields)),
                merged_into_type=record_type if merged_into else "",
                merged_into_slug=merged_into.slug if merged_into else "",
                version=_version_key(at, version),
            )
        )
    return changes


def _version_key(at: datetime.datetime, version: int) -> int:
    """A change's version: the history row's id. A part's version and the
    record's share no sequence, so two of them with the same id (at different
    times) are told apart by the microsecond they were saved at."""
    return version * 1_000_000 + at.microsecond


def merged_target(record, version: int):
    """The record that `record` was merged into by its version `version`, if
    readers see it: when `merged_into` (added by the merge tool) went from
    nothing to a record. None when the model has no such field yet."""
    model = type(record)
    try:
        model._meta.get_field("merged_into")
    except FieldDoesNotExist:
        return None
    target = (
        model.history.filter(history_id=version)
        .values_list("merged_into_id", flat=True)
        .first()
    )
    if target is None:
        return None
    return PUBLIC.records(model).filter(pk=target).first()


def _companies(record) -> list[int]:
    """The published companies `record` involves: itself, an agreement's
    parties, a person's affiliation, a statement's speaker's and subjects'.
    Only for webhooks' filters; never shown."""
    if isinstance(record, Company):
        pks = {record.pk}
    elif isinstance(record, Agreement):
        pks = set(
            EDITOR.records(AgreementParty)
            .filter(agreement_id=record.pk)
            .values_list("company_id", flat=True)
        )
    elif isinstance(record, Person):
        pks = {record.affiliation_id}
    elif isinstance(record, Statement):
        pks = {record.speaker.affiliation_id}
        if record.pk and Statement.objects.filter(pk=record.pk).exists():
            pks |= set(record.companies.values_list("pk", flat=True))
    else:
        pks = set()
    pks.discard(None)
    return sorted(
        PUBLIC.records(Company).filter(pk__in=pks).values_list("pk", flat=True)
    )


# -- 3. reading the log --------------------------------------------------------------


def changes_after(since: int, limit: int) -> list[Change]:
    """The logged changes after cursor `since`, oldest first: one query."""
    return list(Change.objects.filter(pk__gt=since).order_by("pk")[:limit])


def change_data(change: Change, absolute) -> dict:
    """A change as the feed and webhooks show it; `absolute` makes a path an
    absolute URL (`partnerships.site_address.absolute`)."""

    def record(record_type: str, slug: str) -> dict:
        path = reverse(API_ROUTES[record_type], kwargs={"slug": slug})
        page = MODELS[record_type](slug=slug).get_absolute_url()
        return {
            "type": record_type,
            "slug": slug,
            "url": absolute(path),
            "html_url": absolute(page),
        }

    return {
        "cursor": change.pk,
        "type": change.type,
        "at": change.at.isoformat().replace("+00:00", "Z"),
        "record": {"id": change.record_id, **record(change.record_type, change.slug)},
        "changed_fields": change.changed_fields,
        "merged_into": (
            record(change.merged_into_type, change.merged_into_slug)
            if change.type == ChangeType.MERGED
            else None
        ),
    }
