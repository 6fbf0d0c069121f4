"""Calendars (.ics) of agreement milestones: start, expiry, end and dated
commitments, for every agreement (/calendar.ics) and per company
(/companies/<slug>/calendar.ics). Parsed here with icalendar, as calendar apps
read them; a date is never shown surer than its source gives it."""

import datetime

import pytest
from django.test import override_settings
from icalendar import Calendar

from tests import factories
from tests.browse_records import assert_no_drafts, build_world

pytestmark = pytest.mark.django_db


def events(response) -> dict[str, object]:
    """The events of an .ics response by UID."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def expiring(slug: str, expires: str, **fields):
    agreement = factories.AgreementFactory(
        slug=slug, title=f"Deal {slug}", **factories.dated(expires=expires), **fields
    )
    factories.AgreementPartyFactory(agreement=agreement)
    return agreement


def test_a_year_precision_expiry_is_an_all_day_event_spanning_the_whole_year(client):
    expiring("azure", "2030")

    event = events(client.get("/calendar.ics"))["azure-expires@testserver"]

    assert event["dtstart"].dt == datetime.date(2030, 1, 1)
    assert event["dtend"].dt == datetime.date(2031, 1, 1)
    assert not isinstance(event["dtstart"].dt, datetime.datetime)  # a date, all day
    assert event["dtstart"].params["VALUE"] == "DATE"
    assert str(event["summary"]) == (
        "Deal azure runs through 2030 "
        "(certainty not recorded; the source gives only the year)"
    )
    assert "covers all of 2030, not a day" in str(event["description"])
    assert [str(c) for c in event["categories"].cats] == ["Expiry"]


def test_a_month_precision_date_spans_the_whole_month(client):
    expiring("june", "2031-06")

    event = events(client.get("/calendar.ics"))["june-expires@testserver"]

    assert event["dtstart"].dt == datetime.date(2031, 6, 1)
    assert event["dtend"].dt == datetime.date(2031, 7, 1)
    assert "the source gives only the month" in str(event["summary"])


def test_a_day_precision_date_is_that_one_day_with_no_precision_note(client):
    expiring("exact", "2031-06-30")

    event = events(client.get("/calendar.ics"))["exact-expires@testserver"]

    assert event["dtstart"].dt == datetime.date(2031, 6, 30)
    assert event["dtend"].dt == datetime.date(2031, 7, 1)
    assert "the source gives only" not in str(event["summary"])


@override_settings(CALENDAR_PAST_DAYS=36_500)  # dates of the past, kept
def test_start_end_and_the_calendar_say_how_precision_is_shown(client):
    factories.AgreementFactory(
        slug="over",
        title="Over",
        status="ended",
        **factories.dated(effective="2024-03-15", ended="2025"),
    )

    response = client.get("/calendar.ics")
    found = events(response)

    assert found["over-starts@testserver"]["dtstart"].dt == datetime.date(2024, 3, 15)
    assert str(found["over-starts@testserver"]["summary"]).startswith(
        "Over takes effect 15 March 2024"
    )
    assert found["over-ended@testserver"]["dtend"].dt == datetime.date(2026, 1, 1)
    description = str(Calendar.from_ical(response.content)["x-wr-caldesc"])
    assert "known only to the year" in description
    assert "never as a day" in description


def test_the_articles_dated_commitment_is_a_milestone_event(client, article):
    found = events(client.get("/calendar.ics"))

    [event] = [e for uid, e in found.items() if "-milestone@" in uid]
    assert str(event["summary"]).startswith(
        "OpenAI–NVIDIA strategic partnership for up to 10 GW"
    )
    assert "first systems online, 2026" in str(event["summary"])
    assert "the source gives only the year" in str(event["summary"])
    assert event["dtstart"].dt == datetime.date(2026, 1, 1)
    assert event["dtend"].dt == datetime.date(2027, 1, 1)
    assert [str(c) for c in event["categories"].cats] == ["Commitment milestone"]


def test_a_hedged_term_keeps_its_hedge_in_the_event(client):
    agreement = expiring("maybe", "2032")
    factories.TermReportFactory(
        citation=factories.AgreementCitationFactory(record=agreement),
        term="expires",
        basis="unnamed_sources",
        modality="possible",
    )

    event = events(client.get("/calendar.ics"))["maybe-expires@testserver"]

    assert "(possible; reported, unnamed sources; the source gives only the year)" in (
        str(event["summary"])
    )


def test_event_uids_are_stable_from_one_download_to_the_next(client):
    expiring("stable", "2030")
    first = events(client.get("/calendar.ics"))
    second = events(client.get("/calendar.ics"))
    assert set(first) == set(second) == {"stable-expires@testserver"}
    assert first["stable-expires@testserver"]["dtstamp"].dt == (
        second["stable-expires@testserver"]["dtstamp"].dt
    )


def test_drafts_and_their_dates_never_appear(client):
    expiring("public", "2030")
    expiring("secret", "2031", publication_status="draft")

    response = client.get("/calendar.ics")

    assert set(events(response)) == {"public-expires@testserver"}
    assert b"secret" not in response.content.lower()


def test_a_company_calendar_has_its_groups_agreements_only(client):
    owner = factories.CompanyFactory(slug="owner")
    owned = factories.CompanyFactory(slug="owned", parent=owner)
    own = expiring("own", "2030")
    factories.AgreementPartyFactory(agreement=own, company=owner)
    via_owned = expiring("via-owned", "2031")
    factories.AgreementPartyFactory(agreement=via_owned, company=owned)
    expiring("elsewhere", "2032")

    found = events(client.get("/companies/owner/calendar.ics"))

    assert set(found) == {"own-expires@testserver", "via-owned-expires@testserver"}


@pytest.mark.parametrize("slug", ["draft-company", "no-such-company"])
def test_a_draft_or_unknown_companys_calendar_is_not_found(client, slug):
    factories.CompanyFactory(slug="draft-company", publication_status="draft")
    assert client.get(f"/companies/{slug}/calendar.ics").status_code == 404


def test_the_calendars_show_no_draft_of_the_browse_world(client):
    build_world(3)
    for url in ("/calendar.ics", "/companies/owner-holdings/calendar.ics"):
        assert_no_drafts(client.get(url).content.decode())


@pytest.mark.parametrize("size", [3, 15])
def test_the_calendar_runs_the_same_queries_whatever_the_number_of_records(
    client, django_assert_num_queries, size
):
    build_world(size)
    # 3 queries: published agreements, the current reports of their terms,
    # their dated commitments
    with django_assert_num_queries(3):
        response = client.get("/calendar.ics")
    assert len(events(response)) == size // 2  # every other one runs through 2030


@pytest.mark.parametrize("size", [3, 15])
def test_a_company_calendar_runs_the_same_queries_whatever_the_number_of_records(
    client, django_assert_num_queries, size
):
    build_world(size)
    # 4 queries: the company, its group's published agreements, the current
    # reports of their terms, their dated commitments
    with django_assert_num_queries(4):
        response = client.get("/companies/owner-holdings/calendar.ics")
    assert len(events(response)) == size // 2


# -- bounded: the soonest events from a year ago ------------------------------------


def days_from_today(days: int) -> str:
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


@override_settings(CALENDAR_EVENTS=3, CALENDAR_PAST_DAYS=365)
def test_a_calendar_holds_the_soonest_events_from_a_year_ago(client):
    expiring("long-ago", days_from_today(-400))
    expiring("last-month", days_from_today(-30))
    expiring("next-week", days_from_today(7))
    expiring("next-year", days_from_today(365))
    expiring("later", days_from_today(800))
    later_start = factories.AgreementFactory(
        slug="starts-soon", **factories.dated(effective=days_from_today(100))
    )
    factories.AgreementPartyFactory(agreement=later_start)

    response = client.get("/calendar.ics")

    assert list(events(response)) == [
        "last-month-expires@testserver",
        "next-week-expires@testserver",
        "starts-soon-starts@testserver",
    ]
    description = str(Calendar.from_ical(response.content)["x-wr-caldesc"])
    assert "the 3 soonest events from 365 days ago on" in description


@override_settings(CALENDAR_EVENTS=2, CALENDAR_PAST_DAYS=365)
def test_a_period_not_over_a_year_ago_is_kept_and_a_commitment_counts(client):
    # Known only to the year, last year runs to 31 December: less than 365
    # days ago, so not over a year ago; it comes first, its period first.
    expiring("last-year", str(datetime.date.today().year - 1))
    expiring("far", days_from_today(900))
    milestone = factories.AgreementFactory(slug="milestone")
    factories.AgreementPartyFactory(agreement=milestone)
    factories.CommitmentFactory(
        agreement=milestone,
        milestone="first systems online",
        milestone_on=datetime.date.today() + datetime.timedelta(days=10),
        milestone_precision="day",
    )

    found = list(events(client.get("/calendar.ics")))

    assert len(found) == 2
    assert found[0] == "last-year-expires@testserver"
    assert found[1].startswith("milestone-commitment-")
