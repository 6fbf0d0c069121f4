"""The site's own address, for absolute URLs: canonical links, `og:url`, the
API's `url` and `site_url`, the feed, the sitemap and robots.txt.

`SITE_URL` (settings, from the environment) fixes it, as a public site behind
a proxy wants: every absolute URL then names it, whichever host a request came
in on. Without `SITE_URL` an absolute URL follows the request's own host and
scheme, so that `make run HOST=127.0.0.1:18731` links to itself. That host is
one `ALLOWED_HOSTS` accepted: Django refuses any other before a view runs
(`request.get_host()`), so a forged `Host` header cannot plant its address in
a page.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest


def configured() -> str:
    """SITE_URL without its trailing slash, or "" when it is not set."""
    return (settings.SITE_URL or "").rstrip("/")


# A path `build_absolute_uri` would only put after the request's origin: no
# `//` host, no `.` or `..` segment, nothing it would quote.
PLAIN_PATH = re.compile(r"/(?!/)(?:[-A-Za-z0-9_~]|/(?!\.)|\.)*")


def absolute(path: str, request: HttpRequest | None) -> str:
    """`path` (starting with /) as an absolute URL on the site's address.

    Without SITE_URL and without a request (a command, say) the path stays as
    it is: a relative URL is better than an address that may not be this one.
    """
    if configured():
        return configured() + path
    if request is None:
        return path
    if PLAIN_PATH.fullmatch(path):
        # An API page names some 14 addresses per record: the request's
        # origin is worked out once, not parsed and quoted for each.
        return _origin(request) + path
    return request.build_absolute_uri(path)


def _origin(request: HttpRequest) -> str:
    origin = getattr(request, "_site_origin", None)
    if origin is None:
        origin = request._site_origin = request.build_absolute_uri("/")[:-1]
    return origin


def on_site(path: str) -> str:
    """`path` on SITE_URL when it is set, else the path, to which the feed
    and the sitemap add the request's host themselves."""
    return configured() + path if configured() else path


def domain_and_scheme(request: HttpRequest) -> tuple[str, str]:
    """The host (with any port) and scheme absolute URLs use for `request`."""
    if configured():
        parts = urlsplit(configured())
        return parts.netloc, parts.scheme
    return request.get_host(), request.scheme
