"""What browsers and crawlers ask every site for: /robots.txt, /favicon.ico.

robots.txt lets crawlers read every public page and the API, names the
sitemap, and asks them to keep out of the editors' admin and not to fetch CSV
downloads (a whole list each, counted against a client's CSV limit: a crawler
gains nothing from them that the pages do not give). It names no record, so
the public boundary has nothing to filter in it.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from partnerships import site_address
from partnerships.templatetags.browse import asset

ROBOTS = """\
User-agent: *
Disallow: /admin/
Disallow: /*format=csv
Allow: /

Sitemap: {sitemap}
"""


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = site_address.absolute(reverse("partnerships:sitemap"), request)
    return HttpResponse(ROBOTS.format(sitemap=sitemap), content_type="text/plain")


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """The site's icon is an SVG (static/partnerships/favicon.svg); browsers
    that ask for /favicon.ico are sent there. A temporary redirect, as the
    icon's static URL changes with its content."""
    return HttpResponseRedirect(asset("partnerships/favicon.svg"))
