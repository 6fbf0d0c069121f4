"""Keeping the search index in step with the records.

Every write of a searchable record goes through `Model.save()` or `delete()`
(`AuditedQuerySet` refuses the bulk writes that skip them, except
`bulk_create_with_history`, after which `rebuild` runs), so the index follows
the post_save and post_delete signals: it is a copy of the records' text, not
a business rule. Publishing or unpublishing changes no entry: visibility is
asked of the real rows after matching.
"""

from collections.abc import Iterable

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

from partnerships import bulk_writes
from partnerships.search.documents import DOCUMENTS, Document
from partnerships.search.models import SearchEntry

BATCH = 2000


def index(record: models.Model) -> None:
    document = DOCUMENTS[type(record)]
    values = {field: getattr(record, field) for field in document.fields}
    SearchEntry.objects.update_or_create(
        kind=document.kind,
        record_id=record.pk,
        defaults=document.entry_values(values),
    )


def unindex(record: models.Model) -> None:
    SearchEntry.objects.filter(
        kind=DOCUMENTS[type(record)].kind, record_id=record.pk
    ).delete()


def entries(document: Document) -> Iterable[SearchEntry]:
    rows = (
        document.model._default_manager.order_by("pk")
        .values("pk", *document.fields)
        .iterator(chunk_size=BATCH)
    )
    for values in rows:
        yield SearchEntry(
            kind=document.kind, record_id=values["pk"], **document.entry_values(values)
        )


@transaction.atomic
def rebuild() -> int:
    """Index every searchable record afresh; how many entries it wrote."""
    SearchEntry.objects.all().delete()
    written = 0
    for document in DOCUMENTS.values():
        batch = []
        for entry in entries(document):
            batch.append(entry)
            if len(batch) == BATCH:
                SearchEntry.objects.bulk_create(batch)
                written += len(batch)
                batch = []
        SearchEntry.objects.bulk_create(batch)
        written += len(batch)
    bulk_writes.announce(SearchEntry)
    return written


def on_save(sender, instance, **kwargs) -> None:
    index(instance)


def on_delete(sender, instance, **kwargs) -> None:
    unindex(instance)


def connect() -> None:
    for model in DOCUMENTS:
        post_save.connect(on_save, sender=model, dispatch_uid=f"search-{model}")
        post_delete.connect(on_delete, sender=model, dispatch_uid=f"search-{model}")
