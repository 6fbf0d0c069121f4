"""A feed following many records reads the latest versions first
(`partnerships.history.newest_first`) and gives what reading every record's
versions gives: the same records, last saved first, at the same times."""

import pytest
from django.db.models import Q

from partnerships import history
from partnerships.models import Agreement, Company, Statement
from partnerships.visibility import PUBLIC
from tests.browse_records import build_world
from tests.following_records import parsed

pytestmark = pytest.mark.django_db

# (few records read whole, newest versions read of each kind): read whole; the
# newest read to every kind's end; the newest read short of it, then the rest.
WAYS = {"whole": (10_000, 10_000), "newest": (2, 10_000), "newest, then": (2, 3)}


@pytest.fixture
def world():
    world = build_world(6)
    # Saved again out of their order: the oldest agreement, then a party of
    # the second (newer than its record), then a statement, saved last.
    deal = Agreement.objects.get(slug="deal-00")
    deal.summary = "Edited last but one"
    deal.save()
    party = Agreement.objects.get(slug="deal-01").parties.first()
    party.note = "A newer party"
    party.save()
    statement = Statement.objects.filter(agreements__slug="deal-03").first()
    statement.headline = "Edited last"
    statement.save()
    return world


def followed_by(company: Company) -> list:
    agreements = PUBLIC.records(Agreement).filter(parties__company__parent=company)
    statements = PUBLIC.records(Statement).filter(
        Q(agreements__in=agreements) | Q(speaker__affiliation=company)
    )
    return [agreements, statements]


def read(records, monkeypatch, way: str) -> tuple[list, int]:
    few, newest = WAYS[way]
    monkeypatch.setattr(history, "FEW_RECORDS", few)
    monkeypatch.setattr(history, "NEWEST_VERSIONS", newest)
    walked = []
    among = history._among_newest_versions
    monkeypatch.setattr(
        history,
        "_among_newest_versions",
        lambda *args: walked.append(args) or among(*args),
    )
    return list(history.newest_first(records.model, records)), len(walked)


@pytest.mark.parametrize("way", ["newest", "newest, then"])
@pytest.mark.parametrize("kind", [0, 1], ids=["agreements", "statements"])
def test_reading_the_newest_versions_first_gives_every_record_in_order(
    world, monkeypatch, way, kind
):
    records = followed_by(Company.objects.get(slug="owner-holdings"))[kind]
    whole, _ = read(records, monkeypatch, "whole")

    walked_first, walks = read(records, monkeypatch, way)

    assert walks == 1, "more records than FEW_RECORDS are read newest first"
    assert len(whole) > 2
    assert sorted(walked_first) == sorted(whole)  # every record, once, its time
    times = [at for at, _ in walked_first]
    assert times == sorted(times, reverse=True)


def test_few_records_are_read_whole(world, monkeypatch):
    records = PUBLIC.records(Agreement).filter(slug__in=["deal-00", "deal-01"])

    latest, walks = read(records, monkeypatch, "newest, then")

    assert walks == 0
    assert [pk for _, pk in latest] == [
        Agreement.objects.get(slug=slug).pk for slug in ("deal-01", "deal-00")
    ]


@pytest.mark.parametrize("way", ["newest", "newest, then"])
def test_a_company_feed_is_the_same_whichever_way_it_is_read(
    client, world, monkeypatch, settings, way
):
    settings.READER_CACHE_SECONDS = 0
    read(PUBLIC.records(Agreement), monkeypatch, "whole")
    whole = parsed(client.get("/companies/owner-holdings/feed/")).entries

    read(PUBLIC.records(Agreement), monkeypatch, way)
    walked_first = parsed(client.get("/companies/owner-holdings/feed/")).entries

    assert whole[0].title.endswith("to “Edited last”")
    assert whole[1].title.startswith("Deal 01: ")
    assert whole[2].title.startswith("Deal 00: Summary")
    assert [(e.id, e.updated, e.title) for e in walked_first] == [
        (e.id, e.updated, e.title) for e in whole
    ]
