"""A CSV download is every matching row, streamed: its memory stays flat.

`?format=csv` on the API (without `page` or `page_size`) and on the site's
lists reads, serialises and writes the rows a chunk at a time
(`partnerships.spreadsheets.CHUNK_SIZE`), so a download of 30 chunks holds
about what one of 3 chunks holds. The chunk is made 100 rows here (500 in
production) so that ten times the rows stay cheap to build under tracemalloc.
The budget below is memory, not time: the peak allocated while answering 3,000
rows stays under twice the peak for 300 rows (a download built whole would
take about ten times as much). `make bench` streams a full CSV of 100,000.
"""

import csv
import io
import itertools
import tracemalloc

import pytest
from django.db.models import QuerySet

from partnerships import models, spreadsheets
from tests import factories

MANY, FEW = 3_000, 300


@pytest.fixture
def agreements(db, monkeypatch):
    """3,000 published agreements with a party each; 300 are `announced`; CSVs
    written 100 rows a chunk."""
    monkeypatch.setattr(spreadsheets, "CHUNK_SIZE", 100)
    company = factories.CompanyFactory(name="华为", slug="huawei")
    built = factories.AgreementFactory.build_batch(
        MANY,
        value_amount=38 * 10**9,
        value_currency="USD",
        value_qualifier="about",
        value_as_reported="380億美元",
    )
    for number, agreement in enumerate(built):
        if number < FEW:
            agreement.status = models.AgreementStatus.ANNOUNCED
    # Built by the factories, saved in bulk: a plain QuerySet skips the audit
    # guard, which a test's data needs no history from (and 3,000 saves one by
    # one would take a while).
    saved = QuerySet(models.Agreement).bulk_create(built, batch_size=1000)
    QuerySet(models.AgreementParty).bulk_create(
        [
            models.AgreementParty(agreement=a, company=company, role="customer")
            for a in saved
        ],
        batch_size=1000,
    )


def download(client, url: str, **query) -> tuple[int, dict, int]:
    """The CSV's number of rows, its first row, and the peak memory (bytes)
    allocated in answering it, from the request to its last byte. The rows
    are counted as they arrive, so that the test holds no more than the
    response does."""
    tracemalloc.start()
    try:
        response = client.get(url, {"format": "csv", **query})
        assert response.status_code == 200, response
        assert response.streaming
        chunks = iter(response.streaming_content)
        first = next(chunks)
        assert first.startswith("\ufeff".encode())
        lines = (
            line
            for chunk in itertools.chain([first], chunks)
            for line in chunk.decode("utf-8-sig").splitlines(keepends=True)
        )
        reader = csv.DictReader(lines)
        first_row = next(reader)
        count = 1 + sum(1 for _ in reader)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return count, first_row, peak


@pytest.mark.parametrize("url", ["/api/v1/agreements/", "/agreements/"])
def test_a_csv_of_ten_times_the_rows_takes_about_the_same_memory(
    client, agreements, generous_rate_limits, url
):
    # A first download, of no rows, warms what a process builds once.
    client.get(url, {"format": "csv", "status": "ended"}).getvalue()
    few, few_first, few_peak = download(client, url, status="announced")
    many, many_first, many_peak = download(client, url)

    assert (few, many) == (FEW, MANY)
    assert "华为" in few_first["parties"] and "华为" in many_first["parties"]
    print(f"{url}: peak {few_peak:,} B for {FEW:,} rows, {many_peak:,} B for {MANY:,}")
    assert many_peak < 2 * few_peak


@pytest.mark.parametrize("url", ["/api/v1/agreements/", "/agreements/"])
def test_a_csv_starts_with_a_bom_so_spreadsheets_read_chinese(client, db, url):
    factories.AgreementFactory(title="华为与 OpenAI 的协议")

    body = client.get(url, {"format": "csv"}).getvalue()

    assert body.startswith(b"\xef\xbb\xbf")
    assert "华为与 OpenAI 的协议" in body.decode("utf-8-sig")


def test_an_api_csv_page_is_one_page_and_says_so_in_its_links(client, db):
    factories.AgreementFactory.create_batch(3)

    response = client.get("/api/v1/agreements/", {"format": "csv", "page_size": 2})

    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert len(rows) == 2
    assert 'format=csv&page=2&page_size=2>; rel="next"' in response["Link"]
