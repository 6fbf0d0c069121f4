from django.db import models


class SearchEntry(models.Model):
    """One searchable record's own text as tokens (`partnerships.search.text`).

    Derived from the records, kept in step by `indexing`, rebuilt by
    `manage.py rebuild_search_index`. It holds drafts' text too: a search
    matches entries first, then keeps only the records the reader sees.
    The full-text index over it is the database's own (migration 0001): an
    FTS5 table on SQLite, GIN indexes on PostgreSQL.
    """

    kind = models.CharField(max_length=40)  # a model's label_lower
    record_id = models.BigIntegerField()
    name = models.TextField(blank=True)  # tokens of the title or name
    text = models.TextField(blank=True)  # tokens of every searchable field
    grams = models.TextField(blank=True)  # three-letter pieces of a name

    class Meta:
        ordering = ["kind", "record_id"]
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "record_id"], name="search_entry_one_per_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id}"
