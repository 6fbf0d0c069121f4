"""A company's group: the company and what it owns, as readers think of it.

Amazon Web Services, not Amazon, is party to the agreements Amazon is known
for, so a reader asking about Amazon means Amazon with what it owns. The group
of a company is the company, what it owns, what those own and what *those*
own: three levels down (`GROUP_DEPTH`), read by a fixed chain of joins
(`company`, `company__parent`, `company__parent__parent` ...) in one query,
never by walking the tree company by company. Ownership deeper than that is
not part of the group.

A group is what its reader sees: a company the reader may not see is not in
it, and neither is anything owned through it. Site and API read groups here,
each through its `Reader`.
"""

from collections.abc import Iterable

from django.db.models import F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery

from partnerships.models import AgreementParty, Company
from partnerships.visibility import Reader

GROUP_DEPTH = 3


def in_group(reader: Reader, owner, path: str = "company") -> Q:
    """Rows whose company at `path` belongs to the group of `owner`: a company,
    a queryset of companies, or an expression such as `OuterRef("pk")`."""
    lookup = "__in" if isinstance(owner, QuerySet) else ""
    condition = Q()
    seen = Q()
    link = path
    for _ in range(GROUP_DEPTH + 1):
        # Every company on the way up, the owner included, is one the reader sees.
        seen &= reader.condition(link, Company)
        condition |= seen & Q(**{f"{link}{lookup}": owner})
        link = f"{link}__parent"
    return condition


def members(owner: Company | QuerySet) -> QuerySet:
    """The ids of every company in the group of `owner` (a company or a
    queryset of them) whoever reads it, found by owner from the companies'
    index, level by level: a superset of a reader's group (`in_group` then
    says which of them this reader sees) that lets the party rows be read by
    company from their index rather than all of them be tested."""
    companies = Company._default_manager
    if isinstance(owner, QuerySet):
        level = companies.filter(parent__in=owner).values("pk")
        condition = Q(pk__in=owner.values("pk"))
    else:
        level = companies.filter(parent=owner).values("pk")
        condition = Q(pk=owner.pk)
    for _ in range(GROUP_DEPTH):
        condition |= Q(pk__in=level)
        level = companies.filter(parent__in=level).values("pk")
    return companies.filter(condition).values("pk")


def group_parties(reader: Reader, owner) -> QuerySet:
    """The party rows (agreements the reader sees) of `owner`'s group."""
    parties = reader.links(AgreementParty).filter(in_group(reader, owner))
    if isinstance(owner, Company | QuerySet):
        # Not for an outer query's company (an expression): there each row
        # would run these subqueries again.
        parties = parties.filter(company__in=members(owner))
    return parties


def group_agreement_count(
    reader: Reader, owner=None, agreements: QuerySet | None = None
) -> Subquery:
    """How many agreements the group of `owner` (by default the company of the
    outer query) is party to, among `agreements` if given: an annotation."""
    parties = group_parties(reader, OuterRef("pk") if owner is None else owner)
    if agreements is not None:
        parties = parties.filter(agreement__in=agreements.order_by().values("pk"))
    distinct_agreements = Func(
        F("agreement"),
        function="COUNT",
        template="%(function)s(DISTINCT %(expressions)s)",
        output_field=IntegerField(),
    )
    return Subquery(parties.order_by().values(n=distinct_agreements))


def owners(reader: Reader) -> QuerySet:
    """Companies the reader sees that own a company the reader sees."""
    owned = (
        reader.records(Company)
        .filter(reader.condition("parent", Company), parent__isnull=False)
        .values("parent")
    )
    return reader.records(Company).filter(pk__in=owned)


def top_owners(owned: Iterable[Company]) -> dict[int, Company]:
    """Each of the `owned` companies' highest owner within `GROUP_DEPTH` levels:
    the company whose group it is drawn in. `owned` holds every company with an
    owner the reader sees, that owner loaded as `parent`."""
    parent_of = {company.pk: company.parent for company in owned}
    tops = {}
    for company_pk, parent in parent_of.items():
        top = parent
        for _ in range(GROUP_DEPTH - 1):
            above = parent_of.get(top.pk)
            if above is None:
                break
            top = above
        tops[company_pk] = top
    return tops
