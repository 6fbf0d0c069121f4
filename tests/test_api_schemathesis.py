"""The API keeps the promises of its own OpenAPI schema.

Schemathesis generates requests from /api/v1/schema/ for every operation and
runs its default checks on each response: no server error, documented status
codes, content types, headers and bodies, negative data rejected, positive
data accepted, 405 for undocumented methods, auth enforced where declared.
Once as an anonymous reader and once as an editor (who writes).

One default check is narrowed for the editor's writes: "positive data
acceptance" expects any schema-valid body to be accepted, but a valid-looking
body can name a record that does not exist (`"speaker": "0"`) or break a rule
between fields (an expiry before the effective date) that OpenAPI cannot
express. Those writes get a 400, and `refusals_name_the_fields` checks that
every such 400 says which field is at fault. It is narrowed for everyone too
when a query parameter comes without the one it applies only with
(`include_undated` without `in_force_on`, `include_owned` without `party`):
such a request must be refused, naming the parameter, never answered as if the
parameter were not there. The same holds for a NUL character in a parameter
and for a `search` of more terms than it takes.
"""

import collections

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.filters import search_smart_split
from schemathesis.specs.openapi.checks import positive_data_acceptance

from partnerships.search_limits import MAX_TERMS
from tests import factories
from tracker.wsgi import application

# Thousands of requests as one client: no rate limit may answer in their place.
pytestmark = pytest.mark.usefixtures("generous_rate_limits")

EXAMPLES = settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,  # no .hypothesis/ directory in the checkout
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The editor fixture hashes a password per test: make that cheap here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


@pytest.fixture
def records(db):
    """A few published records, so that list and filter responses have bodies."""
    agreement = factories.AgreementFactory(slug="openai-aws", value_currency="")
    factories.AgreementPartyFactory(agreement=agreement)
    factories.AgreementCitationFactory(record=agreement)
    factories.CommitmentFactory(agreement=agreement)
    factories.StatementFactory()


WRITES = {"POST", "PUT", "PATCH"}
# A query parameter and the one it applies only with: a rule OpenAPI cannot state.
ONLY_WITH = {"include_undated": "in_force_on", "include_owned": "party"}
EXAMPLES_RUN: collections.Counter = collections.Counter()
OPERATIONS_RUN: collections.defaultdict = collections.defaultdict(set)


def count(run: str, case) -> None:
    EXAMPLES_RUN[run] += 1
    OPERATIONS_RUN[run].add(case.operation.label)


@pytest.fixture(scope="module", autouse=True)
def report_figures():
    """Print how many operations and examples ran (shown with `pytest -s`)."""
    yield
    for run in sorted(EXAMPLES_RUN):
        print(
            f"\nschemathesis, {run}: {len(OPERATIONS_RUN[run])} operations, "
            f"{EXAMPLES_RUN[run]} examples"
        )


def unstated_refusals(case) -> set[str]:
    """Query parameters given without the one they apply only with, or refused
    for a rule the schema does not state: a NUL character in any value, more
    terms in `search` than it takes (a "quoted phrase" is one term, which a
    pattern cannot count)."""
    query = case.query or {}
    refused = {
        name
        for name, needed in ONLY_WITH.items()
        if name in query and not query.get(needed)
    }
    refused |= {name for name, value in query.items() if "\x00" in str(value)}
    search = query.get("search")
    if isinstance(search, str) and len(search_smart_split(search)) > MAX_TERMS:
        refused.add("search")
    return refused


def excluded_checks(case, editor: bool) -> list:
    if (editor and case.method in WRITES) or unstated_refusals(case):
        return [positive_data_acceptance]
    return []


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


# Loading the schema reads no database rows, so it can happen at import.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


@schema.parametrize()
@EXAMPLES
def test_api_keeps_its_schema_for_anonymous_readers(case, records):
    count("anonymous", case)
    case.call_and_validate(excluded_checks=excluded_checks(case, editor=False))


@schema.parametrize()
@EXAMPLES
def test_api_keeps_its_schema_for_editors(case, records, editor):
    count("editor", case)
    token = Token.objects.get_or_create(user=editor)[0]
    case.call_and_validate(
        headers={"Authorization": f"Token {token.key}"},
        excluded_checks=excluded_checks(case, editor=True),
    )
