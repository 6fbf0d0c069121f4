"""Sources: the articles, podcasts and filings every record rests on."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from partnerships.models.base import (
    Publishable,
    clean_precise_date,
    merged_indexes,
    merged_into_field,
    name_key_field,
    precise_date,
    precise_date_constraints,
    precision_field,
    sparse_link_index,
)
from partnerships.qualified import (
    PreciseDate,
)
from partnerships.slug_paths import slug_path
from partnerships.uris import validate_uri


class SourceKind(models.TextChoices):
    ARTICLE = "article", "Article"
    PODCAST = "podcast", "Podcast"
    FILING = "filing", "Regulatory filing"
    PRESS_RELEASE = "press_release", "Press release"
    INTERVIEW = "interview", "Interview"
    OTHER = "other", "Other"


class Source(Publishable):
    """What a fact rests on. Sources need no citation: they are the citation."""

    title = models.CharField(
        max_length=300, help_text="As the source gives it, in its language."
    )
    title_en = models.CharField(
        "English title",
        max_length=300,
        blank=True,
        help_text="The editors' translation of the title, when it is not in "
        "English; shown labelled as theirs.",
    )
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=SourceKind)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    url = models.URLField("URL", max_length=500, blank=True, validators=[validate_uri])
    published_on = models.DateField(null=True, blank=True)
    published_precision = precision_field("Publication date")
    language = models.CharField(
        max_length=16, help_text="BCP 47 code, e.g. zh-Hant, en"
    )
    description = models.TextField(blank=True)
    reported_in = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports_on",
        db_index=False,  # sparse_link_index, in Meta
        help_text="The source through which this one is known (a podcast reported by an article).",
    )
    name_key = name_key_field()  # of the title
    merged_into = merged_into_field("self")

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(title=""), name="source_title_not_empty"
            ),
            models.CheckConstraint(
                condition=~Q(language=""), name="source_language_not_empty"
            ),
            *precise_date_constraints("published", "source"),
            models.CheckConstraint(
                condition=~Q(merged_into=F("pk")), name="source_not_merged_into_itself"
            ),
        ]
        indexes = [
            # The admin's duplicate warning: sources whose title's key is a key.
            models.Index(fields=["name_key"], name="source_name_key_idx"),
            # The public list and API list in their default order.
            *merged_indexes("source", "title"),
            # The sources known through this one (its page).
            sparse_link_index("source", "reported_in"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return slug_path("partnerships:source-detail", self.slug)

    @property
    def published(self) -> PreciseDate | None:
        return precise_date(self.published_on, self.published_precision)

    def collect_errors(self, errors: dict[str, list[str]]) -> None:
        clean_precise_date(
            errors, "published", self.published_on, self.published_precision
        )
