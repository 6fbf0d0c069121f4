"""Admin sign-in locks out after repeated failures, per user name and per
address, until the cool-off ends or an administrator unlocks it."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from pytest_django.asserts import assertTemplateUsed

from tests.api_records import token_client

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # the editor fixture's


def sign_in(username: str, password: str, address: str = "10.0.0.1"):
    return Client(REMOTE_ADDR=address).post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def fail(times: int, username: str = "editor", address: str = "10.0.0.1") -> list:
    return [sign_in(username, "wrong", address).status_code for _ in range(times)]


def test_the_fifth_wrong_password_locks_the_user_name_out(editor):
    assert settings.AXES_FAILURE_LIMIT == 5

    assert fail(5) == [200, 200, 200, 200, 429]

    assert sign_in("editor", PASSWORD).status_code == 429


def test_the_lockout_is_the_login_page_saying_why_and_for_how_long(editor):
    fail(5)

    response = sign_in("editor", PASSWORD)

    assert response.status_code == 429
    assert response["Retry-After"] == str(30 * 60)
    assertTemplateUsed(response, "admin/locked_out.html")
    content = response.content.decode()
    assert "Signing in is locked for 30 minutes:" in content
    assert "5 sign-ins failed for this user name or from this address." in content
    assert 'id="login-form"' in content
    assert "Partnership tracker: editors" in content


def test_failures_from_one_address_lock_out_every_user_name_from_it(editor):
    for number in range(5):
        fail(1, username=f"guess{number}", address="10.0.0.9")

    assert sign_in("editor", PASSWORD, address="10.0.0.9").status_code == 429
    assert signed_in(sign_in("editor", PASSWORD, address="10.0.0.1"))


def test_failures_for_one_user_name_from_many_addresses_lock_it_out(editor):
    for number in range(5):
        fail(1, address=f"10.0.1.{number}")

    assert sign_in("editor", PASSWORD, address="10.0.2.1").status_code == 429


def test_the_limit_and_cool_off_are_settings(editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=1)

    assert fail(2) == [200, 429]
    assert sign_in("editor", PASSWORD)["Retry-After"] == "60"


def test_the_lockout_ends_with_the_cool_off(editor):
    fail(5)
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - datetime.timedelta(minutes=31)
    )

    assert signed_in(sign_in("editor", PASSWORD))


def test_a_successful_sign_in_forgets_earlier_failures(editor):
    fail(4)
    assert signed_in(sign_in("editor", PASSWORD))

    assert fail(4) == [200] * 4
    assert signed_in(sign_in("editor", PASSWORD))


@pytest.mark.parametrize(
    "command",
    [
        ["axes_reset_username", "editor"],
        ["axes_reset_ip", "10.0.0.1"],
        ["axes_reset"],
    ],
    ids=lambda command: command[0],
)
def test_an_administrator_unlocks_with_a_command(editor, command, capsys):
    fail(5)

    call_command(*command)

    assert "attempts removed." in capsys.readouterr().out
    assert signed_in(sign_in("editor", PASSWORD))


def test_api_tokens_are_not_subject_to_the_lockout(editor):
    fail(5)
    assert sign_in("editor", PASSWORD).status_code == 429

    response = token_client(editor).get("/api/v1/agreements/")

    assert response.status_code == 200
