"""A merge of one record into another, with what moved, so that it can be undone."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q


class Merge(models.Model):
    """Record `source_id` merged into record `into_id`, both of `content_type`.

    `moved` lists, per relation, the ids of the rows the merge re-pointed from
    the merged record to the surviving one (`merges.moves.MOVES`), and
    `created_alias` the alias made of the merged record's name, if one was:
    an undo moves back exactly those and no others.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(help_text="The merged record.")
    into_id = models.PositiveBigIntegerField(help_text="The record that survives.")
    source_name = models.CharField(max_length=300)
    into_name = models.CharField(max_length=300)
    moved = models.JSONField(default=dict)
    created_alias_id = models.PositiveBigIntegerField(null=True, blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source_id=F("into_id")), name="merge_not_into_itself"
            ),
        ]
        indexes = [
            # A record's admin page: the merges it took part in.
            models.Index(fields=["content_type", "source_id"], name="merge_source_idx"),
            models.Index(fields=["content_type", "into_id"], name="merge_into_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.source_name} merged into {self.into_name}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None

    @property
    def moved_count(self) -> int:
        return sum(len(ids) for ids in self.moved.values())
