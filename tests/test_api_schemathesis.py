"""The API keeps the promises of its own OpenAPI schema.

Schemathesis generates requests from /api/v1/schema/ for every operation, in
both of its generation modes, each a test of its own: positive (requests the
schema allows) and negative (requests it forbids, which must be refused with a
4xx). Once as an anonymous reader and once as an editor (who writes). Every
response goes through every check schemathesis ships (`SHIPPED_CHECKS`,
guarded by `test_every_check_schemathesis_ships_runs`) and ours: no server
error; documented status codes, content types, headers and bodies; negative
data rejected, positive data accepted; a required header's absence refused;
405 with `Allow` for undocumented methods; auth enforced where declared.
`use_after_free`, `ensure_resource_availability` and
`object_level_authorization` run too, but act only on a response that follows
an earlier one in a recorded sequence (schemathesis' stateful phase), which
these tests, one request per example, do not make. `max_response_time` is
left out: it is a timing assertion, and it needs a limit the schema does not
state.

Generated slugs name no record, so detail operations are also sent to the
records of `records` (`aimed_at_a_record`, `some_real_slugs`); the figures
printed with `pytest -s` say how many examples were.

One check is narrowed, for cases the schema cannot express, each checked in
another way. "Positive data acceptance" expects any schema-valid request to be
accepted, but:
- an editor's write can name a record that does not exist (`"speaker": "0"`)
  or break a rule between fields (an expiry before the effective date). Those
  writes get a 400, and `refusals_name_the_fields` checks that every such 400
  says which field is at fault;
- a query parameter can come without the one it applies only with
  (`include_undated` without `in_force_on`, `include_owned` without `party`),
  a `search` hold more terms than it takes, or a `cursor` be one the API did
  not sign (tests/test_api_cursor_pagination.py follows real ones): such a
  request must be refused,
  naming the parameter, never answered as if the parameter were not there
  (`refusals_name_the_fields` again);
- an `If-Match` holding any tag but the record's current one is a 412, which
  the schema documents but cannot avoid generating (the tag is known only at
  run time): `preconditions_follow_rfc_9110` checks that every 412 (and 304)
  answers a precondition that really fails, and that a read whose `If-Match`
  fails is never a 200.
A NUL character needs no narrowing: the schema's patterns forbid it wherever
text is taken.
"""

import collections
import functools

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings, strategies
from rest_framework.authtoken.models import Token
from rest_framework.filters import search_smart_split
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from following.changefeed import changes_record
from partnerships.api.serializers import SLUG
from partnerships.api.versions import entity_tag
from partnerships.search_limits import MAX_TERMS
from tests import factories
from tracker.wsgi import application

# Thousands of requests as one client: no rate limit may answer in their place.
pytestmark = pytest.mark.usefixtures("generous_rate_limits")

EXAMPLES = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,  # no .hypothesis/ directory in the checkout
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests go through the real WSGI handler, which closes old connections
    when a request starts and ends; that would close the test's transaction on
    PostgreSQL. Django's own test client unhooks the same signal handler."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# One record of each kind, by the slug its detail operations are sent to.
RECORDS = {
    "agreements": "openai-aws",
    "companies": "aws",
    "people": "sam",
    "sources": "the-source",
    "statements": "the-statement",
}


@pytest.fixture
def records(db):
    """A record of each kind, so that lists and filters have bodies and detail
    operations find a record (see `aimed_at_a_record`)."""
    company = factories.CompanyFactory(slug=RECORDS["companies"])
    source = factories.SourceFactory(slug=RECORDS["sources"])
    person = factories.PersonFactory(slug=RECORDS["people"], affiliation=company)
    agreement = factories.AgreementFactory(
        slug=RECORDS["agreements"], value_currency=""
    )
    factories.AgreementPartyFactory(agreement=agreement, company=company)
    factories.AgreementCitationFactory(record=agreement, source=source)
    factories.CommitmentFactory(agreement=agreement)
    factories.StatementFactory(
        slug=RECORDS["statements"], speaker=person, source=source
    )
    changes_record()  # the change feed has changes to page through


WRITES = {"POST", "PUT", "PATCH"}
# A query parameter and the one it applies only with: a rule OpenAPI cannot state.
ONLY_WITH = {"include_undated": "in_force_on", "include_owned": "party"}
EXAMPLES_RUN: collections.Counter = collections.Counter()
OPERATIONS_RUN: collections.defaultdict = collections.defaultdict(set)
REACHED_A_RECORD: collections.Counter = collections.Counter()
# (run, mode, check, operation, title) of every failure seen: none, we hope.
FAILURES: set[tuple[str, str, str, str, str]] = set()

load_all_checks()
# Every check schemathesis ships but `max_response_time` (see above).
SHIPPED_CHECKS = [
    check
    for check in CHECKS.get_all()
    if check.__module__.startswith("schemathesis.")
    and check.__name__ != "max_response_time"
]


def count(run: str, case) -> None:
    mode = case.meta.generation.mode.value
    EXAMPLES_RUN[run, mode] += 1
    OPERATIONS_RUN[run, mode].add(case.operation.label)
    if (case.path_parameters or {}).get("slug") in RECORDS.values():
        REACHED_A_RECORD[run, mode] += 1


@pytest.fixture(scope="module", autouse=True)
def report_figures():
    """Print how many operations and examples ran, and the failures by check
    (shown with `pytest -s`)."""
    yield
    for run, mode in sorted(EXAMPLES_RUN):
        print(
            f"\nschemathesis, {run}, {mode}: {len(OPERATIONS_RUN[run, mode])} "
            f"operations, {EXAMPLES_RUN[run, mode]} examples "
            f"({REACHED_A_RECORD[run, mode]} to a record that exists)"
        )
    by_check = collections.Counter((run, check) for run, _, check, _, _ in FAILURES)
    print(f"\nschemathesis failures: {len(FAILURES)}")
    for (run, check), number in sorted(by_check.items()):
        print(f"  {run}: {check}: {number}")
    for failure in sorted(FAILURES):
        print("  ", " | ".join(failure))


def unstated_refusals(case) -> set[str]:
    """Query parameters given without the one they apply only with, or refused
    for a rule the schema does not state: more terms in `search` than it takes
    (a "quoted phrase" is one term, which a pattern cannot count)."""
    query = case.query or {}
    if not isinstance(query, dict):
        return set()
    refused = {
        name
        for name, needed in ONLY_WITH.items()
        if name in query and not query.get(needed)
    }
    search = query.get("search")
    if isinstance(search, str) and len(search_smart_split(search)) > MAX_TERMS:
        refused.add("search")
    if "cursor" in query:
        refused.add("cursor")  # signed: only the API's own cursors are taken
    return refused


def accepts_positive_data_where_the_schema_can_say(editor: bool):
    """`positive_data_acceptance`, but for the editor's writes, parameters the
    schema cannot state a rule for (`unstated_refusals`) and a failed
    precondition: a schema-valid `If-Match` holding any tag but the current
    one is a 412, which the schema documents and cannot avoid (the current
    tag is known only at run time). `refusals_name_the_fields` and
    `preconditions_follow_rfc_9110` check those answers instead."""

    def positive_data_acceptance_narrowed(ctx, response, case):
        if (
            (editor and case.method in WRITES)
            or unstated_refusals(case)
            or response.status_code == 412
        ):
            return None
        return positive_data_acceptance(ctx, response, case)

    positive_data_acceptance_narrowed.__name__ = "positive_data_acceptance"
    return positive_data_acceptance_narrowed


@schemathesis.check
def refusals_name_the_fields(ctx, response, case) -> None:
    """A refused write is JSON in the error shape, naming each field at fault;
    a parameter a rule the schema does not state refuses (given without the one
    it applies with, say) is refused, not ignored."""
    if unstated_refusals(case):
        assert response.status_code >= 400, (response.status_code, case.query)
    if (
        case.method in WRITES or unstated_refusals(case)
    ) and response.status_code == 400:
        body = response.json()
        assert body["status"] == 400, body
        if body["code"] != "parse_error":  # a body that is not JSON at all
            assert body["code"] == "invalid", body
            assert body["errors"], f"a 400 names the fields at fault: {body}"


def listed_tags(value: str) -> list[str]:
    return [tag.strip() for tag in value.split(",") if tag.strip()]


@schemathesis.check
def preconditions_follow_rfc_9110(ctx, response, case) -> None:
    """A 412 only when `If-Match` does not list `*` or the current tag itself
    (strong comparison: a weak or empty tag never matches) or a write's
    `If-None-Match` lists `*` or the current tag (weak comparison); its ETag and
    `current` name the record as it is. A 304 only when `If-None-Match` lists
    it. A GET whose `If-Match` fails is never answered 200."""
    sent = {name.lower(): value for name, value in response.request.headers.items()}
    if_match, if_none_match = sent.get("if-match"), sent.get("if-none-match")
    tag = (response.headers.get("etag") or [None])[0]
    strong = if_match is not None and any(
        listed in ("*", tag) for listed in listed_tags(if_match)
    )
    weak = if_none_match is not None and any(
        listed == "*" or listed.removeprefix("W/") == tag
        for listed in listed_tags(if_none_match)
    )
    if response.status_code == 412:
        body = response.json()
        assert tag == entity_tag(body["current"]), (tag, body)
        failed = (if_match is not None and not strong) or (
            case.method != "GET" and weak
        )
        assert failed, f"412 though the preconditions hold: {sent}, ETag {tag}"
    if response.status_code == 304:
        assert case.method == "GET" and weak, (sent, tag)
    if case.method == "GET" and response.status_code == 200 and tag is not None:
        assert if_match is None or strong, f"200 though If-Match fails: {sent}"


def tallied(check):
    """The check, noting which check raised each failure (for the figures)."""

    @functools.wraps(check)
    def run(ctx, response, case):
        try:
            return check(ctx, response, case)
        except FailureGroup as group:
            for failure in group.exceptions:
                RAISED_BY[id(failure)] = check.__name__
            raise
        except Failure as failure:
            RAISED_BY[id(failure)] = check.__name__
            raise

    return run


RAISED_BY: dict[int, str] = {}
OUR_CHECKS = [refusals_name_the_fields, preconditions_follow_rfc_9110]


def checks_for(editor: bool) -> list:
    narrowed = accepts_positive_data_where_the_schema_can_say(editor)
    checks = [
        narrowed if check is positive_data_acceptance else check
        for check in [*SHIPPED_CHECKS, *OUR_CHECKS]
    ]
    return [tallied(check) for check in checks]


def real_slug(operation, slug) -> str | None:
    """The slug of the record of `records` the operation's collection holds,
    when `slug` is one (a negative case's invalid slug stays as it is)."""
    collection = operation.path.split("/")[3]
    if isinstance(slug, str) and SLUG.fullmatch(slug) and collection in RECORDS:
        return RECORDS[collection]
    return None


def aimed_at_a_record(case) -> None:
    """A generated slug names no record, so every detail operation would end
    in 404. The coverage phase's cases (each parameter's and field's edge
    values) are sent to the record of `records`; the fuzzing phase's, half of
    them (`some_real_slugs`), so that 404s are still asked for."""
    if case.meta.phase.name.value != "coverage" or not case.path_parameters:
        return
    real = real_slug(case.operation, case.path_parameters.get("slug"))
    if real is not None:
        case.path_parameters = {**case.path_parameters, "slug": real}


def call_and_validate(case, run: str, editor: bool, **kwargs) -> None:
    aimed_at_a_record(case)
    count(run, case)
    checks = checks_for(editor)
    try:
        case.call_and_validate(checks=checks, **kwargs)
    except FailureGroup as group:
        mode = case.meta.generation.mode.value
        for failure in group.exceptions:
            check = RAISED_BY.get(id(failure), failure.title)
            FAILURES.add((run, mode, check, case.operation.label, failure.title))
        raise


def loaded(mode: GenerationMode):
    """The schema, generating requests in `mode` only. Loading it reads no
    database rows, so it can happen at import."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    schema.config.generation.update(modes=[mode])
    return schema


positive = loaded(GenerationMode.POSITIVE)
negative = loaded(GenerationMode.NEGATIVE)


def some_real_slugs(context, path_parameters):
    """Half the fuzzing phase's detail operations go to the record of
    `records` (see `aimed_at_a_record`)."""
    real = real_slug(context.operation, (path_parameters or {}).get("slug"))
    if real is None:
        return strategies.just(path_parameters)
    return strategies.sampled_from([path_parameters, {**path_parameters, "slug": real}])


for schema in (positive, negative):
    schema.hook("flatmap_path_parameters")(some_real_slugs)


def test_every_check_schemathesis_ships_runs():
    names = {check.__name__ for check in checks_for(editor=True)}
    assert names >= {
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "positive_data_acceptance",
        "missing_required_header",
        "unsupported_method",
        "allow_header_conformance",
        "use_after_free",
        "ensure_resource_availability",
        "ignored_auth",
        "object_level_authorization",
        "refusals_name_the_fields",
        "preconditions_follow_rfc_9110",
    }, names
    assert len(SHIPPED_CHECKS) == 14, "a new schemathesis check: list it above"


@positive.parametrize()
@EXAMPLES
def test_api_keeps_its_schema_for_anonymous_readers(case, records):
    call_and_validate(case, "anonymous", editor=False)


@negative.parametrize()
@EXAMPLES
def test_api_refuses_what_its_schema_forbids_anonymous_readers(case, records):
    call_and_validate(case, "anonymous", editor=False)


def as_editor(editor) -> dict:
    token = Token.objects.get_or_create(user=editor)[0]
    return {"Authorization": f"Token {token.key}"}


@positive.parametrize()
@EXAMPLES
def test_api_keeps_its_schema_for_editors(case, records, editor):
    call_and_validate(case, "editor", editor=True, headers=as_editor(editor))


@negative.parametrize()
@EXAMPLES
def test_api_refuses_what_its_schema_forbids_editors(case, records, editor):
    call_and_validate(case, "editor", editor=True, headers=as_editor(editor))
