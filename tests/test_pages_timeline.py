"""The timeline: agreements on a time axis, coloured by status, with a table."""

import datetime
import re

import pytest

from partnerships.certainty import Basis, Modality
from partnerships.charts import STATUS_COLOURS
from partnerships.models import AgreementStatus, Term
from tests import factories
from tests.browse_records import assert_no_drafts, build_world


@pytest.mark.parametrize("size", [3, 15])
def test_it_runs_the_same_queries_whatever_the_number_of_agreements(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    # 4 queries: the agreements, their parties with companies, the current
    # reports of their terms (how sure each date is), their dated commitments
    with django_assert_num_queries(4):
        response = client.get("/timeline/")
    assert response.status_code == 200


def test_a_bar_runs_from_announcement_to_expiry_in_its_status_colour(client, db):
    factories.AgreementFactory(
        title="Dated",
        status=AgreementStatus.ACTIVE,
        announced_on=datetime.date(2025, 1, 1),
        announced_precision="year",
        expires_on=datetime.date(2030, 1, 1),
        expires_precision="year",
    )
    response = client.get("/timeline/")
    [row] = response.context["chart"].drawn
    not_recorded = "(certainty not recorded)"
    assert (row.start_text, row.end_text) == (
        f"announced 2025 {not_recorded}",
        f"through 2030 {not_recorded}",
    )
    assert row.start_known and row.end_known
    # 2025 and 2030 each cover their whole year; the bar runs between them.
    assert row.start_period.x < row.bar.x < row.end_period.x
    assert row.bar.x == row.start_period.x + row.start_period.width
    assert row.end_period.x == row.bar.x + row.bar.width
    content = response.content.decode()
    assert f'fill="{STATUS_COLOURS[AgreementStatus.ACTIVE][1]}"' in content
    assert '<td data-label="To">through 2030 (certainty not recorded)</td>' in content


def test_an_agreement_with_no_end_is_open_ended(client, db):
    factories.AgreementFactory(
        announced_on=datetime.date(2024, 3, 1), announced_precision="month"
    )
    response = client.get("/timeline/")
    [row] = response.context["chart"].drawn
    assert row.end_text == "no end reported"
    assert not row.end_known and row.bar is None
    assert '" class="unknown">no end reported</text>' in response.content.decode()


def test_agreements_without_any_date_are_listed_as_dates_not_reported(client, db):
    factories.AgreementFactory(title="Undated deal")
    response = client.get("/timeline/")
    assert response.context["chart"].drawn == []
    [row] = response.context["chart"].rows
    assert (row.start_period, row.bar, row.end_period) == (None, None, None)
    content = response.content.decode()
    assert "Undated deal" in content
    assert re.search(r'<td colspan="2"[^>]*>dates not reported</td>', content)
    assert 'class="unknown">dates not reported</text>' in content


def test_the_chart_has_a_text_alternative(client, db):
    build_world(2)
    content = client.get("/timeline/").content.decode()
    assert 'role="group" aria-labelledby="timeline-svg-title"' in content
    assert "The same agreements as a table" in content


def test_drafts_are_not_on_the_timeline(client, db):
    build_world(2)
    assert_no_drafts(client.get("/timeline/").content)


def test_parameters_are_refused(client, db):
    assert client.get("/timeline/?from=2020").status_code == 400


def test_an_unknown_start_is_written_as_unknown_not_drawn_from_the_edge(client, db):
    factories.AgreementFactory(
        title="Through 2030",
        expires_on=datetime.date(2030, 1, 1),
        expires_precision="year",
    )
    factories.AgreementFactory(
        announced_on=datetime.date(2020, 6, 1), announced_precision="month"
    )
    response = client.get("/timeline/")
    row = next(r for r in response.context["chart"].rows if r.end_known)
    assert row.bar is None and row.start_period is None
    assert row.unknown_start_x < row.end_period.x
    # All of 2030, not a day of it: the block spans one year of the axis.
    ticks = dict((label, x) for x, label in response.context["chart"].ticks)
    assert row.end_period.x == ticks["2030"]
    assert round(row.end_period.x + row.end_period.width, 1) == ticks["2031"]
    content = response.content.decode()
    assert 'text-anchor="end" class="unknown">start not reported</text>' in content


def test_a_commitments_milestone_is_a_point_with_its_certainty(client, db):
    agreement = factories.AgreementFactory(title="10 GW")
    commitment = factories.CommitmentFactory(
        agreement=agreement,
        milestone="first systems online",
        milestone_on=datetime.date(2026, 1, 1),
        milestone_precision="year",
    )
    factories.TermReportFactory(
        agreement=agreement,
        term=Term.COMMITMENT,
        commitment=commitment,
        basis=Basis.UNNAMED_SOURCES,
        modality=Modality.PLANNED,
    )
    response = client.get("/timeline/")
    [row] = response.context["chart"].drawn
    [milestone] = row.milestones
    assert milestone.text == (
        "planned: first systems online 2026 (reported, unnamed sources)"
    )
    content = response.content.decode()
    assert 'class="milestone"/>' in content
    assert (
        '<td data-label="Milestones">planned: first systems online 2026 '
        "(reported, unnamed sources)</td>"
    ) in content


def test_every_agreement_has_a_row_of_the_chart(client, db):
    build_world(3)
    chart = client.get("/timeline/").context["chart"]
    titles = [row.agreement.title for row in chart.rows]
    assert len(titles) == len(set(titles)) >= 3
    assert len({row.y for row in chart.rows}) == len(chart.rows)
