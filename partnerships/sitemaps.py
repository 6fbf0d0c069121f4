"""sitemap.xml: every public page, published records only.

`/sitemap.xml` is a sitemap index (the protocol's answer to size): it names one
file per section (`/sitemap-agreements.xml`, ...), and a section longer than
`SITEMAP_LIMIT` URLs (5,000; the protocol's limit is 50,000) is split into pages
(`?p=2`, ...), each listed in the index. No file grows with the data past that
limit, and the index costs one query per section (its count and latest change
together), whatever the number of records.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.db.models import Count, Max
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.timezone import localtime

from partnerships import site_address
from partnerships.models import Agreement, Company, Person, Source, Statement
from partnerships.visibility import PUBLIC
from readercache import counts


class OnSiteSitemap(Sitemap):
    """Locations on SITE_URL when it is set, else on the request's host."""

    @property
    def limit(self) -> int:
        return settings.SITEMAP_LIMIT

    def get_protocol(self, protocol=None) -> str:
        configured = site_address.configured()
        return (
            urlsplit(configured).scheme
            if configured
            else super().get_protocol(protocol)
        )

    def get_domain(self, site=None) -> str:
        configured = site_address.configured()
        return urlsplit(configured).netloc if configured else super().get_domain(site)

    def extent(self) -> tuple[int, datetime.datetime | None]:
        """How many files this section takes, and its latest change: what
        the index names it by."""
        return self.paginator.num_pages, self.get_latest_lastmod()


class PagesSitemap(OnSiteSitemap):
    priority = 0.6

    def items(self) -> list[str]:
        return [
            "partnerships:home",
            "partnerships:agreement-list",
            "partnerships:company-list",
            "partnerships:statement-list",
            "partnerships:person-list",
            "partnerships:source-list",
            "partnerships:timeline",
            "partnerships:network",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class RecordSitemap(OnSiteSitemap):
    model = None

    def items(self):
        return PUBLIC.records(self.model).order_by("slug")

    def lastmod(self, record):
        return record.updated_at

    def get_latest_lastmod(self):
        # Django's default reads every item to find the latest.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]

    def extent(self) -> tuple[int, datetime.datetime | None]:
        # One pass over the records for both (a count, then the latest,
        # read the biggest section, statements with their speakers, twice).
        figures = counts.remembered(
            "sitemap.extent",
            (self.model._meta.label,),
            lambda: self.items().aggregate(count=Count("pk"), latest=Max("updated_at")),
        )
        pages = max(1, -(-figures["count"] // self.limit))
        return pages, figures["latest"]


def record_sitemap(model) -> type[RecordSitemap]:
    return type(f"{model.__name__}Sitemap", (RecordSitemap,), {"model": model})


SITEMAPS = {
    "pages": PagesSitemap,
    "agreements": record_sitemap(Agreement),
    "companies": record_sitemap(Company),
    "statements": record_sitemap(Statement),
    "people": record_sitemap(Person),
    "sources": record_sitemap(Source),
}


@dataclass(frozen=True)
class IndexEntry:
    location: str
    last_mod: str = ""  # ISO 8601, as Django's index writes it (`date:"c"`)


@x_robots_tag
def index(request: HttpRequest) -> TemplateResponse:
    """The sitemap index: each section's file, and each further page of it.
    A section's pages share its latest change, written once: formatting it
    per page in the template took half the index's time at L (95 pages)."""
    domain, scheme = site_address.domain_and_scheme(request)
    entries = []
    changes = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = f"{scheme}://{domain}" + reverse(
            "partnerships:sitemap-section", kwargs={"section": section}
        )
        pages, last_mod = sitemap.extent()
        written = localtime(last_mod).isoformat() if last_mod else ""
        if last_mod:
            changes.append(last_mod)
        entries.append(IndexEntry(location, written))
        for page in range(2, pages + 1):
            entries.append(IndexEntry(f"{location}?p={page}", written))
    latest = max(changes, default=None)
    headers = {"Last-Modified": http_date(latest.timestamp())} if latest else None
    return TemplateResponse(
        request,
        "partnerships/sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
        headers=headers,
    )
