"""People, what they said as a source published it, and what it is about."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from partnerships.models.agreements import (
    Agreement,
)
from partnerships.models.base import (
    NullsOrderedIndex,
    Publishable,
    SlugManager,
    change_order_indexes,
    clean_precise_date,
    merged_indexes,
    merged_into_field,
    name_key_field,
    precise_date,
    precise_date_constraints,
    precision_field,
    sparse_link_index,
)
from partnerships.models.companies import (
    Company,
)
from partnerships.models.sources import (
    Source,
)
from partnerships.qualified import (
    PreciseDate,
)
from partnerships.slug_paths import slug_path


class Topic(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True)

    objects = SlugManager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class Person(Publishable):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    role = models.CharField(
        max_length=200, blank=True, help_text="e.g. Chief executive"
    )
    affiliation = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    description = models.TextField(blank=True)
    name_key = name_key_field()
    merged_into = merged_into_field("self")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(condition=~Q(name=""), name="person_name_not_empty"),
            models.CheckConstraint(
                condition=~Q(merged_into=F("pk")), name="person_not_merged_into_itself"
            ),
        ]
        indexes = [
            # The admin's duplicate warning: people whose name_key is a key.
            models.Index(fields=["name_key"], name="person_name_key_idx"),
            # The public list and API list in their default order.
            *merged_indexes("person", "name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_path("partnerships:person-detail", self.slug)

    @property
    def title(self) -> str:
        """ "Chief executive, OpenAI"."""
        parts = [self.role, self.affiliation.name if self.affiliation else ""]
        return ", ".join(part for part in parts if part)


class StatementForm(models.TextChoices):
    QUOTE = "quote", "Direct quote"
    PARAPHRASE = "paraphrase", "Paraphrase by the source"


class Statement(Publishable):
    """Something a person said, as a source published it.

    `text` is what the source printed, in the source's language. `text_en` is an
    English rendering; when `text_en_is_translation` is set it is the editors'
    translation and must never be shown as the speaker's own words.
    """

    slug = models.SlugField(max_length=120, unique=True)
    headline = models.CharField(
        max_length=120,
        blank=True,
        help_text="A short English headline by the editors saying what was said, "
        "e.g. “Altman: Azure's API exclusivity runs through 2030”. The page, the "
        "feed and search use it as the statement's title; never put words in "
        "the speaker's mouth in it.",
    )
    speaker = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="statements"
    )
    form = models.CharField(
        max_length=12, choices=StatementForm, default=StatementForm.QUOTE
    )
    text = models.TextField(help_text="As published in the source, in its language.")
    language = models.CharField(
        max_length=16, help_text="Language of the text as published (BCP 47)."
    )
    spoken_language = models.CharField(
        max_length=16, blank=True, help_text="Language the speaker used, if different."
    )
    text_en = models.TextField("English rendering", blank=True)
    text_en_is_translation = models.BooleanField(
        "English is the editors' translation",
        default=True,
        help_text="Untick only when the English text is what the speaker said.",
    )
    said_on = models.DateField(null=True, blank=True)
    said_precision = precision_field("Date said")
    occasion = models.CharField(
        max_length=300,
        blank=True,
        help_text="e.g. a video podcast hosted by Brad Gerstner",
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="Where it was said.",
    )
    in_reply_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
        db_index=False,  # sparse_link_index, in Meta
        help_text="The question this statement answers.",
    )
    companies = models.ManyToManyField(
        Company, blank=True, related_name="statements_about"
    )
    agreements = models.ManyToManyField(
        Agreement, blank=True, related_name="statements"
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="statements")

    history = HistoricalRecords(m2m_fields=[companies, agreements, topics])

    class Meta:
        ordering = ["-said_on", "slug"]
        indexes = [
            # The public statements (API list, a person's page) newest first.
            NullsOrderedIndex(
                "publication_status",
                F("said_on").desc(nulls_last=True),
                "slug",
                name="statement_public_said_idx",
            ),
            # The statements page and the home page's latest, newest first.
            NullsOrderedIndex(
                "publication_status",
                F("said_on").desc(nulls_last=True),
                F("created_at").desc(),
                "slug",
                name="statement_public_newest_idx",
            ),
            *change_order_indexes("statement"),
            # Counting the public statements (the API list's count): the
            # statements seen, with their speakers, read from this index
            # alone instead of from every statement's row (0.7 s at 300,000).
            models.Index(
                fields=["publication_status", "speaker"],
                name="statement_public_speaker_idx",
            ),
            # What a company's people said (its page counts them): read by
            # speaker, the company's people found first. The statements'
            # companies (what is said about a company) have their index on the
            # through table, in migration 0014. Form and language make it
            # cover the list's facets of them, which read every statement's
            # row otherwise (SQLite at L: 0.8 s each, 0.3 with them here).
            models.Index(
                fields=["speaker", "publication_status", "form", "language"],
                name="statement_speaker_public_idx",
            ),
            # The replies to a statement (its page).
            sparse_link_index("statement", "in_reply_to"),
        ]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(text=""), name="statement_text_not_empty"
            ),
            models.CheckConstraint(
                condition=~Q(language=""), name="statement_language_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(form__in=StatementForm.values), name="statement_form_valid"
            ),
            models.CheckConstraint(
                condition=~Q(in_reply_to=F("pk")), name="statement_not_reply_to_itself"
            ),
            *precise_date_constraints("said", "statement"),
        ]

    def __str__(self) -> str:
        excerpt = self.text_en or self.text
        if len(excerpt) > 60:
            excerpt = excerpt[:59] + "…"
        return f"{self.speaker}: {excerpt}"

    def get_absolute_url(self) -> str:
        return slug_path("partnerships:statement-detail", self.slug)

    @property
    def title(self) -> str:
        """The statement's title for readers (page, feed, search results): the
        editors' headline, or, without one, the speaker and the words as
        published, in quotation marks only when they are the speaker's own."""
        if self.headline:
            return self.headline
        words = self.text if len(self.text) <= 60 else self.text[:59] + "…"
        if self.form == StatementForm.PARAPHRASE:
            return f"{self.speaker.name} (paraphrased): {words}"
        if self.is_reported_translation:
            return f"{self.speaker.name} (in translation): {words}"
        return f"{self.speaker.name}: “{words}”"

    @property
    def is_reported_translation(self) -> bool:
        """The words as published translate what the speaker said in another
        language (Chinese for English speech): the source's translation, not a
        quote of the speaker."""
        spoken = self.spoken_language.lower().split("-")[0]
        return bool(spoken) and spoken != self.language.lower().split("-")[0]

    @property
    def said(self) -> PreciseDate | None:
        return precise_date(self.said_on, self.said_precision)

    def collect_errors(self, errors: dict[str, list[str]]) -> None:
        clean_precise_date(errors, "said", self.said_on, self.said_precision)
        if self.pk and self.in_reply_to_id == self.pk:
            errors.setdefault("in_reply_to", []).append(
                "A statement cannot answer itself."
            )
