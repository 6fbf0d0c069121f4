"""Every API example in README.md runs, on the article's records, and answers
what the README says it answers.

The examples are read from the README itself (each `curl '…/api/v1/…'`), so an
example added there without a check here fails `test_every_example_is_checked`.
"""

import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests import factories

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()
EXAMPLES = [
    urlsplit(url)._replace(scheme="", netloc="").geturl()
    for url in re.findall(r"curl '(http://127\.0\.0\.1:8000/api/v1/[^']*)'", README)
]


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def slugs(response) -> set[str]:
    return {record["slug"] for record in results(response)}


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    body = response.getvalue()
    assert body.startswith(b"\xef\xbb\xbf"), "a BOM, so that Excel reads UTF-8"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def every_agreement(client) -> list[dict]:
    return results(client.get("/api/v1/agreements/", {"page_size": 100}))


def openai_expiring_before_2031(client, example: str) -> None:
    response = client.get(example)
    assert slugs(response) == {"openai-microsoft-azure-stateless-api"}
    for record in results(response):
        assert "openai" in {party["company"]["slug"] for party in record["parties"]}
        assert record["expires"]["last_day"] < "2031-01-01"


def exclusive_before_2031_over_10bn(client, example: str) -> None:
    response = client.get(example)

    def matches(record: dict) -> bool:
        value, expires = record["value"], record["expires"]
        return (
            record["exclusivity"] == "exclusive"
            and expires is not None
            and expires["last_day"] < "2031-01-01"
            and value is not None
            and value["currency"] == "USD"
            and Decimal(value["amount"]) >= 10**10
        )

    expected = {r["slug"] for r in every_agreement(client) if matches(r)}
    assert slugs(response) == expected  # none of the article's seven
    factories.AgreementFactory(
        slug="exclusive-2030-40bn",
        exclusivity="exclusive",
        expires_on=datetime.date(2030, 1, 1),
        expires_precision="year",
        value_amount=Decimal("40e9"),
        value_currency="USD",
        value_qualifier="over",
    )
    assert slugs(client.get(example)) == {*expected, "exclusive-2030-40bn"}


def worth_10_to_50bn(client, example: str) -> None:
    response = client.get(example)
    # USD 38 billion; "may exceed USD 100 billion" is above 50 billion.
    assert slugs(response) == {"openai-aws-cloud-compute"}


def sam_altman_as_csv(client, example: str) -> None:
    response = client.get(example)
    rows = csv_rows(response)
    said = results(client.get("/api/v1/statements/", {"speaker": "sam-altman"}))
    assert len(rows) == len(said) >= 1
    assert {row["speaker.slug"] for row in rows} == {"sam-altman"}


def every_agreement_as_csv(client, example: str) -> None:
    response = client.get(example)
    rows = csv_rows(response)
    assert {row["slug"] for row in rows} == {r["slug"] for r in every_agreement(client)}
    assert len(rows) == 7
    by_slug = {row["slug"]: row for row in rows}
    assert by_slug["openai-aws-cloud-compute"]["value.as_reported"] == "380億美元"


CHECKS = {
    "/api/v1/agreements/?party=openai&expires_before=2031": openai_expiring_before_2031,
    "/api/v1/agreements/?exclusivity=exclusive&expires_before=2031&value_min=10bn": (
        exclusive_before_2031_over_10bn
    ),
    "/api/v1/agreements/?value_min=10bn&value_max=50bn": worth_10_to_50bn,
    "/api/v1/statements/?speaker=sam-altman&format=csv": sam_altman_as_csv,
    "/api/v1/agreements/?format=csv": every_agreement_as_csv,
}


def test_every_example_is_checked():
    assert sorted(EXAMPLES) == sorted(CHECKS)


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_readme_example_answers_as_the_readme_says(client, article, example):
    CHECKS[example](client, example)
