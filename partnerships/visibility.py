"""The public boundary: what a reader may see. Every channel asks this module.

The pages, the API (lists, details, filters, search, ordering, CSV, history,
`as_of`), the feed, the sitemap, the charts and the home figures all read
records through a `Reader`, and nothing else decides. The rule:

1. A reader sees a record (company, person, source, agreement, statement) only
   while it is published. A statement is what its speaker said, so it is seen
   only while its speaker is published too.
2. A related record (an agreement's party, a citation's source, a statement's
   speaker, source or subject, a company's owner, aliases, commitments) is
   seen only while both ends are.
3. A record's public history is the sequence of its published states as
   readers saw them: versions and parts that were never public are absent, not
   shown as deleted (`partnerships.history`).
4. Editors' names, change reasons and internal notes are for editors only.
5. A filter or search naming something a reader may not see answers exactly as
   for something that does not exist.
6. An editor is an account holding the permission `partnerships.view_drafts`
   (the Editors group has it): being staff is not being an editor.
7. A record merged into another (`merged_into`, set by `merges.services`) is
   seen by no reader: its old addresses lead to the record it was merged into
   (`successor`), only when that one is seen and the merged one once was, so
   a redirect never tells that a draft existed.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import F, Q, QuerySet
from django.db.models.lookups import Exact, IsNull

from partnerships.models import PublicationStatus, Publishable, Statement

VIEW_DRAFTS = "partnerships.view_drafts"

# Fields of a record that only editors read, in every channel.
EDITOR_ONLY_FIELDS = frozenset({"internal_note"})


def mergeable(model: type[models.Model]) -> bool:
    """Whether records of `model` can be merged into others (have `merged_into`)."""
    return any(field.name == "merged_into" for field in model._meta.concrete_fields)


# How many merges a redirect follows (B into A, then A into C): a chain longer
# than this is not made by the merge services, which refuse merged targets.
MAX_MERGE_HOPS = 5


def sees_drafts(user) -> bool:
    """Whether `user` is an editor: holds the permission to see drafts."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm(VIEW_DRAFTS)
    )


class Likely:
    """A condition that most rows meet, said so to SQLite (`likely(...)`).

    SQLite has no statistics on a file nothing ran `ANALYZE` on, so it
    takes an equality on any indexed column for a narrow one. A link row's
    ends being seen is met by nearly every row, yet SQLite drove the API's
    prefetches (the parties, citations, commitments, term reports of a page of
    20 agreements) from the index on the agreements' publication_status and
    read every published agreement (30 to 135 ms each at 100,000 agreements)
    instead of looking up the page's 20. `likely()` changes nothing but the
    planner's estimate; PostgreSQL, which has statistics, gets the plain
    condition.
    """

    def as_sql(self, compiler, connection):
        sql, params = super().as_sql(compiler, connection)
        if connection.vendor == "sqlite":
            return f"likely({sql})", params
        return sql, params


class LikelyExact(Likely, Exact):
    pass


class LikelyIsNull(Likely, IsNull):
    pass


@dataclass(frozen=True)
class Reader:
    """Someone reading the tracker: the public, or an editor who sees drafts."""

    is_editor: bool = False

    @classmethod
    def of(cls, user) -> "Reader":
        return EDITOR if sees_drafts(user) else PUBLIC

    def condition(
        self, path: str, model: type[models.Model], likely: bool = False
    ) -> Q:
        """Rows whose related `model` record at `path` this reader sees (with
        `path` "", rows of `model` itself). `likely`: said to SQLite's planner
        as met by most rows (`Likely`), for `filter()` only, along a `path`
        of foreign keys that are never null."""
        if self.is_editor or not issubclass(model, Publishable):
            return Q()
        at = f"{path}__" if path else ""

        def published(field: str, likely: bool = likely) -> Q:
            if likely:
                return Q(LikelyExact(F(at + field), PublicationStatus.PUBLISHED))
            return Q(**{at + field: PublicationStatus.PUBLISHED})

        seen = published("publication_status")
        if mergeable(model):
            if likely:
                seen &= Q(LikelyIsNull(F(f"{at}merged_into"), True))
            else:
                seen &= Q(**{f"{at}merged_into__isnull": True})
        if issubclass(model, Statement):
            # Nearly every statement's speaker is published: said so, SQLite
            # no longer reads the statements speaker by speaker (all 300,000)
            # to sort them, but walks an index in the order asked.
            seen &= published("speaker__publication_status", likely=True)
        return seen

    def records(self, model: type[models.Model], likely: bool = False) -> QuerySet:
        """The records of `model` this reader sees (of a model that is not
        published on its own, such as a citation, those whose ends it sees).
        `likely`: for a prefetch, which looks a few of them up by the ids of
        the records they relate to (`condition`): without it SQLite read every
        published agreement to find the 20 that a page of 20 supersede."""
        if not issubclass(model, Publishable):
            return self.links(model)
        if self.is_editor:
            current = Q(merged_into__isnull=True) if mergeable(model) else Q()
            return model._default_manager.filter(current)
        return model._default_manager.filter(self.condition("", model, likely))

    def named(self, model: type[models.Model], slug: str) -> QuerySet:
        """The record called `slug`, if this reader sees it: a filter's target.
        A draft's slug then matches exactly what an unknown slug matches."""
        return self.records(model).filter(slug=slug)

    def links(self, model: type[models.Model], checked: Iterable[str] = ()) -> QuerySet:
        """Rows that link records (parties, citations, aliases, commitments,
        reports of terms, many-to-many rows) whose every end this reader sees,
        through other link rows too: a report of a term is seen only while its
        citation's source is. `checked`: ends the caller's own filter already
        holds to this reader's sight (`groups.in_group` does for `company`);
        seeing them again joined their table once more, which led SQLite to
        build a temporary index per company on `/companies/` sorted by counts."""
        ends = {
            field.name for field in model._meta.concrete_fields if field.many_to_one
        }
        if unknown := set(checked) - ends:
            raise ValueError(f"{model.__name__} has no end {', '.join(unknown)}")
        return model._default_manager.filter(self._ends_seen(model, skip=checked))

    def _ends_seen(
        self, model: type[models.Model], path: str = "", skip: Iterable[str] = ()
    ) -> Q:
        condition = Q()
        for field in model._meta.concrete_fields:
            if not field.many_to_one or field.null or field.name in skip:
                continue
            target = field.related_model
            if issubclass(target, Publishable):
                condition &= self.condition(path + field.name, target, likely=True)
            elif not path:  # one link row deep: a citation, a commitment
                condition &= self._ends_seen(target, f"{field.name}__")
        return condition

    def sees(self, record) -> bool:
        if record is None:
            return False
        if getattr(record, "merged_into_id", None) is not None:
            return False
        if self.is_editor or not isinstance(record, Publishable):
            return True
        if isinstance(record, Statement):
            return record.is_published and record.speaker.is_published
        return record.is_published

    def shown(self, record):
        """`record` if this reader sees it, else None: for a nullable relation
        such as a company's owner or a statement's source."""
        return record if self.sees(record) else None

    def successor(self, model: type[models.Model], slug: str):
        """The record that the record called `slug` was merged into, when this
        reader sees it and saw the merged one: where its old addresses lead.
        None otherwise, as for a slug that names nothing."""
        if not mergeable(model):
            return None
        merged = (
            model._default_manager.select_related("merged_into")
            .filter(slug=slug, merged_into__isnull=False)
            .first()
        )
        if merged is None:
            return None
        if not (self.is_editor or merged.is_published):
            return None
        record = merged.merged_into
        for _ in range(MAX_MERGE_HOPS):
            if record.merged_into_id is None:
                break
            record = record.merged_into
        return record if self.sees(record) else None

    def sees_field(self, name: str) -> bool:
        return self.is_editor or name not in EDITOR_ONLY_FIELDS


def was_public(version) -> bool:
    """Whether readers saw a version of a record: a django-simple-history row,
    or the record as it stood at a moment (`history.as_of`)."""
    deleted = getattr(version, "history_type", None) == "-"
    merged = getattr(version, "merged_into_id", None) is not None  # rule 7
    return (
        not deleted
        and not merged
        and version.publication_status == PublicationStatus.PUBLISHED
    )


PUBLIC = Reader(is_editor=False)
EDITOR = Reader(is_editor=True)
