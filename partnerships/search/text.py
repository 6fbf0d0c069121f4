"""Text as the search index holds it: the same tokens on SQLite and PostgreSQL.

Neither database's own parser is trusted to split words: PostgreSQL's does not
segment Chinese and SQLite's tokenizers differ from it. So this module makes
the tokens, and both databases only look them up: a token is a run of letters
and digits, lowercased, accents folded ("Nestlé" is "nestle"); Chinese and
Japanese, written without spaces, become overlapping pairs of characters
("甲骨文" is "甲骨 骨文 文"), so any two characters of a name find it. The last
character of a run stands alone as well, so that one character finds every
record that holds it (each character begins some token, and a search's
last word is looked up as a prefix).

Names also get every three letters of each word (`grams`), so that part of a
name finds it as LIKE did: "soft" finds Microsoft.
"""

import unicodedata

GRAM = 3
# A longer word is kept, and looked up, by its first letters: PostgreSQL refuses
# a lexeme over 2,047 bytes, and no one searches for more (a search is at most
# 200 characters, `search_limits`).
MAX_WORD = 100


def is_cjk(character: str) -> bool:
    """Han ideographs, kana: scripts written without spaces between words."""
    code = ord(character)
    return (
        0x3040 <= code <= 0x30FF  # Hiragana, Katakana
        or 0x3400 <= code <= 0x4DBF  # CJK Extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK Unified Ideographs
        or 0xF900 <= code <= 0xFAFF  # CJK Compatibility Ideographs
        or 0x20000 <= code <= 0x2FA1F  # Extensions B to F, compatibility
    )


def words(text: str) -> list[str]:
    """Runs of letters and digits, lowercased and without accents, of at most
    `MAX_WORD` letters; a run of Chinese or Japanese characters is a word of
    its own."""
    folded = "".join(
        character
        for character in unicodedata.normalize("NFKD", text or "").casefold()
        if not unicodedata.category(character).startswith("M")
    )
    found: list[str] = []
    current: list[str] = []
    current_cjk = False
    for character in folded:
        if character.isalnum():
            cjk = is_cjk(character)
            if current and cjk != current_cjk:
                found.append("".join(current))
                current = []
            current.append(character)
            current_cjk = cjk
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return [word[:MAX_WORD] for word in found]


def pairs(word: str) -> list[str]:
    """Overlapping pairs of a Chinese or Japanese run, as a search looks them up."""
    if len(word) == 1:
        return [word]
    return [word[i : i + 2] for i in range(len(word) - 1)]


def index_tokens(text: str) -> list[str]:
    """The tokens a record's text is found by."""
    tokens = []
    for word in words(text):
        if is_cjk(word[0]):
            tokens.extend(pairs(word))
            if len(word) > 1:
                tokens.append(word[-1])
        else:
            tokens.append(word)
    return tokens


def query_tokens(term: str) -> list[str]:
    """The tokens a search term must all find; its last is looked up as a prefix."""
    tokens = []
    for word in words(term):
        tokens.extend(pairs(word) if is_cjk(word[0]) else [word])
    return tokens


def grams(text: str) -> list[str]:
    """Every three letters of each word of a name that is not Chinese or Japanese."""
    found = []
    for word in words(text):
        if not is_cjk(word[0]):
            found.extend(word[i : i + GRAM] for i in range(len(word) - GRAM + 1))
    return found


def query_grams(term: str) -> list[str]:
    """The three-letter pieces a term needs to be found inside a name, or []
    when a word of it is too short to have any (it is then looked up whole)."""
    found = []
    for word in words(term):
        if is_cjk(word[0]) or len(word) < GRAM:
            return []
        found.extend(word[i : i + GRAM] for i in range(len(word) - GRAM + 1))
    return found


def joined(tokens: list[str]) -> str:
    """Tokens as the index stores them: distinct, in order, separated by spaces."""
    return " ".join(dict.fromkeys(tokens))
