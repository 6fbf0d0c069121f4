"""Webhook endpoints never reach inside our own network (SSRF).

An editor types a URL and the task worker POSTs to it: without a check, a URL
naming 127.0.0.1, 10.0.0.5, 169.254.169.254 (a cloud's metadata service) or a
host name that resolves to one would make the worker call private services.
So a host is resolved and EVERY address it resolves to must be public; the
check runs when the endpoint is saved and again at each delivery, and the
delivery connects to the very address that was checked, so a name that
resolves to a public address at the check and a private one a moment later
(DNS rebinding) reaches nothing private. `WEBHOOKS_ALLOW_PRIVATE_ADDRESSES`
(off unless the environment turns it on) lifts the rule for tests and local
development.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

SCHEMES = {"http": 80, "https": 443}


class RefusedAddress(ValueError):
    """The URL may not be called; the message says why, for the editor."""


def unsafe(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def checked_target(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, address to connect to) for `url`, or
    `RefusedAddress` saying why it may not be called."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise RefusedAddress("Give an http:// or https:// URL.")
    if parts.username or parts.password:
        raise RefusedAddress("Leave user names and passwords out of the URL.")
    host = parts.hostname
    if not host:
        raise RefusedAddress("The URL names no host.")
    try:
        port = parts.port or SCHEMES[parts.scheme]
    except ValueError:
        raise RefusedAddress(
            "The URL's port is not a number from 1 to 65535."
        ) from None
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise RefusedAddress(f"The host {host!r} cannot be resolved.") from None
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not addresses:
        raise RefusedAddress(f"The host {host!r} cannot be resolved.")
    if not settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        private = [address for address in addresses if unsafe(address)]
        if private:
            raise RefusedAddress(
                f"{host} resolves to {', '.join(private)}: a private, loopback, "
                "link-local or reserved address, which webhooks may not call."
            )
    return parts.scheme, host, port, addresses[0]
