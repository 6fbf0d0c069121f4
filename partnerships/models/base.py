"""What every record shares: publication, audited writes, dates with a precision.

Every rule that must always hold lives in the database as a named constraint,
and `clean()` repeats it with a message on the field a form should highlight.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Length

from partnerships import bulk_writes
from partnerships.bulk_load import bulk_load_with_history
from partnerships.qualified import (
    DatePrecision,
    PreciseDate,
    precision_mismatch,
)

# `value_currency__length=3` in constraints below.
models.CharField.register_lookup(Length)


TERMS_UNSUPPORTED_MESSAGE = (
    "Every term a published agreement states needs a current report: a citation "
    "that says it, with who asserts it (basis) and how firmly (modality)."
)


CITATION_REQUIRED_MESSAGE = (
    "A record cannot be published without at least one citation: add the source "
    "and the excerpt that support it."
)


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class AuditBypassError(TypeError):
    pass


class AuditedQuerySet(models.QuerySet):
    """Writes that skip `Model.save()` would leave no history, so they are refused."""

    def _refuse(self, method: str):
        raise AuditBypassError(
            f"{self.model.__name__}.objects.{method}() would change records without "
            "recording their history: save each record instead."
        )

    def update(self, **kwargs):
        self._refuse("update")

    def bulk_update(self, objs, fields, batch_size=None):
        self._refuse("bulk_update")

    def bulk_create(self, objs, *args, **kwargs):
        self._refuse("bulk_create")

    def _prepare_as_saved(self, objs: list) -> None:
        """What `save()` does to a record before writing it, `pre_save`
        (each name's duplicate key, `partnerships.names`): a bulk write
        skips it, and every generated company had the same empty key."""
        for obj in objs:
            models.signals.pre_save.send(
                sender=self.model,
                instance=obj,
                raw=False,
                using=self.db,
                update_fields=None,
            )

    def bulk_create_with_history(
        self, objs: list, *, reason: str, at: datetime.datetime | None = None
    ) -> list:
        """Create many new records at once together with their first history
        rows ("created", with `reason`), in one transaction: the one bulk write
        that keeps the audit rule (`manage.py generate_data` uses it)."""
        self._prepare_as_saved(objs)
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs)
            self.model.history.bulk_history_create(
                created, default_change_reason=reason, default_date=at
            )
        bulk_writes.announce(self.model, using=self.db)
        return created

    def bulk_load_with_history(
        self, objs: list, *, reason: str, at: datetime.datetime
    ) -> list:
        """The same rows as `bulk_create_with_history`, written as prepared
        tuples (`partnerships/bulk_load.py`): for synthetic data at scale."""
        self._prepare_as_saved(objs)
        loaded = bulk_load_with_history(
            self.model, objs, reason=reason, at=at, using=self.db
        )
        bulk_writes.announce(self.model, using=self.db)
        return loaded


class NullsOrderedIndex(models.Index):
    """An index in an order that says where empty values go, as the API's and
    pages' sorts do (`F("said_on").desc(nulls_last=True)`), so that PostgreSQL
    reads a page in order from it. SQLite cannot say so in an index, and need
    not: it puts NULLs first ascending and last descending, so there the
    clause is left out where it names that order (and refused where not)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "sqlite" or not self.expressions:
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = models.Index(
            *map(sqlite_order, self.expressions),
            name=self.name,
            db_tablespace=self.db_tablespace,
            opclasses=self.opclasses,
            condition=self.condition,
            include=self.include,
        )
        return plain.create_sql(model, schema_editor, using=using, **kwargs)


def sqlite_order(expression):
    if not isinstance(expression, models.OrderBy):
        return expression
    natural = expression.nulls_last if expression.descending else expression.nulls_first
    if not (natural or (expression.nulls_first is expression.nulls_last is None)):
        raise ValueError(f"SQLite cannot index {expression}: its NULLs order differs.")
    return models.OrderBy(expression.expression, descending=expression.descending)


class SlugManager(models.Manager.from_queryset(AuditedQuerySet)):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class Publishable(models.Model):
    """A record the public may see once an editor publishes it with a citation."""

    publication_status = models.CharField(
        max_length=10,
        choices=PublicationStatus,
        default=PublicationStatus.DRAFT,
        help_text="Only published records appear on the site and in the public API.",
    )
    internal_note = models.TextField(
        blank=True,
        help_text="For editors only: never shown on the site or to API readers.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SlugManager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(publication_status__in=PublicationStatus.values),
                name="%(class)s_publication_status_valid",
            ),
        ]

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def is_published(self) -> bool:
        return self.publication_status == PublicationStatus.PUBLISHED

    # Set by a form that checks the parts submitted along with the record (the
    # admin's citation and term report inlines), which the stored ones may not
    # show yet.
    parts_checked_by_form = False

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        if self.is_published and self.pk and not self.parts_checked_by_form:
            errors.setdefault("publication_status", []).extend(
                self.unpublishable_because()
            )
            if not errors["publication_status"]:
                del errors["publication_status"]
        self.collect_errors(errors)
        if errors:
            raise ValidationError(errors)

    def collect_errors(self, errors: dict[str, list[str]]) -> None:
        """Add this model's own rule violations to `errors`, keyed by field."""

    def unpublishable_because(self) -> list[str]:
        """Why the stored record cannot be published: it cites nothing."""
        if hasattr(self, "citations") and not self.citations.exists():
            return [CITATION_REQUIRED_MESSAGE]
        return []


def precise_date_constraints(prefix: str, model: str) -> list[models.CheckConstraint]:
    """A date and its precision are given together and agree with each other."""
    on, precision = f"{prefix}_on", f"{prefix}_precision"
    return [
        models.CheckConstraint(
            condition=Q(**{f"{on}__isnull": True, precision: ""})
            | Q(**{f"{on}__isnull": False, f"{precision}__in": DatePrecision.values}),
            name=f"{model}_{prefix}_precision_given_with_date",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{on}__isnull": True})
            | Q(**{precision: DatePrecision.DAY})
            | Q(**{precision: DatePrecision.MONTH, f"{on}__day": 1})
            | Q(**{precision: DatePrecision.YEAR, f"{on}__month": 1, f"{on}__day": 1}),
            name=f"{model}_{prefix}_date_matches_precision",
        ),
    ]


def not_before(later: str, earlier: str) -> Q:
    """The `later` period does not end before the `earlier` date.

    A year-precision expiry of 2030 is compatible with an effective date in
    May 2030, so the comparison is made at the later date's precision.
    """
    later_on, later_precision, earlier_on = (
        f"{later}_on",
        f"{later}_precision",
        f"{earlier}_on",
    )
    return (
        Q(**{f"{later_on}__isnull": True})
        | Q(**{f"{earlier_on}__isnull": True})
        | Q(**{f"{later_on}__gte": F(earlier_on)})
        | Q(
            **{
                later_precision: DatePrecision.YEAR,
                f"{later_on}__year": F(f"{earlier_on}__year"),
            }
        )
        | Q(
            **{
                later_precision: DatePrecision.MONTH,
                f"{later_on}__year": F(f"{earlier_on}__year"),
                f"{later_on}__month": F(f"{earlier_on}__month"),
            }
        )
    )


def precise_date(value: datetime.date | None, precision: str) -> PreciseDate | None:
    return PreciseDate(value, precision) if value is not None and precision else None


def clean_precise_date(errors: dict, prefix: str, value, precision: str) -> None:
    problem = precision_mismatch(value, precision)
    if problem:
        field = f"{prefix}_precision" if value is not None else f"{prefix}_on"
        errors.setdefault(field, []).append(problem)


def name_key_field() -> models.CharField:
    """The name folded for duplicate warnings (`partnerships.names`), kept in
    step by a `pre_save` receiver so that fixtures and restores get it too."""
    return models.CharField(max_length=300, editable=False, blank=True, default="")


def merged_into_field(model: str) -> models.ForeignKey:
    """The record this one was merged into: set and cleared only by the merge
    services (`merges.services`); readers no longer see a merged record."""
    return models.ForeignKey(
        model,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        db_index=False,  # merged_indexes() gives its index
        related_name="merged_records",
        help_text="Set by a merge: this record's pages and API answer 301 to it.",
    )


def change_order_indexes(prefix: str) -> list[models.Index]:
    """The published records by when they were added, and by when last
    changed: the API's lists ordered so (a client syncing by `-updated_at`)."""
    return [
        models.Index(
            fields=["publication_status", field],
            name=f"{prefix}_public_{field.removesuffix('_at')}_idx",
        )
        for field in ("created_at", "updated_at")
    ]


def merged_indexes(prefix: str, order: str) -> list[models.Index]:
    """A mergeable model's indexes: its current records (merged_into IS NULL)
    in their list order, and the records merged into each one. Both partial:
    SQLite, with no statistics on the site's file, takes an index holding
    `merged_into IS NULL` for a selective one and drives queries from it
    (every company, read to find a group's few members); a partial index is
    used only where its condition is asked for."""
    return [
        models.Index(
            fields=[order],
            condition=Q(merged_into__isnull=True),
            name=f"{prefix}_current_{order}_idx",
        ),
        models.Index(
            fields=["merged_into"],
            condition=Q(merged_into__isnull=False),
            name=f"{prefix}_merged_into_idx",
        ),
    ]


def sparse_link_index(prefix: str, link: str, *order: str) -> models.Index:
    """The index of a link most records leave empty (the agreement a deal was
    superseded by, the statement one replies to, the source one was reported
    in), partial: only the records that have one. A plain index holds every
    empty link under one key, and SQLite's statistics then say a lookup of
    one agreement's successors reads every agreement: at 100,000 agreements it
    read them all along the title index instead (an agreement's page took
    160 ms, a statement's 520 ms). A lookup of a key (`= ?`, `IN (...)`) asks
    for a link that is not empty, so it uses the partial index."""
    return models.Index(
        fields=[link, *order],
        condition=Q(**{f"{link}__isnull": False}),
        name=f"{prefix}_{link}_idx",
    )


def precision_field(label: str) -> models.CharField:
    return models.CharField(
        f"{label} precision",
        max_length=5,
        choices=DatePrecision,
        blank=True,
        help_text="Year for “through 2030”, month for “March 2026”, day when exact.",
    )
