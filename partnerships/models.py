"""The tracker's records: companies, people, sources, agreements and statements.

Every rule that must always hold lives in the database as a named constraint,
and `clean()` repeats it with a message on the field a form should highlight.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partnerships.certainty import (
    NOT_RECORDED,
    Basis,
    Certainty,
    Modality,
)
from partnerships.certainty import display as certainty_display
from partnerships.certainty import hedge as certainty_hedge
from partnerships.qualified import (
    DatePrecision,
    PreciseDate,
    Qualifier,
    format_amount,
    precision_mismatch,
)

# `value_currency__length=3` in constraints below.
models.CharField.register_lookup(Length)

# -- shared building blocks ---------------------------------------------------

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


def precision_field(label: str) -> models.CharField:
    return models.CharField(
        f"{label} precision",
        max_length=5,
        choices=DatePrecision,
        blank=True,
        help_text="Year for “through 2030”, month for “March 2026”, day when exact.",
    )


# -- reference records ------------------------------------------------------------


class CompanyKind(models.Model):
    """What a company is: AI lab, cloud provider, chip maker, investor, publisher ..."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80, unique=True)

    objects = SlugManager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


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


class CompanyQuerySet(AuditedQuerySet):
    def named(self, q: str):
        """Companies called `q` (by name or alias) and what those companies own:
        "亚马逊" finds Amazon and Amazon Web Services. Owners are looked for in
        this queryset too, so a reader's `records(Company).named(q)` never
        matches through a draft."""
        called = self.filter(
            Q(name__icontains=q) | Q(aliases__name__icontains=q)
        ).values("pk")
        return self.filter(Q(pk__in=called) | Q(parent__in=called))


class CompanyManager(models.Manager.from_queryset(CompanyQuerySet)):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class Company(Publishable):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    kinds = models.ManyToManyField(CompanyKind, blank=True, related_name="companies")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subsidiaries",
        help_text="The owner: Amazon for AWS, Microsoft for Azure.",
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)

    objects = CompanyManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="company_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:company-detail", kwargs={"slug": self.slug})

    def collect_errors(self, errors: dict[str, list[str]]) -> None:
        seen = set()
        ancestor = self.parent
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                errors["parent"] = [
                    "A company cannot be its own owner, even indirectly."
                ]
                break
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class CompanyAliasManager(models.Manager.from_queryset(AuditedQuerySet)):
    def get_by_natural_key(self, company_slug: str, name: str):
        return self.get(company__slug=company_slug, name=name)


class CompanyAlias(models.Model):
    """Another name a company goes by: "AWS", "亚马逊云科技", "微软"."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(max_length=200)
    language = models.CharField(
        max_length=16, blank=True, help_text="BCP 47 code, e.g. zh-Hant"
    )

    objects = CompanyAliasManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["company__name", "name"]
        verbose_name_plural = "company aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["company", "name"], name="company_alias_unique"
            ),
            models.CheckConstraint(
                condition=~Q(name=""), name="company_alias_name_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str, str]:
        return (self.company.slug, self.name)

    natural_key.dependencies = ["partnerships.company"]


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

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(condition=~Q(name=""), name="person_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:person-detail", kwargs={"slug": self.slug})

    @property
    def title(self) -> str:
        """ "Chief executive, OpenAI"."""
        parts = [self.role, self.affiliation.name if self.affiliation else ""]
        return ", ".join(part for part in parts if part)


class SourceKind(models.TextChoices):
    ARTICLE = "article", "Article"
    PODCAST = "podcast", "Podcast"
    FILING = "filing", "Regulatory filing"
    PRESS_RELEASE = "press_release", "Press release"
    INTERVIEW = "interview", "Interview"
    OTHER = "other", "Other"


class Source(Publishable):
    """What a fact rests on. Sources need no citation: they are the citation."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=SourceKind)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    url = models.URLField("URL", max_length=500, blank=True)
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
        help_text="The source through which this one is known (a podcast reported by an article).",
    )

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
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnerships:source-detail", kwargs={"slug": self.slug})

    @property
    def published(self) -> PreciseDate | None:
        return precise_date(self.published_on, self.published_precision)

    def collect_errors(self, errors: dict[str, list[str]]) -> None:
        clean_precise_date(
            errors, "published", self.published_on, self.published_precision
        )


# -- agreements ------------------------------------------------------------------


class AgreementKind(models.TextChoices):
    CLOUD_COMPUTE = "cloud_compute", "Cloud compute"
    CHIP_SUPPLY = "chip_supply", "Chip supply"
    STRATEGIC_PARTNERSHIP = "strategic_partnership", "Strategic partnership"
    API_DISTRIBUTION = "api_distribution", "API distribution"
    INVESTMENT = "investment", "Investment"
    LICENSING = "licensing", "Licensing"
    OTHER = "other", "Other"


class Exclusivity(models.TextChoices):
    EXCLUSIVE = "exclusive", "Exclusive"
    PARTLY_EXCLUSIVE = "partly_exclusive", "Partly exclusive"
    NON_EXCLUSIVE = "non_exclusive", "Non-exclusive"
    UNKNOWN = "unknown", "Unknown"


class AgreementStatus(models.TextChoices):
    ANNOUNCED = "announced", "Announced"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"
    SUPERSEDED = "superseded", "Superseded"


UNDATED_AGREEMENT = (
    "an agreement with neither an effective nor an announcement date, or one "
    "ended or superseded with no end date"
)


class Term(models.TextChoices):
    """The terms of an agreement a source can report, each with its certainty."""

    VALUE = "value", "Value"
    EXCLUSIVITY = "exclusivity", "Exclusivity"
    RIGHT_OF_FIRST_REFUSAL = "right_of_first_refusal", "Right of first refusal"
    STATUS = "status", "Status"
    ANNOUNCED = "announced", "Announced"
    EFFECTIVE = "effective", "In effect from"
    EXPIRES = "expires", "Runs through"
    ENDED = "ended", "Ended"
    COMMITMENT = "commitment", "Commitment"


@dataclass
class TermRow:
    """One reported term as a reader sees it: the editors' current reading, how
    sure it is, and every report of it the reader may see, oldest first."""

    term: str
    label: str
    phrase: str
    certainty: Certainty | None
    reports: list
    commitment: "Commitment | None" = None

    @property
    def shown(self) -> str:
        return certainty_display(self.phrase, self.certainty)

    @property
    def hedged(self) -> str:
        return certainty_hedge(self.phrase, self.certainty)

    @property
    def disagreeing(self) -> bool:
        """Reports that do not say the same thing, side by side on the page."""
        return len({(r.says, r.basis, r.modality) for r in self.reports}) > 1


class AgreementQuerySet(AuditedQuerySet):
    def in_force(self, on: datetime.date, include_undated: bool = False):
        """Agreements in force on `on`: begun, not expired, not ended or superseded.

        An agreement begins with its effective date or, when that is unknown,
        its announcement; a period counts whole, so "through 2030" runs to
        31 December 2030 and an agreement superseded in March 2026 was in
        force until 31 March. An undated agreement (see `UNDATED_AGREEMENT`)
        may or may not have been in force: it is left out unless
        `include_undated`, and even then only while no date we know rules it
        out (an expiry already over still does).
        """
        over = [AgreementStatus.ENDED, AgreementStatus.SUPERSEDED]
        start_unknown = Q(effective_on__isnull=True, announced_on__isnull=True)
        end_unknown = Q(status__in=over, ended_on__isnull=True)
        started = Q(effective_on__lte=on) | Q(
            effective_on__isnull=True, announced_on__lte=on
        )
        not_over = self._not_over("expires", on) & self._not_over("ended", on)
        if include_undated:
            return self.filter((started | start_unknown) & not_over)
        return self.filter(started & not_over & ~end_unknown)

    def expiring_before(self, day: datetime.date):
        """Expiry period ends before `day` ("through 2030" ends on 31 December 2030)."""
        return self.exclude(expires_on__isnull=True).exclude(
            self._not_over("expires", day)
        )

    def expiring_after(self, day: datetime.date):
        """Expiry period ends after `day` (an expiry of 2030 is after 1 June 2030)."""
        next_day = day + datetime.timedelta(days=1)
        return self.exclude(expires_on__isnull=True).filter(
            self._not_over("expires", next_day)
        )

    @classmethod
    def _not_over(cls, prefix: str, day: datetime.date) -> Q:
        """The period named by `prefix` is unknown or still running on `day`."""
        on, precision = f"{prefix}_on", f"{prefix}_precision"
        return (
            Q(**{f"{on}__isnull": True})
            | Q(**{precision: DatePrecision.DAY, f"{on}__gte": day})
            | Q(**{precision: DatePrecision.MONTH, f"{on}__gte": day.replace(day=1)})
            | Q(**{precision: DatePrecision.YEAR, f"{on}__year__gte": day.year})
        )


class AgreementManager(models.Manager.from_queryset(AgreementQuerySet)):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class Agreement(Publishable):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=30, choices=AgreementKind)
    summary = models.TextField(blank=True)

    exclusivity = models.CharField(
        max_length=20, choices=Exclusivity, default=Exclusivity.UNKNOWN
    )
    exclusivity_scope = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the exclusivity covers, e.g. “stateless APIs”.",
    )
    right_of_first_refusal = models.BooleanField(
        null=True,
        blank=True,
        help_text="Does a party hold a right of first refusal? Blank if unknown.",
    )
    rights = models.TextField(blank=True, help_text="Other rights, as reported.")

    status = models.CharField(max_length=12, choices=AgreementStatus)
    end_reason = models.TextField(
        blank=True, help_text="Why it ended or was superseded."
    )
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
        help_text="The agreement that replaced this one.",
    )

    announced_on = models.DateField(null=True, blank=True)
    announced_precision = precision_field("Announcement date")
    effective_on = models.DateField(null=True, blank=True)
    effective_precision = precision_field("Effective date")
    expires_on = models.DateField(
        null=True,
        blank=True,
        help_text="For “through 2030”: 2030-01-01 with year precision.",
    )
    expires_precision = precision_field("Expiry date")
    ended_on = models.DateField(null=True, blank=True)
    ended_precision = precision_field("End date")

    value_amount = models.DecimalField(
        max_digits=20, decimal_places=2, null=True, blank=True
    )
    value_currency = models.CharField(
        max_length=3, blank=True, help_text="ISO 4217, e.g. USD"
    )
    value_qualifier = models.CharField(max_length=10, choices=Qualifier, blank=True)
    value_as_reported = models.CharField(
        max_length=200,
        blank=True,
        help_text="The phrase as the source gives it, e.g. “380億美元”.",
    )

    objects = AgreementManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        # Concerns every record, not only agreements: what makes an account an
        # editor in `partnerships.visibility` (a permission needs a model).
        permissions = [
            ("view_drafts", "Can see drafts, editors' names, reasons and notes"),
        ]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(title=""), name="agreement_title_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AgreementKind.values), name="agreement_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(exclusivity__in=Exclusivity.values),
                name="agreement_exclusivity_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=AgreementStatus.values),
                name="agreement_status_valid",
            ),
            *precise_date_constraints("announced", "agreement"),
            *precise_date_constraints("effective", "agreement"),
            *precise_date_constraints("expires", "agreement"),
            *precise_date_constraints("ended", "agreement"),
            models.CheckConstraint(
                condition=not_before("expires", "effective"),
                name="agreement_expiry_not_before_effective",
            ),
            models.CheckConstraint(
                condition=not_before("ended", "effective"),
                name="agreement_end_not_before_effective",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(status__in=[AgreementStatus.ENDED, AgreementStatus.SUPERSEDED]),
                name="agreement_end_date_only_when_over",
            ),
            models.CheckConstraint(
                condition=Q(superseded_by__isnull=True)
                | Q(status=AgreementStatus.SUPERSEDED),
                name="agreement_successor_only_when_superseded",
            ),
            models.CheckConstraint(
                condition=~Q(superseded_by=F("pk")),
                name="agreement_not_superseded_by_itself",
            ),
            models.CheckConstraint(
                condition=Q(value_amount__isnull=True) | Q(value_amount__gte=0),
                name="agreement_value_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(
                    value_amount__isnull=True, value_currency="", value_qualifier=""
                )
                | Q(
                    value_amount__isnull=False,
                    value_currency__length=3,
                    value_qualifier__in=Qualifier.values,
                ),
                name="agreement_value_has_currency_and_qualifier",
            ),
        ]
        indexes = [
            # The "expiring soonest" list and the expires_before/after filters.
            models.Index(fields=["expires_on"], name="agreement_expires_idx"),
            # The public lists: published agreements, newest first.
            models.Index(
                fields=["publication_status", "announced_on"],
                name="agreement_published_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnerships:agreement-detail", kwargs={"slug": self.slug})

    @property
    def announced(self) -> PreciseDate | None:
        return precise_date(self.announced_on, self.announced_precision)

    @property
    def effective(self) -> PreciseDate | None:
        return precise_date(self.effective_on, self.effective_precision)

    @property
    def expires(self) -> PreciseDate | None:
        return precise_date(self.expires_on, self.expires_precision)

    @property
    def ended(self) -> PreciseDate | None:
        return precise_date(self.ended_on, self.ended_precision)

    @property
    def value_display(self) -> str:
        """“USD 38 billion”, “over USD 100 billion”."""
        return format_amount(
            self.value_amount, self.value_qualifier, self.value_currency
        )

    @property
    def value_short(self) -> str:
        """“USD 38 bn”, “> USD 100 bn”: for tables."""
        return format_amount(
            self.value_amount, self.value_qualifier, self.value_currency, short=True
        )

    # -- reported terms and how sure each is (partnerships.certainty) -------------

    def term_phrase(self, term: str) -> str:
        """The current reading of one of the agreement's own terms in words, or ""
        when the source reports nothing of it."""
        if term == Term.VALUE:
            return self.value_display or self.value_as_reported
        if term == Term.EXCLUSIVITY:
            if self.exclusivity == Exclusivity.UNKNOWN:
                return ""
            scope = f": {self.exclusivity_scope}" if self.exclusivity_scope else ""
            return self.get_exclusivity_display().lower() + scope
        if term == Term.RIGHT_OF_FIRST_REFUSAL:
            if self.right_of_first_refusal is None:
                return ""
            return "yes" if self.right_of_first_refusal else "no"
        if term == Term.STATUS:
            return self.get_status_display().lower()
        if term == Term.COMMITMENT:
            return ""
        date = getattr(self, term)
        return date.display if date else ""

    def term_csv_value(self, term: str) -> str:
        """A term for spreadsheets: dates in ISO 8601 at their precision ("2030")."""
        if term in (Term.ANNOUNCED, Term.EFFECTIVE, Term.EXPIRES, Term.ENDED):
            date = getattr(self, term)
            return date.iso if date else ""
        if term == Term.STATUS:
            return self.get_status_display()
        if term == Term.EXCLUSIVITY and self.exclusivity == Exclusivity.UNKNOWN:
            return self.get_exclusivity_display()
        return self.term_phrase(term)

    def reported_terms(self) -> list[tuple[str, "Commitment | None"]]:
        """Every term the agreement states, which a published agreement must
        support with a report: its own terms, then each commitment."""
        terms = [
            (term, None)
            for term in Term.values
            if term != Term.COMMITMENT and self.term_phrase(term)
        ]
        commitments = self.commitments.all() if self.pk else []
        return terms + [(Term.COMMITMENT, c) for c in commitments]

    @property
    def readings(self) -> dict[tuple[str, int | None], "TermReport"]:
        """The editors' current reading of each term: its current report.

        Reader channels prefetch the reports their reader sees, as
        `current_reports` (lists) or `visible_term_reports` (the record)."""
        reports = getattr(self, "current_reports", None)
        if reports is None and hasattr(self, "visible_term_reports"):
            reports = [r for r in self.visible_term_reports if r.is_current]
        if reports is None:
            reports = self.term_reports.filter(is_current=True)
        return {(report.term, report.commitment_id): report for report in reports}

    def certainty(self, term: str, commitment_id: int | None = None):
        report = self.readings.get((term, commitment_id))
        return report.certainty if report else None

    def term_shown(self, term: str) -> str:
        """One of the agreement's own terms as readers see it, with its certainty."""
        return certainty_display(self.term_phrase(term), self.certainty(term))

    @property
    def status_hedge(self) -> str:
        """How sure a status that is not a plain fact is ("possible; reported,
        unnamed sources"), for the badge that shows the status."""
        certainty = self.certainty(Term.STATUS)
        if certainty is None:
            return NOT_RECORDED
        return "" if certainty.modality == Modality.FACT else certainty.label

    @property
    def value_shown(self) -> str:
        """ "may exceed USD 100 billion (reported, unnamed sources)"."""
        return certainty_display(
            self.term_phrase(Term.VALUE), self.certainty(Term.VALUE)
        )

    @property
    def value_shown_short(self) -> str:
        """ "may exceed USD 100 bn (reported, unnamed sources)": for changelists."""
        short = self.value_short or self.value_as_reported
        return certainty_display(short, self.certainty(Term.VALUE))

    @property
    def value_hedged_short(self) -> str:
        """ "may exceed USD 100 bn": for tables, with the certainty beside it."""
        short = self.value_short or self.value_as_reported
        return certainty_hedge(short, self.certainty(Term.VALUE))

    @property
    def value_certainty_label(self) -> str:
        certainty = self.certainty(Term.VALUE)
        return certainty.label if certainty else NOT_RECORDED

    @property
    def expires_shown(self) -> str:
        phrase = self.term_phrase(Term.EXPIRES)
        return certainty_display(phrase, self.certainty(Term.EXPIRES))

    @property
    def term_rows(self) -> list[TermRow]:
        """Every reported term with its reading and its reports, for a record page.
        Needs `visible_term_reports` (every report the reader sees) prefetched."""
        reports: dict[tuple, list] = {}
        for report in self.visible_term_reports:
            reports.setdefault((report.term, report.commitment_id), []).append(report)
        rows = []
        for term, commitment in self.reported_terms():
            key = (term, commitment.pk if commitment else None)
            rows.append(
                TermRow(
                    term=term,
                    label=Term(term).label,
                    phrase=commitment.described
                    if commitment
                    else self.term_phrase(term),
                    certainty=self.certainty(*key),
                    reports=reports.get(key, []),
                    commitment=commitment,
                )
            )
        return rows

    def unpublishable_because(self) -> list[str]:
        """Also: every term it states rests on a report (a source saying it, with
        its certainty)."""
        reasons = super().unpublishable_because()
        missing = self.terms_without_reading()
        if missing:
            reasons.append(
                f"{TERMS_UNSUPPORTED_MESSAGE} Unsupported: {', '.join(missing)}."
            )
        return reasons

    def terms_without_reading(self) -> list[str]:
        """The terms a published agreement states without a current report, read
        from the database (not from what a page prefetched before a write)."""
        if self.pk is None:
            return [Term(term).label for term, _ in self.reported_terms()]
        readings = set(
            self.term_reports.model.objects.filter(
                agreement=self, is_current=True
            ).values_list("term", "commitment_id")
        )
        stated = [
            (term, None) for term, _ in self.reported_terms() if term != Term.COMMITMENT
        ]
        stated += [
            (Term.COMMITMENT, commitment)
            for commitment in Commitment.objects.filter(agreement=self)
        ]
        return [
            str(commitment) if commitment else Term(term).label
            for term, commitment in stated
            if (term, commitment.pk if commitment else None) not in readings
        ]

    def collect_errors(self, errors: dict[str, list[str]]) -> None:
        for prefix in ("announced", "effective", "expires", "ended"):
            clean_precise_date(
                errors,
                prefix,
                getattr(self, f"{prefix}_on"),
                getattr(self, f"{prefix}_precision"),
            )
        if not errors:
            if (
                self.expires
                and self.effective
                and self.expires.last_day < self.effective.first_day
            ):
                errors["expires_on"] = [
                    "The expiry cannot be before the effective date."
                ]
            if (
                self.ended
                and self.effective
                and self.ended.last_day < self.effective.first_day
            ):
                errors["ended_on"] = [
                    "The end date cannot be before the effective date."
                ]
        over = (AgreementStatus.ENDED, AgreementStatus.SUPERSEDED)
        if self.ended_on and self.status not in over:
            errors.setdefault("ended_on", []).append(
                "Only an ended or superseded agreement has an end date."
            )
        if self.superseded_by_id:
            if self.superseded_by_id == self.pk:
                errors.setdefault("superseded_by", []).append(
                    "An agreement cannot supersede itself."
                )
            elif self.status != AgreementStatus.SUPERSEDED:
                errors.setdefault("superseded_by", []).append(
                    "Set the status to superseded when naming the agreement that replaced it."
                )
        if self.value_amount is not None:
            if self.value_amount < 0:
                errors.setdefault("value_amount", []).append(
                    "The value cannot be negative."
                )
            if not (len(self.value_currency) == 3 and self.value_currency.isalpha()):
                errors.setdefault("value_currency", []).append(
                    "Give the ISO 4217 currency code of the value, e.g. USD."
                )
            if not self.value_qualifier:
                errors.setdefault("value_qualifier", []).append(
                    "Say whether the value is exact, approximate or a bound."
                )
        else:
            if self.value_currency:
                errors.setdefault("value_currency", []).append(
                    "A currency needs an amount."
                )
            if self.value_qualifier:
                errors.setdefault("value_qualifier", []).append(
                    "A qualifier needs an amount."
                )


class PartyRole(models.TextChoices):
    CUSTOMER = "customer", "Customer"
    PROVIDER = "provider", "Provider"
    SUPPLIER = "supplier", "Supplier"
    PARTNER = "partner", "Partner"
    INVESTOR = "investor", "Investor"
    INVESTEE = "investee", "Investee"
    LICENSOR = "licensor", "Licensor"
    LICENSEE = "licensee", "Licensee"


class AgreementPartyManager(models.Manager.from_queryset(AuditedQuerySet)):
    def get_by_natural_key(self, agreement_slug: str, company_slug: str, role: str):
        return self.get(
            agreement__slug=agreement_slug, company__slug=company_slug, role=role
        )


class AgreementParty(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties"
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="agreement_parties"
    )
    role = models.CharField(max_length=12, choices=PartyRole)
    note = models.CharField(max_length=300, blank=True)

    objects = AgreementPartyManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement__title", "role", "company__name"]
        verbose_name_plural = "agreement parties"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "company", "role"], name="agreement_party_unique"
            ),
            models.CheckConstraint(
                condition=Q(role__in=PartyRole.values),
                name="agreement_party_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} ({self.get_role_display().lower()})"

    def natural_key(self) -> tuple[str, str, str]:
        return (self.agreement.slug, self.company.slug, self.role)

    natural_key.dependencies = ["partnerships.agreement", "partnerships.company"]


class CommitmentKind(models.TextChoices):
    GPU = "gpu", "GPUs"
    CPU = "cpu", "CPUs"
    CHIP = "chip", "Chips"
    POWER_CAPACITY = "power_capacity", "Power capacity"
    OTHER = "other", "Other"


class CommitmentManager(models.Manager.from_queryset(AuditedQuerySet)):
    def get_by_natural_key(self, agreement_slug: str, kind: str, resource: str):
        return self.get(agreement__slug=agreement_slug, kind=kind, resource=resource)


class Commitment(models.Model):
    """What an agreement commits: “hundreds of thousands of NVIDIA GPUs”, “up to 10 GW”."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="commitments"
    )
    kind = models.CharField(max_length=20, choices=CommitmentKind)
    resource = models.CharField(
        max_length=200,
        help_text="What is committed, e.g. “NVIDIA GPUs”, “Trainium chips”.",
    )
    quantity = models.DecimalField(
        max_digits=20, decimal_places=2, null=True, blank=True
    )
    quantity_qualifier = models.CharField(max_length=10, choices=Qualifier, blank=True)
    unit = models.CharField(max_length=40, blank=True, help_text="e.g. GPUs, GW")
    as_reported = models.CharField(
        max_length=200, blank=True, help_text="The phrase as the source gives it."
    )
    note = models.CharField(max_length=300, blank=True)

    objects = CommitmentManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement__title", "kind", "resource"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "resource"], name="commitment_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CommitmentKind.values),
                name="commitment_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(resource=""), name="commitment_resource_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gte=0),
                name="commitment_quantity_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True, quantity_qualifier="")
                | Q(quantity__isnull=False, quantity_qualifier__in=Qualifier.values),
                name="commitment_qualifier_only_with_quantity",
            ),
        ]

    def __str__(self) -> str:
        return self.display or self.resource

    def natural_key(self) -> tuple[str, str, str]:
        return (self.agreement.slug, self.kind, self.resource)

    natural_key.dependencies = ["partnerships.agreement"]

    @property
    def quantity_display(self) -> str:
        return format_amount(self.quantity, self.quantity_qualifier, self.unit)

    @property
    def display(self) -> str:
        """“hundreds of thousands of NVIDIA GPUs”, “up to 10 GW”, “Trainium chips”."""
        if self.quantity is None:
            return self.resource
        return format_amount(
            self.quantity, self.quantity_qualifier, self.unit or self.resource
        )

    @property
    def described(self) -> str:
        """The commitment with its resource named when the figure does not say it:
        “hundreds of thousands of GPUs (NVIDIA GPUs)”."""
        shown = self.display
        if self.quantity is not None and self.unit and self.resource not in shown:
            return f"{shown} ({self.resource})"
        return shown

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.quantity is None and self.quantity_qualifier:
            errors["quantity_qualifier"] = "A qualifier needs a quantity."
        if self.quantity is not None:
            if self.quantity < 0:
                errors["quantity"] = "The quantity cannot be negative."
            if not self.quantity_qualifier:
                errors["quantity_qualifier"] = (
                    "Say whether the quantity is exact, approximate or a bound."
                )
        if errors:
            raise ValidationError(errors)


# -- reports of terms ----------------------------------------------------------------


class TermReportManager(models.Manager.from_queryset(AuditedQuerySet)):
    def get_by_natural_key(
        self,
        record_slug: str,
        source_slug: str,
        locator: str,
        term: str,
        commitment_kind: str,
        commitment_resource: str,
    ):
        return self.get(
            citation__record__slug=record_slug,
            citation__source__slug=source_slug,
            citation__locator=locator,
            term=term,
            commitment__kind=commitment_kind or None,
            commitment__resource=commitment_resource or None,
        )


class TermReport(models.Model):
    """What one source says of one term of an agreement, and how sure it is.

    The evidence is one of the agreement's citations (its source, excerpt and
    date are not copied). A term may have several reports over time or at odds
    with each other; the editors mark the one their current reading follows, and
    say why when reports disagree. Reports are ordered by their source's date.
    """

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="term_reports"
    )
    term = models.CharField(max_length=30, choices=Term)
    commitment = models.ForeignKey(
        Commitment,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
        help_text="The commitment reported, when the term is a commitment.",
    )
    citation = models.ForeignKey(
        "AgreementCitation",
        on_delete=models.CASCADE,
        related_name="term_reports",
        help_text="The source and excerpt that report the term.",
    )
    says = models.CharField(
        max_length=300,
        help_text="What this report gives for the term, in its words: "
        "“可能超過1000億美元”, “through 2030”.",
    )
    basis = models.CharField(
        max_length=20, choices=Basis, help_text="Who asserts it, per the source."
    )
    modality = models.CharField(
        max_length=10, choices=Modality, help_text="How firmly, per the source."
    )
    is_current = models.BooleanField(
        "current reading",
        default=True,
        help_text="The report the term as shown follows (one per term).",
    )
    reading_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why the editors follow this report, shown to readers beside "
        "reports that disagree.",
    )

    objects = TermReportManager()
    history = HistoricalRecords()

    # The fields a natural key names, for load_article (it is longer than them).
    NATURAL_KEY_FIELDS = ["citation", "term", "commitment"]

    class Meta:
        ordering = [
            "agreement",
            "term",
            "commitment",
            models.F("citation__source__published_on").asc(nulls_last=True),
            "pk",
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(term__in=Term.values), name="term_report_term_valid"
            ),
            models.CheckConstraint(
                condition=Q(basis__in=Basis.values), name="term_report_basis_valid"
            ),
            models.CheckConstraint(
                condition=Q(modality__in=Modality.values),
                name="term_report_modality_valid",
            ),
            models.CheckConstraint(
                condition=Q(term=Term.COMMITMENT, commitment__isnull=False)
                | (~Q(term=Term.COMMITMENT) & Q(commitment__isnull=True)),
                name="term_report_commitment_only_for_commitments",
            ),
            models.CheckConstraint(
                condition=~Q(says=""), name="term_report_says_not_empty"
            ),
            # One current reading per term; a commitment is a term of its own.
            models.UniqueConstraint(
                fields=["agreement", "term"],
                condition=Q(is_current=True, commitment__isnull=True),
                name="term_report_one_current_reading",
            ),
            models.UniqueConstraint(
                fields=["commitment"],
                condition=Q(is_current=True, commitment__isnull=False),
                name="term_report_one_current_reading_per_commitment",
            ),
        ]

    def __str__(self) -> str:
        subject = self.commitment if self.commitment_id else self.get_term_display()
        return f"{subject}: {self.says}"

    def natural_key(self) -> tuple:
        commitment = self.commitment
        return (
            *self.citation.natural_key(),
            self.term,
            commitment.kind if commitment else "",
            commitment.resource if commitment else "",
        )

    natural_key.dependencies = [
        "partnerships.agreementcitation",
        "partnerships.commitment",
    ]

    @property
    def certainty(self) -> Certainty:
        return Certainty(self.basis, self.modality)

    @property
    def source(self):
        return self.citation.source

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.term == Term.COMMITMENT and not self.commitment_id:
            errors["commitment"] = "Name the commitment this report is about."
        if self.term != Term.COMMITMENT and self.commitment_id:
            errors["commitment"] = "Only a commitment term names a commitment."
        if self.agreement_id:
            if self.citation_id and self.citation.record_id != self.agreement_id:
                errors["citation"] = "Choose one of this agreement's own citations."
            if self.commitment_id and self.commitment.agreement_id != (
                self.agreement_id
            ):
                errors["commitment"] = "Choose one of this agreement's commitments."
        if errors:
            raise ValidationError(errors)


# -- statements ------------------------------------------------------------------


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
        return reverse("partnerships:statement-detail", kwargs={"slug": self.slug})

    @property
    def said(self) -> PreciseDate | None:
        return precise_date(self.said_on, self.said_precision)

    def collect_errors(self, errors: dict[str, list[str]]) -> None:
        clean_precise_date(errors, "said", self.said_on, self.said_precision)
        if self.pk and self.in_reply_to_id == self.pk:
            errors.setdefault("in_reply_to", []).append(
                "A statement cannot answer itself."
            )


# -- citations -------------------------------------------------------------------


class CitationManager(models.Manager.from_queryset(AuditedQuerySet)):
    def get_by_natural_key(self, record_slug: str, source_slug: str, locator: str):
        return self.get(
            record__slug=record_slug, source__slug=source_slug, locator=locator
        )


class Citation(models.Model):
    """A source and the excerpt of it that supports a record."""

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="%(class)ss"
    )
    locator = models.CharField(
        max_length=100,
        blank=True,
        help_text="Where in the source: “paragraph 2”, “00:12:30”.",
    )
    excerpt = models.TextField(
        help_text="The words of the source that support the record."
    )
    note = models.CharField(max_length=300, blank=True)

    objects = CitationManager()

    class Meta:
        abstract = True
        ordering = ["source__title", "locator"]

    def __str__(self) -> str:
        where = f", {self.locator}" if self.locator else ""
        return f"{self.source}{where}"

    def natural_key(self) -> tuple[str, str, str]:
        return (self.record.slug, self.source.slug, self.locator)

    natural_key.dependencies = [
        "partnerships.source",
        "partnerships.company",
        "partnerships.person",
        "partnerships.agreement",
        "partnerships.statement",
    ]


def citation_constraints(model: str) -> list:
    return [
        models.UniqueConstraint(
            fields=["record", "source", "locator"], name=f"{model}_unique_per_place"
        ),
        models.CheckConstraint(
            condition=~Q(excerpt=""), name=f"{model}_excerpt_not_empty"
        ),
    ]


class CompanyCitation(Citation):
    record = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="citations"
    )
    history = HistoricalRecords()

    class Meta(Citation.Meta):
        constraints = citation_constraints("company_citation")


class PersonCitation(Citation):
    record = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="citations"
    )
    history = HistoricalRecords()

    class Meta(Citation.Meta):
        constraints = citation_constraints("person_citation")


class AgreementCitation(Citation):
    record = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="citations"
    )
    history = HistoricalRecords()

    class Meta(Citation.Meta):
        constraints = citation_constraints("agreement_citation")


class StatementCitation(Citation):
    record = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="citations"
    )
    history = HistoricalRecords()

    class Meta(Citation.Meta):
        constraints = citation_constraints("statement_citation")
