"""The editors' admin: where every record is curated, cited and published.

One module per aggregate registers its admin; Django's autodiscovery imports
this package, which imports them.
"""

from partnerships.admin import (  # noqa: F401
    agreements,
    companies,
    people,
    sources,
    statements,
    vocabularies,
)
