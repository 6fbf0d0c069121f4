"""Synthetic records at a chosen scale, for benchmarks (`manage.py generate_data`).

The records look like the tracker's own: a few companies take part in most
deals (party popularity follows Zipf's law, as AWS, Microsoft and NVIDIA do in
the real data), values and dates come with their qualifiers and precisions
("about USD 5 billion", "through 2030"), every stated term rests on a report
with its certainty, statements are in several languages, and a few records of
each kind are drafts. Every row is written through
`AuditedQuerySet.bulk_load_with_history` (the raw bulk path of
`partnerships/bulk_load.py`), so each record has its first history row like
any record an editor saved, and every database constraint holds.

The same seed gives the same records.
"""

import datetime
import itertools
import random
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from partnerships.bulk_load import insert_rows, reserve_keys
from partnerships.certainty import Basis, Modality
from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Commitment,
    CommitmentKind,
    Company,
    CompanyAlias,
    CompanyCitation,
    DatePrecision,
    Exclusivity,
    PartyRole,
    Person,
    PersonCitation,
    PublicationStatus,
    Qualifier,
    Source,
    SourceKind,
    Statement,
    StatementCitation,
    Term,
    TermReport,
)


@dataclass(frozen=True)
class Scale:
    companies: int
    people: int
    sources: int
    agreements: int
    statements: int


SCALES = {
    "S": Scale(
        companies=500, people=200, sources=300, agreements=1_000, statements=2_000
    ),
    "M": Scale(
        companies=5_000,
        people=2_000,
        sources=3_000,
        agreements=10_000,
        statements=30_000,
    ),
    "L": Scale(
        companies=20_000,
        people=10_000,
        sources=20_000,
        agreements=100_000,
        statements=300_000,
    ),
}
DRAFT_SHARE = 0.05
REASON = "generated (synthetic data for benchmarks)"
ZIPF_EXPONENT = 1.1
CHUNK = 5_000  # records built and written at a time: memory stays flat
# The first OWNERS companies, written first, own OWNED_SHARE of the others:
# groups (partnerships.groups) as Amazon owns AWS.
OWNERS = 50
OWNED_SHARE = 0.05

WORDS = (
    "compute capacity cloud model training inference cluster datacenter chips "
    "supply exclusive partnership expansion power gigawatt accelerator network "
    "research customers revenue frontier scale agreement multiyear region"
).split()
PREFIXES = (
    "North South Blue Red Quantum Vector Tensor Nimbus Helix Apex Orbit Delta".split()
)
SUFFIXES = "Compute Cloud AI Labs Systems Silicon Networks Energy Robotics Data".split()
CHINESE = ("云", "智算", "科技", "芯片", "数据", "能源", "网络", "模型")
STATEMENT_TEXTS = {
    "en": "We expect {a} {b} to keep growing with {c} through {year}.",
    "zh-Hans": "我们预计{year}年之前{c}的算力需求会持续增长。",
    "zh-Hant": "我們預計{year}年之前{c}的算力需求會持續增長。",
    "ja": "{c}との計算資源の契約は{year}年まで続く見込みです。",
    "fr": "Nous prévoyons que la capacité de calcul avec {c} augmentera jusqu'en {year}.",
    "de": "Wir erwarten, dass die Rechenkapazität mit {c} bis {year} wächst.",
}
LANGUAGE_WEIGHTS = (60, 15, 10, 5, 5, 5)
QUALIFIERS = (
    (Qualifier.EXACT, 40),
    (Qualifier.ABOUT, 25),
    (Qualifier.UP_TO, 15),
    (Qualifier.OVER, 10),
    (Qualifier.AT_LEAST, 10),
)
CERTAINTIES = (
    ((Basis.ANNOUNCED, Modality.FACT), 45),
    ((Basis.EXECUTIVE, Modality.EXPECTED), 15),
    ((Basis.REPORTED, Modality.FACT), 20),
    ((Basis.UNNAMED_SOURCES, Modality.POSSIBLE), 15),
    ((Basis.ESTIMATED, Modality.EXPECTED), 5),
)


def chunks(total: int, start: int = 0):
    for first in range(start, total, CHUNK):
        yield range(first, min(first + CHUNK, total))


class Generator:
    def __init__(self, scale: Scale, seed: int = 0, report=print) -> None:
        self.scale = scale
        self.random = random.Random(seed)
        self.now = timezone.now()
        self.report = report

    # -- small choices ------------------------------------------------------

    def status(self) -> str:
        if self.random.random() < DRAFT_SHARE:
            return PublicationStatus.DRAFT
        return PublicationStatus.PUBLISHED

    def weighted(self, pairs):
        values, weights = zip(*pairs, strict=True)
        return self.random.choices(values, weights)[0]

    def words(self, count: int) -> str:
        return " ".join(self.random.choices(WORDS, k=count))

    def precise_date(self, first_year: int = 2016, last_year: int = 2026):
        year = self.random.randint(first_year, last_year)
        precision = self.weighted(
            (
                (DatePrecision.DAY, 60),
                (DatePrecision.MONTH, 25),
                (DatePrecision.YEAR, 15),
            )
        )
        month = 1 if precision == DatePrecision.YEAR else self.random.randint(1, 12)
        day = 1 if precision != DatePrecision.DAY else self.random.randint(1, 28)
        return datetime.date(year, month, day), precision

    def create(self, model, objs: list) -> list:
        return model.objects.bulk_load_with_history(objs, reason=REASON, at=self.now)

    # -- the records --------------------------------------------------------

    @transaction.atomic
    def run(self) -> dict[str, int]:
        self.sources = self.make_sources()
        self.companies = self.make_companies()
        self.people = self.make_people()
        self.make_agreements()
        self.make_statements()
        return self.counts()

    def counts(self) -> dict[str, int]:
        return {
            model._meta.verbose_name_plural: model.objects.count()
            for model in (Company, Person, Source, Agreement, Statement)
        }

    def make_companies(self) -> list[int]:
        ids = []
        total = self.scale.companies
        owners = range(min(OWNERS, total))
        for numbers in (owners, *chunks(total, start=len(owners))):
            companies = []
            for n in numbers:
                name = (
                    f"{self.random.choice(PREFIXES)} {self.random.choice(SUFFIXES)} {n}"
                )
                owned = n >= len(owners) and self.random.random() < OWNED_SHARE
                companies.append(
                    Company(
                        name=name,
                        slug=f"company-{n}",
                        description=self.words(12),
                        website=f"https://company-{n}.example/",
                        publication_status=self.status(),
                        parent_id=self.random.choice(ids) if owned else None,
                    )
                )
            companies = self.create(Company, companies)
            ids += [company.pk for company in companies]
            aliases = [
                CompanyAlias(
                    company_id=company.pk,
                    name=f"{company.name.split()[0]}{self.random.choice(CHINESE)}",
                    language="zh-Hans",
                )
                for company in companies
                if self.random.random() < 0.3
            ]
            self.create(CompanyAlias, aliases)
            self.cite(CompanyCitation, companies)
        self.report(f"companies: {len(ids)}")
        # Party popularity: the company of rank r takes part ∝ 1 / r^s.
        self.company_weights = list(
            itertools.accumulate(
                1 / (rank**ZIPF_EXPONENT) for rank in range(1, len(ids) + 1)
            )
        )
        return ids

    def make_sources(self) -> list[int]:
        ids = []
        for numbers in chunks(self.scale.sources):
            sources = []
            for n in numbers:
                published_on, precision = self.precise_date()
                chinese = self.random.random() < 0.3
                sources.append(
                    Source(
                        title=(
                            f"{self.random.choice(CHINESE)}合作报道 {n}"
                            if chinese
                            else f"Report on {self.words(4)} {n}"
                        ),
                        title_en=f"Report on a partnership {n}" if chinese else "",
                        slug=f"source-{n}",
                        kind=self.random.choice(SourceKind.values),
                        publisher=f"{self.random.choice(PREFIXES)} News",
                        url=f"https://news.example/{n}",
                        published_on=published_on,
                        published_precision=precision,
                        language="zh-Hans" if chinese else "en",
                        publication_status=self.status(),
                    )
                )
            ids += [source.pk for source in self.create(Source, sources)]
        self.report(f"sources: {len(ids)}")
        return ids

    def make_people(self) -> list[int]:
        ids = []
        for numbers in chunks(self.scale.people):
            people = [
                Person(
                    name=f"{self.random.choice(PREFIXES)} Person {n}",
                    slug=f"person-{n}",
                    role=self.random.choice(
                        ("Chief executive", "Chief financial officer", "President")
                    ),
                    affiliation_id=self.pick_companies(1)[0],
                    publication_status=self.status(),
                )
                for n in numbers
            ]
            people = self.create(Person, people)
            ids += [person.pk for person in people]
            self.cite(PersonCitation, people)
        self.report(f"people: {len(ids)}")
        return ids

    def pick_companies(self, count: int) -> list[int]:
        return self.random.choices(
            self.companies, cum_weights=self.company_weights, k=count
        )

    def distinct_companies(self, count: int) -> list[int]:
        """`count` different companies: the popular ones are often drawn twice."""
        picked: dict[int, None] = {}
        while len(picked) < count:
            picked.update(dict.fromkeys(self.pick_companies(count - len(picked))))
        return list(picked)

    # Related records are given by key (`record_id=`) rather than as objects:
    # at scale L, Django's descriptors for objects cost seconds.
    def cite(self, model, records: list, locator: str = "") -> list:
        return self.create(
            model,
            [
                model(
                    record_id=record.pk,
                    source_id=self.random.choice(self.sources),
                    locator=locator,
                    excerpt=f"…{self.words(10)}…",
                )
                for record in records
            ],
        )

    def make_agreements(self) -> None:
        total = 0
        for numbers in chunks(self.scale.agreements):
            agreements = [self.agreement(n) for n in numbers]
            agreements = self.create(Agreement, agreements)
            citations = self.cite(AgreementCitation, agreements, locator="paragraph 1")
            parties, commitments, reports = [], [], []
            for agreement, citation in zip(agreements, citations, strict=True):
                customer, *providers = self.distinct_companies(
                    self.random.choice((2, 2, 2, 3))
                )
                parties.append(
                    AgreementParty(
                        agreement_id=agreement.pk,
                        company_id=customer,
                        role=PartyRole.CUSTOMER,
                    )
                )
                parties += [
                    AgreementParty(
                        agreement_id=agreement.pk,
                        company_id=company,
                        role=PartyRole.PROVIDER,
                    )
                    for company in providers
                ]
                if self.random.random() < 0.15:
                    commitments.append(self.commitment(agreement))
                reports += [
                    self.term_report(agreement, citation, term)
                    for term in Term.values
                    if term != Term.COMMITMENT and agreement.term_phrase(term)
                ]
            self.create(AgreementParty, parties)
            commitments = self.create(Commitment, commitments)
            citation_of = {c.record_id: c for c in citations}
            reports += [
                self.term_report(
                    commitment.agreement,
                    citation_of[commitment.agreement_id],
                    Term.COMMITMENT,
                    commitment,
                )
                for commitment in commitments
            ]
            self.create(TermReport, reports)
            total += len(agreements)
            self.report(f"agreements: {total}")

    def agreement(self, n: int) -> Agreement:
        random_ = self.random
        agreement = Agreement(
            title=f"{self.words(2).title()} agreement {n}",
            slug=f"agreement-{n}",
            kind=random_.choice(AgreementKind.values),
            summary=self.words(25),
            status=self.weighted(
                ((AgreementStatus.ACTIVE, 70), (AgreementStatus.ANNOUNCED, 25))
                + ((AgreementStatus.ENDED, 5),)
            ),
            publication_status=self.status(),
        )
        if random_.random() < 0.9:
            agreement.announced_on, agreement.announced_precision = self.precise_date()
        if agreement.status == AgreementStatus.ENDED:
            agreement.ended_on, agreement.ended_precision = self.precise_date(
                2024, 2026
            )
        elif random_.random() < 0.4:
            agreement.expires_on = datetime.date(random_.randint(2027, 2035), 1, 1)
            agreement.expires_precision = DatePrecision.YEAR
        if random_.random() < 0.65:
            agreement.value_amount = Decimal(random_.choice((1, 2, 5, 10, 38, 100)))
            agreement.value_amount *= 10 ** random_.choice((8, 9, 9, 9))
            agreement.value_currency = self.weighted(
                (("USD", 85), ("EUR", 10), ("CNY", 5))
            )
            agreement.value_qualifier = self.weighted(QUALIFIERS)
        if random_.random() < 0.1:
            agreement.exclusivity = Exclusivity.EXCLUSIVE
            agreement.exclusivity_scope = "stateless APIs"
        return agreement

    def commitment(self, agreement: Agreement) -> Commitment:
        gigawatts = self.random.random() < 0.3
        milestone_on, precision = self.precise_date(2026, 2030)
        return Commitment(
            agreement=agreement,
            kind=CommitmentKind.POWER_CAPACITY if gigawatts else CommitmentKind.GPU,
            resource="power" if gigawatts else "NVIDIA GPUs",
            quantity=Decimal(self.random.choice((1, 2, 6, 10)))
            if gigawatts
            else Decimal(self.random.choice((10_000, 100_000, 400_000))),
            quantity_qualifier=self.weighted(QUALIFIERS),
            unit="GW" if gigawatts else "GPUs",
            milestone="first systems online",
            milestone_on=milestone_on,
            milestone_precision=precision,
        )

    def term_report(self, agreement, citation, term, commitment=None) -> TermReport:
        basis, modality = self.weighted(CERTAINTIES)
        says = commitment.display if commitment else agreement.term_phrase(term)
        return TermReport(
            agreement_id=agreement.pk,
            term=term,
            commitment_id=commitment.pk if commitment else None,
            citation_id=citation.pk,
            says=says[:300],
            basis=basis,
            modality=modality,
        )

    def make_statements(self) -> None:
        languages = tuple(STATEMENT_TEXTS)
        through = Statement.companies.through
        history_through = apps.get_model(
            "partnerships", "HistoricalStatement_companies"
        )
        total = 0
        for numbers in chunks(self.scale.statements):
            statements, about = [], []
            for n in numbers:
                language = self.random.choices(languages, LANGUAGE_WEIGHTS)[0]
                said_on, precision = self.precise_date(2018, 2026)
                company = self.pick_companies(1)[0]
                statements.append(
                    Statement(
                        slug=f"statement-{n}",
                        speaker_id=self.random.choice(self.people),
                        text=STATEMENT_TEXTS[language].format(
                            a=self.random.choice(WORDS),
                            b=self.random.choice(WORDS),
                            c=f"Company {company}",
                            year=said_on.year + 4,
                        ),
                        language=language,
                        text_en=(
                            "" if language == "en" else f"Translation: {self.words(10)}"
                        ),
                        said_on=said_on,
                        said_precision=precision,
                        source_id=self.random.choice(self.sources),
                        publication_status=self.status(),
                    )
                )
                about.append(company)
            statements = self.create(Statement, statements)
            self.cite(StatementCitation, statements)
            link_keys = reserve_keys(through, len(statements))
            insert_rows(
                through,
                ["id", "statement_id", "company_id"],
                [
                    (key, statement.pk, company)
                    for key, statement, company in zip(
                        link_keys, statements, about, strict=True
                    )
                ],
            )
            # The history of each statement's companies, as an editor's save
            # would have written it beside the statement's first history row.
            first_rows = Statement.history.filter(
                id__in=[statement.pk for statement in statements]
            ).values_list("id", "history_id")
            history_of = dict(first_rows)
            insert_rows(
                history_through,
                ["m2m_history_id", "id", "history_id", "statement_id", "company_id"],
                [
                    (history_key, key, history_of[statement.pk], statement.pk, company)
                    for history_key, key, statement, company in zip(
                        reserve_keys(history_through, len(statements)),
                        link_keys,
                        statements,
                        about,
                        strict=True,
                    )
                ],
            )
            total += len(statements)
            self.report(f"statements: {total}")
