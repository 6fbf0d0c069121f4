"""The public pages: what the public may see, a fixed number of queries each.

Every queryset and every relation a page shows comes from the public reader
(`partnerships.visibility.PUBLIC`), so a draft never shows up, not even as a
counterparty or in a count.
"""

from partnerships.views.explore import (
    network,
    network_grouped,
    timeline,
)
from partnerships.views.home import (
    home,
)
from partnerships.views.lists import (
    AgreementList,
    CompanyList,
    PersonList,
    SourceList,
    StatementList,
    agreement_list,
    company_list,
    person_list,
    source_list,
    statement_list,
)
from partnerships.views.public import (
    public_citations,
    public_parties,
    public_readings,
    public_statements,
    public_value_totals,
)
from partnerships.views.records import (
    agreement_detail,
    company_detail,
    person_detail,
    source_detail,
    statement_detail,
)
from partnerships.views.search import (
    SEARCH_LIMIT,
    search,
)

__all__ = [
    "public_parties",
    "public_citations",
    "public_readings",
    "public_value_totals",
    "public_statements",
    "home",
    "AgreementList",
    "CompanyList",
    "StatementList",
    "PersonList",
    "SourceList",
    "agreement_list",
    "company_list",
    "statement_list",
    "person_list",
    "source_list",
    "agreement_detail",
    "company_detail",
    "statement_detail",
    "person_detail",
    "source_detail",
    "SEARCH_LIMIT",
    "search",
    "timeline",
    "network_grouped",
    "network",
]
