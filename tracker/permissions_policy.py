"""The Permissions-Policy header, which Django does not set itself.

`PERMISSIONS_POLICY` maps a browser feature to the origins that may use it
(an empty list: none), as in `{"camera": [], "fullscreen": ["self"]}`, and
becomes `camera=(), fullscreen=(self)` on every response.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Permissions-Policy"


def header_value(policy: dict[str, list[str]]) -> str:
    return ", ".join(
        f"{feature}=({' '.join(origins)})" for feature, origins in policy.items()
    )


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.value = header_value(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault(HEADER, self.value)
        return response
