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

from collections import Counter
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from partnerships import paging
from partnerships.models import AgreementParty, Company
from partnerships.visibility import Reader

GROUP_DEPTH = 3


def in_group(reader: Reader, owner, path: str = "company") -> Q:
    """Rows whose company at `path` belongs to the group of `owner`: a company,
    a queryset of companies, or an expression such as `OuterRef("pk")`."""
    first, *deeper = (level.values("pk") for level in group_levels(reader, owner))
    return Q(**{f"{path}__in": first.union(*deeper, all=True)})


def group_levels(reader: Reader, owner) -> list[QuerySet]:
    """The companies of `owner`'s group, a level at a time: the owner, what it
    owns, what those own ... Each level is its own query, whose last link
    (`parent__parent = owner`, say) an index on `parent` finds, and the group
    is their UNION ALL: one query joining the levels with OR reads every
    company (or every agreement) to find one group."""
    if isinstance(owner, OuterRef):
        owner = OuterRef(owner)  # each level is a query within the caller's
    elif isinstance(owner, Company):
        owner = owner.pk
    lookup = "pk__in" if isinstance(owner, QuerySet) else "pk"
    everyone = Company._default_manager.all()
    levels = []
    seen = Q()
    link = ""
    for _ in range(GROUP_DEPTH + 1):
        # Every company on the way up, the owner included, is one the reader sees.
        seen &= reader.condition(link, Company)
        top = f"{link}__{lookup}" if link else lookup
        levels.append(everyone.filter(seen, **{top: owner}))
        link = f"{link}__parent" if link else "parent"
    return levels


def group_parties(reader: Reader, owner) -> QuerySet:
    """The party rows (agreements the reader sees) of `owner`'s group."""
    # in_group sees to the company end at every level.
    return reader.links(AgreementParty, checked=["company"]).filter(
        in_group(reader, owner)
    )


def group_agreement_count(reader: Reader, owner=None) -> Subquery:
    """How many agreements the group of `owner` (by default the company of the
    outer query) is party to: an annotation."""
    parties = group_parties(reader, OuterRef("pk") if owner is None else owner)
    return paging.counted(parties, "agreement", distinct=True)


def group_agreement_counts(
    reader: Reader, owners: QuerySet, agreements: QuerySet
) -> Counter:
    """How many of `agreements` the group of each of `owners` is party to, by
    the owner's (slug, name); owners with none left out. One query, the UNION
    ALL of a query per level, each read from the owners down: counted per
    owner in a subquery, SQLite re-read a group's levels for every agreement."""
    matching = Exists(agreements.order_by().filter(pk=OuterRef("agreement")))
    levels = []
    seen = Q()
    link = "company"
    for _ in range(GROUP_DEPTH + 1):
        seen &= reader.condition(link, Company)
        levels.append(
            reader.links(AgreementParty)
            .filter(seen, matching, **{f"{link}__in": owners.values("pk")})
            .order_by()
            .values_list(f"{link}__slug", f"{link}__name", "agreement")
        )
        link = f"{link}__parent"
    first, *deeper = levels
    rows = set(first.union(*deeper, all=True).order_by())
    return Counter((slug, name) for slug, name, _ in rows)


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
