"""Every kind of public page, checked by axe-core in chromium at desktop and
phone width: no critical and no serious violation.

axe-core comes from the project's test dependencies (axe-playwright-python
bundles axe.min.js), never from a CDN. It is run with `page.evaluate`, which
the page's Content-Security-Policy does not govern, as a script tag would be.
`pytest -s` prints each page's count of violations by impact.
"""

from collections import Counter
from importlib import resources

import pytest

from tests.browser import DESKTOP, PHONE, Problems

pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

AXE_SOURCE = resources.files("axe_playwright_python").joinpath("axe.min.js")

# One page of each kind a reader can reach, the error pages included.
PUBLIC_PAGES = {
    "home": "/",
    "agreements": "/agreements/",
    "companies": "/companies/",
    "statements": "/statements/",
    "people": "/people/",
    "sources": "/sources/",
    "agreement (AWS)": "/agreements/openai-aws-cloud-compute/",
    "agreement (NVIDIA)": "/agreements/openai-nvidia-10gw-partnership/",
    "agreement (superseded)": "/agreements/openai-microsoft-azure-exclusive-cloud/",
    "company": "/companies/openai/",
    "company group": "/companies/amazon/",
    "statement": "/statements/altman-not-the-case/",
    "person": "/people/sam-altman/",
    "source": "/sources/yoky-openai-moves-faster-than-anyone-imagined/",
    "search": "/search/?q=Azure",
    "search, nothing found": "/search/?q=zzzz",
    "timeline": "/timeline/",
    "network": "/network/",
    "network of groups": "/network/?groups=1",
    "timeline of a company": "/timeline/?company=openai",
    "timeline of a year": "/timeline/?year=2025",
    "network around a company": "/network/?company=openai",
    "every choice of a facet": "/agreements/?more=company",
    "downloads": "/downloads/",
    "embedded agreement card": "/embed/agreements/openai-nvidia-10gw-partnership/",
    "embedded company card": "/embed/companies/openai/",
    "not found (404)": "/agreements/no-such-agreement/",
    "bad request (400)": "/agreements/?sort=bogus",
    "alert link that does not work (404)": "/alerts/confirm/not-a-token/",
}

BLOCKING = ("critical", "serious")


def axe_violations(page) -> list[dict]:
    """The violations axe-core finds on the page as it stands."""
    page.evaluate(AXE_SOURCE.read_text())
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def described(violation: dict) -> str:
    targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
    return f"{violation['impact']} {violation['id']}: {violation['help']} at {targets}"


@pytest.mark.parametrize(
    ("width_name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)]
)
def test_no_public_page_has_a_critical_or_serious_violation(
    site, browser, width_name, viewport
):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    problems = Problems()
    problems.watch(page)
    blocking = []
    for name, path in PUBLIC_PAGES.items():
        page.goto(site + path)
        violations = axe_violations(page)
        counts = Counter(violation["impact"] for violation in violations)
        print(
            f"{width_name:7} {name:24} "
            + ", ".join(
                f"{impact} {counts[impact]}"
                for impact in (*BLOCKING, "moderate", "minor")
            )
        )
        blocking += [
            f"{path} ({width_name}): {described(violation)}"
            for violation in violations
            if violation["impact"] in BLOCKING
        ]
    context.close()
    assert blocking == []
    assert problems == []


def test_axe_finds_a_serious_violation_when_there_is_one(site, page):
    """The check can fail: an image link without a name is serious."""
    page.goto(site + "/")
    page.evaluate(
        """() => document.querySelector("main").insertAdjacentHTML(
            "beforeend", '<a href="/"><svg width="10" height="10"></svg></a>')"""
    )
    ids = {v["id"] for v in axe_violations(page) if v["impact"] in BLOCKING}
    assert "link-name" in ids
