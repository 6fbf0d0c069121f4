"""The editors' desk on the admin index: what waits for a second pair of eyes,
what other editors changed lately, and where to import files.

Every list is bounded (`DESK_SIZE` rows, then a "see all" link to a filtered
list) and the desk costs the same number of queries however many records,
drafts or versions there are (tests/test_editorial_desk.py pins it).
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Model, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from editorial.models import Review
from partnerships.admin.imports import importable_types
from partnerships.models import (
    Agreement,
    Company,
    Person,
    PublicationStatus,
    Source,
    Statement,
)
from partnerships.visibility import sees_drafts

DESK_SIZE = 10
RECORD_TYPES: tuple[type[Model], ...] = (Agreement, Company, Person, Source, Statement)


@dataclass
class Pile:
    """One record type's drafts in one state, oldest first, at most DESK_SIZE."""

    model: type[Model]
    rows: list = field(default_factory=list)
    total: int = 0
    see_all: str = ""

    @property
    def name(self) -> str:
        return self.model._meta.verbose_name_plural.capitalize()

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def admin_url(model: type[Model], view: str, *args) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def ready_for_review(types: dict[int, type[Model]]) -> list[Pile]:
    """Drafts marked ready, oldest request first, grouped by record type."""
    # 1 query: the first DESK_SIZE open reviews of each type with who asked,
    # and each type's total of open reviews as a window over the same rows.
    reviews = list(
        Review.objects.filter(reviewed_at__isnull=True)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("content_type"),
                order_by=[F("ready_at").asc(), F("pk").asc()],
            ),
            total=Window(Count("pk"), partition_by=F("content_type")),
        )
        .filter(rank__lte=DESK_SIZE)
        .select_related("ready_by")
        .order_by("content_type", "ready_at", "pk")
    )
    piles = {}
    for review in reviews:
        model = types[review.content_type_id]
        pile = piles.setdefault(
            model,
            Pile(
                model,
                total=review.total,
                see_all=reverse("admin:editorial_review_changelist")
                + f"?content_type__id__exact={review.content_type_id}&state=open",
            ),
        )
        pile.rows.append(review)
    # 1 query per type with open reviews (at most 5): their records.
    for model, pile in piles.items():
        records = model._default_manager.in_bulk([r.object_id for r in pile.rows])
        for review in pile.rows:
            review.draft = records.get(review.object_id)
            review.change_url = admin_url(model, "change", review.object_id)
    return [piles[model] for model in RECORD_TYPES if model in piles]


def other_drafts(types: dict[int, type[Model]]) -> list[Pile]:
    """Drafts nobody has marked ready yet, least recently changed first."""
    open_reviews = Review.objects.filter(reviewed_at__isnull=True)
    ids = {model: pk for pk, model in types.items()}
    piles = []
    for model in RECORD_TYPES:
        # 1 query per type (5): its first drafts and, as a window, their total.
        waiting = open_reviews.filter(content_type_id=ids[model]).values("object_id")
        drafts = list(
            model._default_manager.filter(publication_status=PublicationStatus.DRAFT)
            .exclude(pk__in=waiting)
            .annotate(total=Window(Count("pk")))
            .order_by("updated_at", "pk")[:DESK_SIZE]
        )
        if drafts:
            for draft in drafts:
                draft.change_url = admin_url(model, "change", draft.pk)
            piles.append(
                Pile(
                    model,
                    rows=drafts,
                    total=drafts[0].total,
                    see_all=admin_url(model, "changelist")
                    + "?publication_status__exact=draft",
                )
            )
    return piles


def changes_by_others(user) -> list:
    """The latest versions other editors (or imports) saved, newest first."""
    versions = []
    for model in RECORD_TYPES:
        # 1 query per type (5): its newest versions not saved by `user`.
        latest = (
            model.history.exclude(history_user=user)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:DESK_SIZE]
        )
        for version in latest:
            version.model_name = model._meta.verbose_name
            version.history_url = (
                admin_url(model, "history", version.id)
                if version.history_type != "-"
                else ""
            )
            versions.append(version)
    versions.sort(key=lambda version: version.history_date, reverse=True)
    return versions[:DESK_SIZE]


def desk(user) -> dict | None:
    """The desk's context for `user`, or None for an account that is not an
    editor (staff outside the Editors group see no drafts here either)."""
    if not sees_drafts(user):
        return None
    # Cached by ContentType's manager after the first request: 0 or 1 query.
    types = {
        ContentType.objects.get_for_model(model).pk: model for model in RECORD_TYPES
    }
    return {
        "size": DESK_SIZE,
        "ready": ready_for_review(types),
        "drafts": other_drafts(types),
        "changes": changes_by_others(user),
        "imports": [
            (record_type, reverse("partnerships-import", args=[record_type]))
            for record_type in importable_types(user)
        ],
        "import_url": reverse("partnerships-import"),
    }
