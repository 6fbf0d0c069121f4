"""Slugs made from titles and names, the server's rule being the one that counts.

Dashes and punctuation separate words, as spaces do: "Microsoft–CoreWeave
compute deal" is `microsoft-coreweave-compute-deal`, where Django's slugify
(and the admin's URLify) would drop the en dash and run the names together.
Apostrophes join ("OpenAI's" is `openais`); accents are dropped ("Société" is
`societe`); what has no Latin letters or digits gives "".
"""

import re
import unicodedata

_APOSTROPHES = re.compile(r"['’ʼ]")
_SEPARATORS = re.compile(r"[^a-z0-9]+")


def _spaced(character: str) -> str:
    """Letters and digits stay, accents go, anything else separates words."""
    category = unicodedata.category(character)
    if category.startswith("M"):
        return ""
    return character if category[0] in "LN" else " "


def slug_from(text: str, max_length: int | None = None) -> str:
    decomposed = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", text))
    spaced = "".join(_spaced(character) for character in decomposed)
    ascii_text = spaced.encode("ascii", "ignore").decode()
    slug = _SEPARATORS.sub("-", ascii_text.lower()).strip("-")
    if max_length is not None:
        slug = slug[:max_length].rstrip("-")
    return slug
