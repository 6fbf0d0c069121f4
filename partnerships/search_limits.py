"""How much one search may ask for: at most 10 terms and 200 characters.

Each term is looked for in every searchable field, so a search's query grows
with its terms: 500 terms made a query SQLite refuses to parse ("Expression
tree is too large", a 500) and 1,500 cost PostgreSQL about a second a request.
A reader looks for a few words; a longer search is refused with a 400 that
names the parameter, on the site (`q`) as in the API (`search`), before any
query runs.

The site counts words (separated by spaces); the API counts its search terms
(separated by spaces or commas, a "quoted phrase" counting as one).
"""

MAX_TERMS = 10
MAX_LENGTH = 200


def too_long(param: str, value: str) -> str | None:
    """Why `value` is too long a search, or None; checked before it is split."""
    if len(value) > MAX_LENGTH:
        return (
            f"The search ({param}) is {len(value):,} characters long: "
            f"give at most {MAX_LENGTH}."
        )
    return None


def too_many_terms(param: str, terms: list[str], unit: str = "terms") -> str | None:
    """Why a search of these `terms` asks for too much, or None."""
    if len(terms) > MAX_TERMS:
        return (
            f"The search ({param}) has {len(terms):,} {unit}: give at most {MAX_TERMS}."
        )
    return None
