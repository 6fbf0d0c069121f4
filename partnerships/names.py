"""Name keys: what two names share when they name the same thing.

"CoreWeave, Inc.", "coreweave" and "Core-Weave Corp" are one company written
three ways; "微軟" and "微软" are one name in traditional and simplified
characters. A name's key folds those differences away, so that the admin can
warn of a likely duplicate before an editor saves one, by comparing keys in an
indexed column (`name_key`) rather than every name in Python.

The key: traditional Chinese taken to simplified (zhconv), Unicode compatibility
forms folded (full-width letters), case folded, accents dropped, legal suffixes
("Inc.", "Corp", "Ltd", "LLC", "有限公司", "股份有限公司" ...) dropped from the end,
then everything that is not a letter or a digit removed (spaces, dashes,
punctuation). A name made only of a suffix keeps it: "Ltd" is not "".
"""

import re
import unicodedata

import zhconv

# Longest first: "股份有限公司" before "有限公司", "co ltd" before "ltd".
LEGAL_SUFFIXES = sorted(
    [
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "co ltd",
        "llc",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "ab",
        "bv",
        "nv",
        "pte ltd",
        "pty ltd",
        "kk",
        "有限公司",
        "股份有限公司",
        "有限责任公司",
        "股份公司",
        "集团有限公司",
        "株式会社",
    ],
    key=len,
    reverse=True,
)

_WORDS = re.compile(r"[^\w]+")
_SUFFIX = re.compile(
    r"(?:^|(?<=\s)|(?<=[^\x00-\x7f]))(?:"
    + "|".join(re.escape(suffix) for suffix in LEGAL_SUFFIXES)
    + r")$"
)


def _folded(name: str) -> str:
    simplified = zhconv.convert(unicodedata.normalize("NFKC", name), "zh-hans")
    decomposed = unicodedata.normalize("NFKD", simplified.casefold())
    without_accents = "".join(
        character
        for character in decomposed
        if not unicodedata.category(character).startswith("M")
    )
    return " ".join(_WORDS.sub(" ", without_accents).replace("_", " ").split())


def name_key(name: str) -> str:
    """The key two names share when they differ only in case, punctuation,
    spacing, legal suffix or Chinese script: "CoreWeave, Inc." is "coreweave"."""
    words = _folded(name)
    while True:
        shorter = _SUFFIX.sub("", words).strip()
        if not shorter or shorter == words:
            break
        words = shorter
    return words.replace(" ", "")


def keyed_fields() -> dict:
    """Each model with a `name_key`, and the field it is the key of."""
    from partnerships.models import Company, CompanyAlias, Person, Source

    return {Company: "name", CompanyAlias: "name", Person: "name", Source: "title"}


def keep_name_key(sender, instance, **kwargs) -> None:
    """`pre_save`: the key follows the name on every save, loaddata's included."""
    instance.name_key = name_key(getattr(instance, keyed_fields()[sender]))
