"""Mail goes by SMTP as the environment sets it (EMAIL_HOST and the rest), to
files with EMAIL_FILE_PATH, else to the console; a value that cannot work
stops the start, naming its variable."""

import json
import os
import subprocess
import sys

from django.conf import settings as django_settings

SHOW = (
    "import json, tracker.settings as s; "
    "print(json.dumps({'mailers': s.MAILERS, 'from': s.DEFAULT_FROM_EMAIL}))"
)


def start(**env: str) -> subprocess.CompletedProcess:
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("EMAIL_") and name != "DEFAULT_FROM_EMAIL"
    }
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        env={**clean, "DEVELOPMENT": "1", **env},
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def started(**env: str) -> dict:
    result = start(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_a_mail_server_mails_are_printed():
    assert started()["mailers"] == {
        "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    }


def test_a_folder_gets_one_file_per_mail():
    assert started(EMAIL_FILE_PATH="/tmp/mails")["mailers"]["default"] == {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": "/tmp/mails"},
    }


def test_smtp_comes_from_the_environment():
    shown = started(
        EMAIL_HOST="smtp.example",
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="tracker",
        EMAIL_HOST_PASSWORD="secret",
        EMAIL_USE_TLS="0",
        DEFAULT_FROM_EMAIL="Tracker <alerts@tracker.example>",
    )

    assert shown["mailers"]["default"] == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "smtp.example",
            "port": 2525,
            "username": "tracker",
            "password": "secret",
            "use_tls": False,
            "timeout": 20,
        },
    }
    assert shown["from"] == "Tracker <alerts@tracker.example>"


def test_a_port_that_is_not_a_number_stops_the_start():
    result = start(EMAIL_HOST="smtp.example", EMAIL_PORT="smtp")

    assert result.returncode != 0
    assert "EMAIL_PORT: give a whole number, not 'smtp'." in result.stderr
