"""Small factories: each builds a valid, published record unless told otherwise."""

import datetime

import factory

from partnerships import models


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Source {n}")
    slug = factory.Sequence(lambda n: f"source-{n}")
    kind = models.SourceKind.ARTICLE
    language = "en"
    publication_status = models.PublicationStatus.PUBLISHED


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Company
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.Sequence(lambda n: f"company-{n}")
    publication_status = models.PublicationStatus.PUBLISHED


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    role = "Chief executive"
    affiliation = factory.SubFactory(CompanyFactory)
    publication_status = models.PublicationStatus.PUBLISHED


def dated(**periods: str) -> dict:
    """Date fields as written in a source: `dated(expires="2030")` is an expiry
    of 2030-01-01 with year precision, "2030-06" a month, "2030-06-30" a day."""
    fields = {}
    for prefix, text in periods.items():
        precision = {1: "year", 2: "month", 3: "day"}[len(text.split("-"))]
        first_day = (text + "-01-01")[: len("2030-01-01")]
        fields |= {
            f"{prefix}_on": datetime.date.fromisoformat(first_day),
            f"{prefix}_precision": precision,
        }
    return fields


def agreements_with_ties(count: int) -> None:
    """Agreements sharing titles and announcement years, a third of them
    undated: for lists whose order must break ties and place missing values."""
    for number in range(count):
        announced = {} if number % 3 == 0 else {"announced": f"20{10 + number % 4}"}
        AgreementFactory(title=f"Deal {number % 4}", **dated(**announced))


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Agreement
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Agreement {n}")
    slug = factory.Sequence(lambda n: f"agreement-{n}")
    kind = models.AgreementKind.CLOUD_COMPUTE
    status = models.AgreementStatus.ACTIVE
    publication_status = models.PublicationStatus.PUBLISHED


class AgreementPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    company = factory.SubFactory(CompanyFactory)
    role = models.PartyRole.CUSTOMER


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Commitment

    agreement = factory.SubFactory(AgreementFactory)
    kind = models.CommitmentKind.GPU
    resource = factory.Sequence(lambda n: f"GPU model {n}")


class AgreementCitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AgreementCitation

    record = factory.SubFactory(AgreementFactory)
    source = factory.SubFactory(SourceFactory)
    locator = factory.Sequence(lambda n: f"paragraph {n}")
    excerpt = "The excerpt that supports the record."


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Statement
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"statement-{n}")
    speaker = factory.SubFactory(PersonFactory)
    text = "不是這樣的。"
    language = "zh-Hant"
    spoken_language = "en"
    text_en = "That's not the case."
    source = factory.SubFactory(SourceFactory)
    publication_status = models.PublicationStatus.PUBLISHED


class TermReportFactory(factory.django.DjangoModelFactory):
    """A report of an agreement's term, supported by one of its citations."""

    class Meta:
        model = models.TermReport

    citation = factory.SubFactory(AgreementCitationFactory)
    agreement = factory.SelfAttribute("citation.record")
    term = models.Term.VALUE
    says = "as the source says it"
    basis = "announced"
    modality = "fact"
