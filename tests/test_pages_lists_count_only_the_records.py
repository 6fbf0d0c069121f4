"""A list page counts its matching records without what it shows of each:
counting companies does not work out every company's group agreements."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.browse_records import build_world


def test_the_companies_list_counts_companies_without_their_agreement_counts(client, db):
    build_world(3)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/companies/?sort=-group-agreements")
    assert response.status_code == 200
    [count] = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    # The companies alone: not their agreements (no subquery per company), no sort.
    assert "partnerships_agreementparty" not in count
    assert "ORDER BY" not in count
    assert response.context["page_obj"].paginator.count == len(
        response.context["records"]
    )
