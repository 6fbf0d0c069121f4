"""Agreements: their parties, terms, dates and value (what they commit:
`partnerships.models.commitments`)."""

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from partnerships.certainty import (
    NOT_RECORDED,
    Certainty,
    Modality,
)
from partnerships.certainty import display as certainty_display
from partnerships.certainty import hedge as certainty_hedge
from partnerships.models.base import (
    TERMS_UNSUPPORTED_MESSAGE,
    AuditedQuerySet,
    NullsOrderedIndex,
    Publishable,
    change_order_indexes,
    clean_precise_date,
    not_before,
    precise_date,
    precise_date_constraints,
    precision_field,
    sparse_link_index,
)
from partnerships.models.companies import (
    Company,
)
from partnerships.models.terms import (
    Term,
    TermReport,
    TermRow,
)
from partnerships.qualified import (
    DatePrecision,
    PreciseDate,
    Qualifier,
    format_amount,
)
from partnerships.slug_paths import slug_path

if TYPE_CHECKING:
    from partnerships.models.commitments import Commitment


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


class AgreementQuerySet(AuditedQuerySet):
    def in_force(
        self,
        on: datetime.date,
        include_undated: bool = False,
        *,
        until: datetime.date | None = None,
    ):
        """Agreements in force on `on`: begun, not expired, not ended or superseded.
        With `until`, in force at some time from `on` to `until` (a month or a
        year a reader asks about): begun by `until`, not over before `on`.

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
        begun_by = until or on
        started = Q(effective_on__lte=begun_by) | Q(
            effective_on__isnull=True, announced_on__lte=begun_by
        )
        not_over = self.not_over("expires", on) & self.not_over("ended", on)
        if include_undated:
            return self.filter((started | start_unknown) & not_over)
        return self.filter(started & not_over & ~end_unknown)

    def expiring_before(self, day: datetime.date):
        """Expiry period ends before `day` ("through 2030" ends on 31 December 2030)."""
        return self.exclude(expires_on__isnull=True).exclude(
            self.not_over("expires", day)
        )

    def expiring_after(self, day: datetime.date):
        """Expiry period ends after `day` (an expiry of 2030 is after 1 June 2030)."""
        next_day = day + datetime.timedelta(days=1)
        return self.exclude(expires_on__isnull=True).filter(
            self.not_over("expires", next_day)
        )

    @classmethod
    def not_over(cls, prefix: str, day: datetime.date) -> Q:
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
        db_index=False,  # sparse_link_index, in Meta
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
    value_as_reported_en = models.CharField(
        "value as reported, in English",
        max_length=200,
        blank=True,
        help_text="The editors' translation of the phrase, hedges kept: "
        "“可能超過1000億美元” is “may exceed USD 100 billion”.",
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
            # The public agreements list and API list in their default order.
            # Agreements and statements, the lists' big tables, are the only
            # kinds with an index led by publication_status: SQLite, which has
            # no statistics on the site's file, drives a join from any such
            # index, and with one on companies (or people) the /agreements/
            # and /statements/ pages counted their facets from the companies
            # side and took 2 to 4 times as long at scale S.
            models.Index(
                fields=["publication_status", "title"],
                name="agreement_public_title_idx",
            ),
            # Newest announcement first: the list sorted so, the home page.
            NullsOrderedIndex(
                "publication_status",
                F("announced_on").desc(nulls_last=True),
                "title",
                name="agreement_public_newest_idx",
            ),
            # Soonest to expire first: the home page.
            models.Index(
                fields=["publication_status", "expires_on", "title"],
                name="agreement_public_expires_idx",
            ),
            *change_order_indexes("agreement"),
            # What an agreement superseded, in title order (its page, the API).
            sparse_link_index("agreement", "superseded_by", "title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return slug_path("partnerships:agreement-detail", self.slug)

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

    def share_evidence_with_reports(self) -> None:
        """Give each prefetched report of a term (`visible_term_reports`) the
        very citation and commitment this agreement's prefetched lists hold,
        so the reports' own prefetch need not read them again: a report's
        evidence is one of its agreement's citations. At L an agreement has
        three reports, and their citations and sources were most of the
        records an API page made. A report whose citation is not among them
        (its agreement's lists not prefetched, or a citation of another
        agreement) reads its own, as before."""
        reports = getattr(self, "visible_term_reports", None)
        cache = getattr(self, "_prefetched_objects_cache", {})
        if not reports or "citations" not in cache:
            return
        citations = {citation.pk: citation for citation in cache["citations"]}
        commitments = {c.pk: c for c in cache.get("commitments", ())}
        citation_field = TermReport._meta.get_field("citation")
        commitment_field = TermReport._meta.get_field("commitment")
        for report in reports:
            if citation := citations.get(report.citation_id):
                citation_field.set_cached_value(report, citation)
            if commitment := commitments.get(report.commitment_id):
                commitment_field.set_cached_value(report, commitment)

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
    def value_certainty(self) -> Certainty | None:
        return self.certainty(Term.VALUE)

    @property
    def value_certainty_label(self) -> str:
        certainty = self.certainty(Term.VALUE)
        return certainty.label if certainty else NOT_RECORDED

    @property
    def exclusivity_hedged(self) -> str:
        """ "partly exclusive: stateless APIs", with its modality: for tables and
        cards, the certainty beside it; "" when the source says nothing of it."""
        return certainty_hedge(
            self.term_phrase(Term.EXCLUSIVITY), self.certainty(Term.EXCLUSIVITY)
        )

    @property
    def exclusivity_certainty_label(self) -> str:
        certainty = self.certainty(Term.EXCLUSIVITY)
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
            for commitment in self.commitments.model.objects.filter(agreement=self)
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


# An agreement's parties among themselves. A prefetch of some agreements'
# parties orders by this alone: ordered by the agreement's title too, SQLite
# reads every agreement in title order to find the page's few.
PARTY_ORDER = ("role", "company__name")


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
        ordering = ["agreement__title", *PARTY_ORDER]
        verbose_name_plural = "agreement parties"
        indexes = [
            # A company's agreements: the party rows of a company give their
            # agreements from the index alone (the unique constraint leads with
            # the agreement, for the other direction).
            models.Index(
                fields=["company", "agreement"], name="agreement_party_company_idx"
            ),
        ]
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
