"""sitemap.xml: every public page, published records only."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from partnerships import site_address
from partnerships.models import Agreement, Company, Person, Source, Statement
from partnerships.visibility import PUBLIC


class OnSiteSitemap(Sitemap):
    """Locations on SITE_URL when it is set, else on the request's host."""

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
