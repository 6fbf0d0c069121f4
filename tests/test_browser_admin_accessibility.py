"""Every admin page an editor works on, checked by axe-core in chromium: the
add, change, changelist and history page of every registered ModelAdmin, and
the import pages (upload, per record type, a running job, a dry-run report).
No critical and no serious violation.

The ModelAdmins are read from the admin site's registry, so a model registered
later is checked without touching this file. A model with no record yet has no
change or history page to visit; a read-only admin has no add page. Both are
listed in the output. `pytest -s` prints each page's count of violations by
impact.
"""

from collections import Counter

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

from partnerships.import_jobs import import_job_start
from partnerships.imports import IMPORTERS
from partnerships.models import ImportJob
from tests.browser import DESKTOP, Problems
from tests.test_browser_accessibility import BLOCKING, axe_violations, described

pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def admin_pages(request) -> tuple[dict[str, str], list[str]]:
    """{page name: path} for every registered ModelAdmin, and what was skipped."""
    pages, skipped = {}, []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"{opts.app_label}.{opts.model_name}"
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        pages[f"{name} changelist"] = reverse(f"{prefix}_changelist")
        if model_admin.has_add_permission(request):
            pages[f"{name} add"] = reverse(f"{prefix}_add")
        else:
            skipped.append(f"{name} add (no add permission: read-only admin)")
        record = model._default_manager.order_by("pk").first()
        if record is None:
            skipped.append(f"{name} change and history (no record)")
            continue
        pages[f"{name} change"] = reverse(f"{prefix}_change", args=[record.pk])
        try:
            pages[f"{name} history"] = reverse(f"{prefix}_history", args=[record.pk])
        except NoReverseMatch:
            skipped.append(f"{name} history (no history page)")
    return pages, skipped


def import_pages(user) -> dict[str, str]:
    pages = {"import": reverse("partnerships-import")}
    for record_type in IMPORTERS:
        pages[f"import {record_type}"] = reverse(
            "partnerships-import", args=[record_type]
        )
    # The tests' task backend runs the dry run at once: its report is ready.
    done = import_job_start(
        owner=user,
        record_type="companies",
        filename="companies.csv",
        fmt="csv",
        content=(
            b"slug,name,publication_status\n"
            b"axe-new-company,Axe New Company,draft\n"
            b"openai,OpenAI,\n"
            b"bad-row,,draft\n"
        ),
    )
    pages["import report (dry run)"] = reverse(
        "partnerships-import-job", args=[done.pk]
    )
    queued = ImportJob.objects.create(
        owner=user, record_type="companies", filename="queued.csv", format="csv"
    )
    pages["import progress"] = reverse("partnerships-import-job", args=[queued.pk])
    return pages


def with_history(user) -> None:
    """The article's records come from a fixture, without history: one save of
    each first record gives its history page a version to list."""
    for model in admin.site._registry:
        record = model._default_manager.order_by("pk").first()
        if record is not None and hasattr(model, "history"):
            record._change_reason = "checked by axe"
            record._history_user = user
            record.save()


class FakeRequest:
    def __init__(self, user) -> None:
        self.user = user


def test_no_admin_page_has_a_critical_or_serious_violation(site, browser):
    user = get_user_model().objects.create_superuser(
        username="axe", password=PASSWORD, email="axe@example.org"
    )
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems = Problems()
    problems.watch(page)
    # A refused login first, so the lockout's admins have a record to show.
    for password in ("wrong password", PASSWORD):
        page.goto(site + "/admin/login/")
        page.get_by_label("Username").fill("axe")
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()

    with_history(user)
    pages, skipped = admin_pages(FakeRequest(user))
    pages.update(import_pages(user))
    blocking, failed = [], []
    print()
    for name, path in pages.items():
        problems.append(f"-- {name}")  # tags what follows; removed below
        response = page.goto(site + path)
        if response.status != 200:
            failed.append(f"{name} {path}: HTTP {response.status}")
            continue
        violations = axe_violations(page)
        counts, nodes = Counter(), Counter()
        for violation in violations:
            counts[violation["impact"]] += 1
            nodes[violation["impact"]] += len(violation["nodes"])
        print(
            f"{name:46} "
            + ", ".join(
                f"{impact} {counts[impact]} ({nodes[impact]} nodes)"
                for impact in (*BLOCKING, "moderate", "minor")
            )
        )
        blocking += [
            f"{path}: {described(violation)}"
            for violation in violations
            if violation["impact"] in BLOCKING
        ]
    for line in skipped:
        print(f"skipped: {line}")
    for line in blocking:
        print(line)
    context.close()
    print(*problems, sep="\n")
    problems[:] = [p for p in problems if not p.startswith("-- ")]
    assert failed == []
    assert blocking == []
    assert problems == []


def test_the_loop_covers_every_registered_admin(rf, admin_user):
    """A ModelAdmin registered later joins the check: its changelist is listed."""
    pages, _ = admin_pages(FakeRequest(admin_user))
    for model in admin.site._registry:
        opts = model._meta
        assert f"{opts.app_label}.{opts.model_name} changelist" in pages
