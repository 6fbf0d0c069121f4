"""What text each kind of record is found by: its own fields only.

A record's entry never holds a related record's text (a party's name, a
speaker's, a cited excerpt): those are entries of their own, so that a search
goes through a relation only where the reader sees both ends
(`partnerships.search.kinds`), and a draft's words never find anything.
"""

from dataclasses import dataclass

from django.db import models

from partnerships.models import (
    Agreement,
    AgreementCitation,
    Company,
    CompanyAlias,
    CompanyCitation,
    Person,
    PersonCitation,
    Source,
    Statement,
    StatementCitation,
)
from partnerships.search import text


@dataclass(frozen=True)
class Document:
    model: type[models.Model]
    name_fields: tuple[str, ...]  # what ranks first, and what relations look up
    other_fields: tuple[str, ...] = ()
    # Whether part of a word finds it, as LIKE did ("soft" finds Microsoft).
    substrings: bool = False

    @property
    def kind(self) -> str:
        return self.model._meta.label_lower

    @property
    def fields(self) -> tuple[str, ...]:
        return self.name_fields + self.other_fields

    def entry_values(self, values: dict) -> dict[str, str]:
        """The entry's columns from the record's field `values`."""
        name = " ".join(values[field] or "" for field in self.name_fields)
        everything = " ".join(values[field] or "" for field in self.fields)
        return {
            "name": text.joined(text.index_tokens(name)),
            "text": text.joined(text.index_tokens(everything)),
            "grams": text.joined(text.grams(name)) if self.substrings else "",
        }


CITATIONS = (AgreementCitation, CompanyCitation, PersonCitation, StatementCitation)

DOCUMENTS = {
    document.model: document
    for document in (
        Document(Company, ("name",), ("description",), substrings=True),
        Document(CompanyAlias, ("name",), substrings=True),
        Document(Person, ("name",), ("role", "description"), substrings=True),
        Document(Agreement, ("title",), ("summary", "value_as_reported")),
        Document(Statement, ("headline",), ("text", "text_en", "occasion")),
        Document(Source, ("title",), ("publisher", "author", "description")),
        *(Document(model, (), ("excerpt",)) for model in CITATIONS),
    )
}
