"""In force means in force: on a day, an agreement has begun and is not yet over.

One table of agreements, each asked about on one day, read three ways: through
`Agreement.objects.in_force()`, `?in_force_on=` on the API and on the
agreements page. An agreement whose dates cannot say (undated) is out unless
`include_undated` lets it in.
"""

import csv
import datetime
import io
from dataclasses import dataclass

import pytest

from partnerships.models import Agreement, AgreementStatus
from tests import factories
from tests.browse_records import build_world

SUPERSEDED = AgreementStatus.SUPERSEDED
ENDED = AgreementStatus.ENDED
ANNOUNCED = AgreementStatus.ANNOUNCED

IN = "in force"
OUT = "not in force, even with undated agreements included"
UNDATED = "undated: only with undated agreements included"


@dataclass(frozen=True)
class Case:
    """An agreement with these `dates` (as a source writes them: "2030",
    "2030-06", "2030-06-30") and `status`, asked about on `day`."""

    day: str
    dates: dict
    answer: str
    status: str = AgreementStatus.ACTIVE


CASES = {
    "superseded_before_the_day_is_out": Case(
        "2029-06-01", {"effective": "2026", "ended": "2029-03-01"}, OUT, SUPERSEDED
    ),
    "superseded_with_no_end_date_is_undated": Case(
        "2029-06-01", {"effective": "2026"}, UNDATED, SUPERSEDED
    ),
    "superseded_with_no_end_date_before_it_began_is_out": Case(
        "2029-06-01", {"effective": "2030"}, OUT, SUPERSEDED
    ),
    "ended_after_the_day_is_in": Case(
        "2029-06-01", {"effective": "2026", "ended": "2029-06-02"}, IN, ENDED
    ),
    "ended_that_day_is_still_in": Case(
        "2029-06-01", {"effective": "2026", "ended": "2029-06-01"}, IN, ENDED
    ),
    "ended_in_june_is_in_on_30_june": Case(
        "2029-06-30", {"effective": "2026", "ended": "2029-06"}, IN, ENDED
    ),
    "ended_in_june_is_out_on_1_july": Case(
        "2029-07-01", {"effective": "2026", "ended": "2029-06"}, OUT, ENDED
    ),
    "ended_in_2029_is_in_on_31_december_2029": Case(
        "2029-12-31", {"effective": "2026", "ended": "2029"}, IN, SUPERSEDED
    ),
    "expired_the_day_before_is_out": Case(
        "2029-06-01", {"effective": "2026", "expires": "2029-05-31"}, OUT
    ),
    "expiring_that_day_is_in": Case(
        "2029-06-01", {"effective": "2026", "expires": "2029-06-01"}, IN
    ),
    "expiry_2030_is_in_on_1_june_2030": Case(
        "2030-06-01", {"effective": "2026", "expires": "2030"}, IN
    ),
    "expiry_2030_is_in_on_31_december_2030": Case(
        "2030-12-31", {"effective": "2026", "expires": "2030"}, IN
    ),
    "expiry_2030_is_out_on_1_january_2031": Case(
        "2031-01-01", {"effective": "2026", "expires": "2030"}, OUT
    ),
    "expiry_june_2030_is_in_on_1_june": Case(
        "2030-06-01", {"effective": "2026", "expires": "2030-06"}, IN
    ),
    "expiry_june_2030_is_in_on_30_june": Case(
        "2030-06-30", {"effective": "2026", "expires": "2030-06"}, IN
    ),
    "expiry_june_2030_is_out_on_1_july": Case(
        "2030-07-01", {"effective": "2026", "expires": "2030-06"}, OUT
    ),
    "effective_after_the_day_is_out": Case(
        "2029-06-01", {"effective": "2029-06-02"}, OUT
    ),
    "effective_in_june_has_begun_on_1_june": Case(
        "2029-06-01", {"effective": "2029-06"}, IN
    ),
    "begun_with_no_expiry_is_in": Case("2029-06-01", {"effective": "2026"}, IN),
    "announced_begun_with_no_expiry_is_in": Case(
        "2029-06-01", {"effective": "2026"}, IN, ANNOUNCED
    ),
    "begun_by_its_announcement_when_the_effective_date_is_unknown": Case(
        "2029-06-01", {"announced": "2029-05-31"}, IN, ANNOUNCED
    ),
    "announced_after_the_day_with_no_effective_date_is_out": Case(
        "2029-06-01", {"announced": "2029-07"}, OUT, ANNOUNCED
    ),
    "effective_after_the_day_is_out_though_announced_before": Case(
        "2029-06-01", {"announced": "2029-01", "effective": "2030"}, OUT
    ),
    "with_neither_effective_nor_announcement_date_is_undated": Case(
        "2029-06-01", {}, UNDATED
    ),
    "with_neither_date_and_not_yet_expired_is_undated": Case(
        "2029-06-01", {"expires": "2030"}, UNDATED
    ),
    "with_neither_date_but_expired_is_out": Case(
        "2029-06-01", {"expires": "2028"}, OUT
    ),
}


@pytest.fixture(params=list(CASES.values()), ids=list(CASES))
def case(request, db) -> Case:
    # Another agreement, in force on every day asked: the subject is never alone.
    factories.AgreementFactory(slug="always", **factories.dated(effective="2000"))
    case = request.param
    factories.AgreementFactory(
        slug="subject", status=case.status, **factories.dated(**case.dates)
    )
    return case


def expected(case: Case, include_undated: bool) -> list[str]:
    shown = case.answer == IN or (include_undated and case.answer == UNDATED)
    return ["always", "subject"] if shown else ["always"]


# -- the queryset ------------------------------------------------------------------


def test_the_queryset_says_whether_it_is_in_force(case):
    day = datetime.date.fromisoformat(case.day)
    in_force = Agreement.objects.in_force(day)
    assert sorted(a.slug for a in in_force) == expected(case, False)
    with_undated = Agreement.objects.in_force(day, include_undated=True)
    assert sorted(a.slug for a in with_undated) == expected(case, True)


# -- the API -----------------------------------------------------------------------

API = "/api/v1/agreements/"


def api_slugs(client, **query) -> list[str]:
    response = client.get(API, query)
    assert response.status_code == 200, response.content
    return sorted(record["slug"] for record in response.json()["results"])


def test_the_api_says_whether_it_is_in_force(client, case):
    assert api_slugs(client, in_force_on=case.day) == expected(case, False)
    assert api_slugs(client, in_force_on=case.day, include_undated="true") == expected(
        case, True
    )


@pytest.fixture
def undated(db) -> Agreement:
    return factories.AgreementFactory(slug="undated")


@pytest.mark.parametrize(
    ("value", "included"),
    [("true", True), ("True", True), ("1", True), ("false", False), ("0", False)],
)
def test_the_api_takes_include_undated_as_true_or_false(
    client, undated, value, included
):
    found = api_slugs(client, in_force_on="2029-06-01", include_undated=value)
    assert found == (["undated"] if included else [])


def error(response) -> dict:
    assert response.status_code == 400, response.content
    return response.json()["errors"]


@pytest.mark.parametrize("value", ["maybe", "yes", "true ", "2", ""])
def test_the_api_refuses_include_undated_other_than_true_or_false(
    client, undated, value
):
    query = {"in_force_on": "2029-06-01", "include_undated": value}
    assert list(error(client.get(API, query))) == ["include_undated"]


def test_the_api_names_only_the_bad_value_of_include_undated_given_alone(
    client, undated
):
    errors = error(client.get(API, {"include_undated": "maybe"}))
    assert errors == {
        "include_undated": ["Give true or false (or 1 or 0), not 'maybe'."]
    }


@pytest.mark.parametrize("value", ["true", "false"])
def test_the_api_refuses_include_undated_without_in_force_on(client, undated, value):
    errors = error(client.get(API, {"include_undated": value}))
    assert list(errors) == ["include_undated"]
    assert "only with in_force_on" in errors["include_undated"][0]


def test_the_schema_says_what_undated_means(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()
    parameters = {
        parameter["name"]: parameter
        for parameter in schema["paths"][API]["get"]["parameters"]
    }
    include_undated = parameters["include_undated"]
    assert include_undated["schema"]["type"] == "boolean"
    described = include_undated["description"]
    assert "neither an effective nor an announcement date" in described
    assert "ended or superseded with no end date" in described
    assert "Undated agreements are left out" in parameters["in_force_on"]["description"]


# -- the agreements page -------------------------------------------------------------

PAGE = "/agreements/"


def page_slugs(client, **query) -> list[str]:
    response = client.get(PAGE, query)
    assert response.status_code == 200, response.content
    return sorted(agreement.slug for agreement in response.context["records"])


def test_the_page_says_whether_it_is_in_force(client, case):
    assert page_slugs(client, in_force_on=case.day) == expected(case, False)
    assert page_slugs(client, in_force_on=case.day, include_undated="1") == expected(
        case, True
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("in_force_on=soon", "in_force_on: “soon” is not a date: give YYYY"),
        (
            "in_force_on=2030-02-30",
            "in_force_on: “2030-02-30” is not a date in the calendar",
        ),
        ("in_force_on=20300601", "in_force_on: “20300601” is not a date"),
        ("in_force_on=２０３０-06-01", "is not a date: give YYYY (a year)"),
        ("in_force_on=2030-13", "in_force_on: “2030-13” is not a date in the"),
        (
            "in_force_on=2030-06-01&include_undated=yes",
            "not a choice for include_undated",
        ),
        ("include_undated=1", "include_undated applies only with in_force_on"),
        (
            "in_force_on=2030-06-01&in_force_on=2030-07-01",
            "Give in_force_on only once.",
        ),
    ],
)
def test_the_page_answers_a_bad_day_with_a_400_naming_it(
    client, undated, query, message
):
    response = client.get(f"{PAGE}?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def in_force_world() -> None:
    build_world(3)  # in force from 2020, 2021, 2022; deal-01 expires in 2030
    factories.AgreementFactory(
        title="Old money",
        slug="old-money",
        kind="investment",
        status=SUPERSEDED,
        **factories.dated(effective="2020", ended="2024-03"),
    )
    factories.AgreementFactory(title="Undated", slug="undated", kind="investment")


def facet(response, param: str) -> dict[str, int]:
    group = next(g for g in response.context["facets"] if g["facet"].param == param)
    return {choice.label: choice.count for choice in group["choices"]}


def test_facets_count_only_the_agreements_in_force(client, db):
    in_force_world()
    everything = client.get(PAGE)
    assert facet(everything, "kind") == {"Cloud compute": 3, "Investment": 2}
    response = client.get(PAGE, {"in_force_on": "2031-01-01"})
    assert facet(response, "kind") == {"Cloud compute": 2}
    assert facet(response, "status") == {"Active": 2}
    with_undated = client.get(PAGE, {"in_force_on": "2031-01-01", "include_undated": 1})
    assert facet(with_undated, "kind") == {"Cloud compute": 2, "Investment": 1}


def test_the_day_combines_with_facets_and_search(client, db):
    in_force_world()
    query = {"in_force_on": "2024-03-31", "kind": "investment", "q": "money"}
    assert page_slugs(client, **query) == ["old-money"]
    assert page_slugs(client, **(query | {"in_force_on": "2024-04-01"})) == []


def test_the_csv_keeps_the_day(client, db):
    in_force_world()
    query = "in_force_on=2031-01-01&include_undated=1&kind=investment"
    content = client.get(f"{PAGE}?{query}").content.decode()
    assert f'href="?{query.replace("&", "&amp;")}&amp;format=csv"' in content
    response = client.get(f"{PAGE}?{query}&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == ["Undated"]


def test_the_day_has_a_labelled_form_that_keeps_the_other_filters(client, db):
    in_force_world()
    content = client.get(
        PAGE, {"kind": "investment", "q": "money", "sort": "title", "page": "1"}
    ).content.decode()
    form = content[content.index('<form class="day-filter"') :]
    form = form[: form.index("</form>")]
    assert '<label for="list-in_force_on">In force on</label>' in form
    assert 'id="list-in_force_on" type="text" name="in_force_on" value=""' in form
    assert '<input type="hidden" name="kind" value="investment">' in form
    assert '<input type="hidden" name="q" value="money">' in form
    assert '<input type="hidden" name="sort" value="title">' in form
    assert 'name="page"' not in form
    assert 'name="include_undated" value="1" aria-describedby' in form
    assert "Undated: an agreement with neither an effective nor an announcement" in form


def test_a_chosen_day_shows_in_its_form_and_stays_with_the_search(client, db):
    in_force_world()
    content = client.get(
        PAGE, {"in_force_on": "2031-01-01", "include_undated": "1"}
    ).content.decode()
    assert 'name="in_force_on" value="2031-01-01" required' in content
    assert 'name="include_undated" value="1" checked' in content
    controls = content[content.index('<form class="list-controls"') :]
    controls = controls[: controls.index("</form>")]
    assert '<input type="hidden" name="in_force_on" value="2031-01-01">' in controls
    assert '<input type="hidden" name="include_undated" value="1">' in controls
    assert 'href="/agreements/" class="clear">remove' in content
