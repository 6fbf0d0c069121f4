"""A few words around a search's match, the match marked: what a result shows.

The text is an editor's, so it is escaped first and only then are the matches
wrapped in <mark>: nothing of the record's text can become markup. Matching is
case-insensitive as the database's `icontains` is, on the whole search as the
lists search it.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BEFORE = 60  # characters kept before the match
AFTER = 110  # and after it


@dataclass(frozen=True)
class Snippet:
    """Where the match is ("Summary", "English rendering") and the words."""

    field: str
    html: SafeString


def pattern(q: str) -> re.Pattern:
    return re.compile(re.escape(q), re.IGNORECASE)


def highlight(text: str, q: str) -> SafeString:
    """`text`, escaped, with each match of `q` in <mark>."""
    parts, last = [], 0
    for match in pattern(q).finditer(text):
        parts += [
            escape(text[last : match.start()]),
            f"<mark>{escape(match[0])}</mark>",
        ]
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


def excerpt(text: str, q: str) -> str | None:
    """The words around the first match of `q` in `text`, cut at spaces, with
    "…" where text was left out; None when `text` does not hold `q`."""
    found = pattern(q).search(text)
    if found is None:
        return None
    start = max(0, found.start() - BEFORE)
    end = min(len(text), found.end() + AFTER)
    if start > 0:
        space = text.find(" ", start, found.start())
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", found.end(), end)
        end = space if space != -1 else end
    words = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + words + ("…" if end < len(text) else "")


def snippet(fields: list[tuple[str, str]], q: str) -> Snippet | None:
    """The first of `fields` (label, text) that holds `q`, around its match;
    when none does (the match is in the title, or in a name it goes by
    elsewhere), the start of the first field with text, for context."""
    for label, text in fields:
        words = excerpt(text or "", q)
        if words is not None:
            return Snippet(label, highlight(words, q))
    for label, text in fields:
        if text:
            words = " ".join(text.split())
            cut = words[: BEFORE + AFTER].rsplit(" ", 1)[0]
            shown = cut + "…" if len(cut) < len(words) else words
            return Snippet(label, highlight(shown, q))
    return None
