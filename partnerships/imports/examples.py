"""A template file per record type: the header an import takes and one example
row that the importer accepts, so an editor starts from a file that works.

The example names records that exist (the first companies, person, source and
draft agreement in the database), so a dry run of the template as downloaded
reports one row created and none rejected. Where the database has no such
record yet, the cell holds a placeholder naming what to put there, which the
dry run rejects, naming the row and the column.
"""

import csv
import io

from partnerships.imports.importers import IMPORTERS
from partnerships.models import (
    Agreement,
    Company,
    CompanyKind,
    Person,
    PublicationStatus,
    Source,
)


def _slugs(model, count: int = 1, **filters) -> list[str]:
    rows = model._default_manager.filter(**filters).order_by("pk")
    return list(rows.values_list("slug", flat=True)[:count])


def _agreement_slug() -> str:
    # A commitment can be imported only onto a draft agreement (commitments.py).
    drafts = _slugs(Agreement, publication_status=PublicationStatus.DRAFT)
    return (drafts or ["an-agreement-slug"])[0]


def _example(record_type: str) -> dict[str, str]:
    if record_type == "agreements":
        companies = _slugs(Company, 2)
        roles = ("customer", "provider")
        return {
            "slug": "example-compute-deal",
            "title": "Example compute deal",
            "kind": "cloud_compute",
            "status": "announced",
            "summary": "One line on what the agreement is.",
            "parties": "|".join(
                f"{s}:{r}" for s, r in zip(companies, roles, strict=False)
            ),
            "announced": "2025-11",
            "expires": "2030",
            "value": "about $5bn",
            "value_as_reported": "約50億美元",
            "value_as_reported_en": "about USD 5 billion",
            "publication_status": "draft",
        }
    if record_type == "commitments":
        return {
            "agreement": _agreement_slug(),
            "kind": "power_capacity",
            "resource": "data-centre capacity",
            "quantity": "10",
            "quantity_qualifier": "up_to",
            "unit": "GW",
            "as_reported_en": "up to 10 GW",
            "milestone": "first gigawatt online",
            "milestone_date": "2026",
        }
    if record_type == "companies":
        return {
            "slug": "example-company",
            "name": "Example Company",
            "kinds": "|".join(_slugs(CompanyKind)),
            "aliases": "Example|範例",
            "website": "https://example.com/",
            "description": "What the company does, in one line.",
            "publication_status": "draft",
        }
    if record_type == "statements":
        return {
            "slug": "example-statement",
            "headline": "A short headline by the editors",
            "speaker": (_slugs(Person) or ["a-person-slug"])[0],
            "text": "The words as published, in their language.",
            "language": "en",
            "source": (_slugs(Source) or ["a-source-slug"])[0],
            "form": "quote",
            "said": "2025-11",
            "occasion": "an interview",
            "publication_status": "draft",
        }
    raise ValueError(f"record_type: no template for “{record_type}”")


def template_columns(record_type: str) -> list[str]:
    """Every column of the type, leaving out those another column stands for
    (value_amount, value_currency and value_qualifier: "value" says all three),
    since a file gives one form or the other."""
    columns = IMPORTERS[record_type].columns
    replaced = {name for _, names in columns.alternatives for name in names}
    return [column.name for column in columns if column.name not in replaced]


def template_csv(record_type: str) -> str:
    """The template as CSV text: the header and the example row."""
    header = template_columns(record_type)
    example = _example(record_type)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerow([example.get(name, "") for name in header])
    return out.getvalue()
