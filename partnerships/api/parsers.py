"""The API reads a JSON body only when it is small, readable and shallow.

A body over `DATA_UPLOAD_MAX_MEMORY_SIZE` is refused before it is read (413,
`errors.BodyTooLarge`). Text that is not in the request's encoding (UTF-8
unless the Content-Type says otherwise), JSON nested deeper than `MAX_DEPTH`
levels and malformed JSON are each a 400 naming `body`. Python's json module
recurses once per level, so JSON nested 10,000 deep would raise a RecursionError
(a 500): the depth is counted first, by a scan that does not recurse.
"""

import re

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

# The deepest record (an agreement's parties, commitments and citations) is
# three levels deep; fifty leaves room for any client and none for an attack.
MAX_DEPTH = 50

STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


class BodyError(ParseError):
    """A body the API cannot read, named as the field `body`."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.errors = {"body": [detail]}


def nesting_depth_exceeds(text: str, limit: int) -> bool:
    """Whether the arrays and objects in JSON `text` nest deeper than `limit`,
    brackets inside strings aside."""
    brackets = NOT_A_BRACKET.sub("", STRING.sub("", text))
    depth = 0
    for bracket in brackets:
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


class BoundedJSONParser(JSONParser):
    """DRF's JSONParser, refusing text it cannot decode and JSON nested deeper
    than MAX_DEPTH before parsing it."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        raw = stream.read()
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as error:
            byte, position = raw[error.start], error.start
            raise BodyError(
                f"The body is not {encoding.upper()} text: byte {byte:#04x} at "
                f"position {position} is not valid there. Send JSON in UTF-8."
            ) from None
        if nesting_depth_exceeds(text, MAX_DEPTH):
            raise BodyError(
                f"The body's JSON nests arrays and objects more than {MAX_DEPTH} "
                "levels deep; no record needs more than a few."
            )
        parse_constant = json.strict_constant if self.strict else None
        try:
            return json.loads(text, parse_constant=parse_constant)
        except ValueError as error:
            raise BodyError(f"The body is not valid JSON: {error}.") from None
