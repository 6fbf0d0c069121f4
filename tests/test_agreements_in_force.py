"""In force means in force: on a day, an agreement has begun and is not yet over.

One table of agreements, each asked about on one day through
`Agreement.objects.in_force()`. An agreement whose dates cannot say (undated)
is out unless `include_undated` lets it in.
"""

import datetime
from dataclasses import dataclass

import pytest

from partnerships.models import Agreement, AgreementStatus
from tests import factories

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
