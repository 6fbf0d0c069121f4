import uuid

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from partnerships.services import editors_group_ensure

ARTICLE_FIXTURES = ["article"]

# The browser tests' fixtures (chromium, a live server with the article).
pytest_plugins = ["tests.browser", "tests.webhook_receiver"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, tmp_path_factory
):
    """On SQLite the test database is a file, as the site's is: an in-memory one
    is a single connection shared by every thread, which hides what concurrent
    requests do to each other. Each xdist worker has a directory of its own."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        name = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)


@pytest.fixture
def article(db):
    """The article's records, loaded as `make run` loads them."""
    call_command("loaddata", *ARTICLE_FIXTURES, verbosity=0)


@pytest.fixture
def editor(db):
    """A member of the Editors group, as `make editor` creates one."""
    user = get_user_model().objects.create_user(
        username="editor", password="correct horse battery staple", is_staff=True
    )
    user.groups.add(editors_group_ensure())
    return user


@pytest.fixture
def reviewer(db):
    """A second member of the Editors group: who reviews and publishes the first
    editor's drafts (editorial.review)."""
    user = get_user_model().objects.create_user(
        username="reviewer", password="correct horse battery staple", is_staff=True
    )
    user.groups.add(editors_group_ensure())
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(scope="session")
def empty_downloads_root(tmp_path_factory):
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(autouse=True)
def downloads_outside_the_checkout(settings, empty_downloads_root):
    """No test reads or writes the checkout's own downloads (var/downloads):
    the full downloads are "not generated yet" unless a test exports them."""
    settings.DOWNLOADS_ROOT = empty_downloads_root


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Tasks run where they are queued, before `enqueue()` returns, as Django's
    ImmediateBackend runs them; test_import_worker.py goes through the worker."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """Each test starts with no rate-limit counts and no cached sessions: a key
    prefix of its own in the configured cache (clearing a shared Redis would
    wipe the keys of tests running beside it)."""
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
        for name, config in settings.CACHES.items()
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(request, settings):
    """Passwords hashed in a millisecond, not the 0.6 s production's PBKDF2 takes
    on this machine (hundreds of tests create or sign in an editor). The
    two-process test keeps the default: its servers verify the hashes it makes."""
    if not request.node.get_closest_marker("two_processes"):
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def generous_rate_limits(settings):
    """Limits a test sending thousands of requests as one client cannot reach."""
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "1000000/day")
