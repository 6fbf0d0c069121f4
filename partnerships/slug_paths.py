"""A record's path by its slug, without `reverse()` per record.

A CSV of 100,000 agreements names some 14 pages per agreement (its own, its
parties', its sources' ...): `reverse()` walks the URL resolver each time, a
fifth of the time the download took. A view's path is reversed once, with a
placeholder for the slug, and the slug put in its place afterwards; a slug
that is not plain ASCII letters, digits, `-` and `_` (all that a slug
converter matches, and nothing `reverse()` would quote) goes through
`reverse()`, as does any view reversed under another URLconf or prefix.
"""

import re
from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
PLACEHOLDER = "slug-placeholder-0"


@cache
def _around_slug(view_name: str, urlconf: str, prefix: str) -> tuple[str, str]:
    path = reverse(view_name, urlconf=urlconf, kwargs={"slug": PLACEHOLDER})
    before, found, after = path.partition(PLACEHOLDER)
    if not found or PLACEHOLDER in after:
        raise ValueError(f"{view_name} does not name its slug once: {path}")
    return before, after


def slug_path(view_name: str, slug: str) -> str:
    """`reverse(view_name, kwargs={"slug": slug})`, for any number of slugs."""
    if not PLAIN_SLUG.fullmatch(slug):
        return reverse(view_name, kwargs={"slug": slug})
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    before, after = _around_slug(view_name, urlconf, get_script_prefix())
    return f"{before}{slug}{after}"
