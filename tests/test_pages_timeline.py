"""The timeline: agreements on a time axis, coloured by status, with a table."""

import datetime
import re

import pytest

from partnerships.charts import STATUS_COLOURS
from partnerships.models import AgreementStatus
from tests import factories
from tests.browse_records import assert_no_drafts, build_world


@pytest.mark.parametrize("size", [3, 15])
def test_it_runs_the_same_queries_whatever_the_number_of_agreements(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    # 3 queries: the agreements, their parties with companies, the current
    # reports of their terms (how sure each date is)
    with django_assert_num_queries(3):
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
    assert row.x1 < row.x2
    content = response.content.decode()
    assert f'fill="{STATUS_COLOURS[AgreementStatus.ACTIVE][1]}"' in content
    assert '<td data-label="To">through 2030 (certainty not recorded)</td>' in content


def test_an_agreement_with_no_end_is_open_ended(client, db):
    factories.AgreementFactory(
        announced_on=datetime.date(2024, 3, 1), announced_precision="month"
    )
    response = client.get("/timeline/")
    [row] = response.context["chart"].drawn
    assert row.end_text == "open-ended: no end reported"
    assert not row.end_known
    assert 'stroke-dasharray="6 4"' in response.content.decode()


def test_agreements_without_any_date_are_listed_as_dates_not_reported(client, db):
    factories.AgreementFactory(title="Undated deal")
    response = client.get("/timeline/")
    assert response.context["chart"].drawn == []
    content = response.content.decode()
    assert "Undated deal" in content
    assert re.search(r'<td colspan="2"[^>]*>dates not reported</td>', content)
    assert "nothing to place on a time axis" in content


def test_the_chart_has_a_text_alternative(client, db):
    build_world(2)
    content = client.get("/timeline/").content.decode()
    assert 'role="img" aria-labelledby="timeline-svg-title"' in content
    assert "The same agreements as a table" in content


def test_drafts_are_not_on_the_timeline(client, db):
    build_world(2)
    assert_no_drafts(client.get("/timeline/").content)


def test_parameters_are_refused(client, db):
    assert client.get("/timeline/?from=2020").status_code == 400
