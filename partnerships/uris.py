"""Web addresses the tracker stores: RFC 3986 URIs and nothing looser.

Django's URLValidator checks the scheme and the host but lets a path, query or
fragment hold any character that is not a space: `"`, `<`, `>`, `{`, `|`,
`\\`, `^`, a backquote or non-ASCII letters. RFC 3986 (and the API schema's
`format: uri`) allow only its own characters there; anything else must be
percent-encoded (`%22` for `"`). A stored address is shown as a link on every
page and in the API, so `validate_uri` sits on the model field, next to its
URLValidator: the admin, imports and the API all share the rule.
"""

import re

from django.core.exceptions import ValidationError

# RFC 3986, section 2: unreserved, gen-delims and sub-delims; `%` only as the
# start of a percent-encoded octet, checked apart.
URI_CHARACTERS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    "-._~" + ":/?#[]@" + "!$&'()*+,;=" + "%"
)
PERCENT_ENCODED = re.compile(r"%(?![0-9A-Fa-f]{2})")
AUTHORITY_END = re.compile(r"[/?#]|$")


def percent_encoded(character: str) -> str:
    return "".join(f"%{byte:02X}" for byte in character.encode())


def uri_problem(value: str) -> str | None:
    """Why `value` is not an RFC 3986 URI by its characters, or None."""
    # `[` and `]` only enclose an IP address host (`http://[2001:db8::1]/`).
    host_end = AUTHORITY_END.search(value, value.find("//") + 2 if "//" in value else 0)
    for position, character in enumerate(value):
        in_path = host_end is None or position >= host_end.start()
        if character not in URI_CHARACTERS or (in_path and character in "[]"):
            shown = (
                repr(character)
                if character.isprintable()
                else f"U+{ord(character):04X}"
            )
            return (
                f"Not a valid URI (RFC 3986): the character {shown} at position "
                f"{position + 1} must be percent-encoded as {percent_encoded(character)}."
            )
    stray = PERCENT_ENCODED.search(value)
    if stray is not None:
        return (
            f"Not a valid URI (RFC 3986): the '%' at position {stray.start() + 1} "
            "must start a percent-encoded octet such as %20 (write a '%' itself as %25)."
        )
    return None


def validate_uri(value) -> None:
    """Refuse an address with a character RFC 3986 does not allow; the field's
    own URLValidator checks the rest (scheme, host)."""
    problem = uri_problem(value) if isinstance(value, str) else None
    if problem is not None:
        raise ValidationError(problem, code="invalid_uri")
