"""Filters for the API lists: one FilterSet per resource, strict about its input.

Dates take a year, a month or a day (`2031`, `2031-06`, `2031-06-15`), read as
the whole period (`partnerships.qualified.parse_period`): `expires_before=2031`
is "ends before 2031 begins", `expires_after=2030` "ends after 2030 is over",
`announced_after=2025` "on or after 1 January 2025", `announced_before=2025`
"on or before 31 December 2025", `in_force_on=2031` "in force at some time in
2031". Amounts take `10bn`, `10 billion`, `500m` or a plain number
(`partnerships.qualified.parse_amount`).

A malformed value (`?expires_before=tomorrowish`) is a 400 naming the parameter
(django-filter's errors, raised by DjangoFilterBackend), and so is a parameter
the list does not know: a typo is never a silently ignored filter. A slug that
names no record simply matches nothing, and so does the slug of a record the
reader may not see: every related record is looked up through the reader
(`partnerships.visibility`), so the answer is the same, byte for byte.
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as FormError
from django.core.validators import RegexValidator
from django.db.models import F, QuerySet
from django.db.models.expressions import OrderBy
from django_filters.constants import EMPTY_VALUES
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter, SearchFilter

from partnerships import groups, search, search_limits
from partnerships.models import (
    UNDATED_AGREEMENT,
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Company,
    Exclusivity,
    PartyRole,
    Person,
    Source,
    SourceKind,
    Statement,
)
from partnerships.qualified import PreciseDate, parse_amount, parse_period
from partnerships.visibility import Reader

CURRENCY_PATTERN = r"^[A-Za-z]{3}$"
DEFAULT_CURRENCY = "USD"


AMOUNT_SCHEMA = {"type": "number", "minimum": 0, "maximum": 1e50}
# A day (what clients generate from `format: date`), or a year or a month; the
# year is 0001 to 9999, as the calendar has it.
YEAR_PATTERN = "([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
PERIOD_SCHEMA = {
    "anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "pattern": f"^{YEAR_PATTERN}(-(0[1-9]|1[0-2]))?$"},
    ]
}


class AmountField(forms.Field):
    """An amount from 0 to 1e50: `10000000000`, `1e10`, `10bn`, `10 billion`."""

    widget = forms.TextInput

    def to_python(self, value: str | None):
        if value in EMPTY_VALUES:
            return None
        try:
            return parse_amount(value)
        except ValueError as error:
            raise FormError(str(error)) from None


class Amount(django_filters.NumberFilter):
    """An amount, compared with the figure as reported: a qualifier ("up to",
    "about", "over") is not read into it, and every matching record shows its
    value with its qualifier (`value.display`)."""

    field_class = AmountField


class PeriodField(forms.Field):
    """A year, a month or a day: `2031`, `2031-06`, `2031-06-15`."""

    widget = forms.TextInput

    def to_python(self, value: str | None) -> PreciseDate | None:
        if value in EMPTY_VALUES:
            return None
        try:
            return parse_period(value)
        except ValueError as error:
            raise FormError(str(error)) from None


class Period(django_filters.DateFilter):
    """A date filter that takes a whole period. A lookup compares the period's
    first or last day, whichever keeps its meaning: on or after (`gte`) its
    first day, on or before (`lte`) its last day. A `method` receives the
    `PreciseDate` and picks the day itself."""

    field_class = PeriodField

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # The schema states both the forms and this filter's own meaning.
        schema = {**PERIOD_SCHEMA, "description": kwargs.get("help_text", "")}
        extend_schema_field(schema)(self)

    def filter(self, queryset: QuerySet, value: PreciseDate | None) -> QuerySet:
        if value in EMPTY_VALUES:
            return queryset
        edge = {"gte": value.first_day, "lte": value.last_day}[self.lookup_expr]
        return super().filter(queryset, edge)


class YesOrNoField(forms.Field):
    """true or false (in any case, as clients spell booleans), 1 or 0: anything
    else is refused, where django-filter would read it as "not given"."""

    widget = forms.TextInput
    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value: str | None) -> bool | None:
        if value in EMPTY_VALUES:
            return None
        if value.lower() not in self.VALUES:
            raise FormError(f"Give true or false (or 1 or 0), not {value!r}.")
        return self.VALUES[value.lower()]


class YesOrNo(django_filters.BooleanFilter):
    field_class = YesOrNoField


class ReaderFilterSet(django_filters.FilterSet):
    """A FilterSet that looks up related records as the request's reader sees them."""

    @property
    def reader(self) -> Reader:
        return Reader.of(getattr(self.request, "user", None))


class VisibleSlugFilter(django_filters.CharFilter):
    """The slug of a related record: matches only while the reader sees it."""

    def __init__(self, model, field_name: str, **kwargs) -> None:
        self.related_model = model
        super().__init__(field_name=field_name, **kwargs)

    def filter(self, queryset: QuerySet, value: str) -> QuerySet:
        if value in EMPTY_VALUES:
            return queryset
        related = self.parent.reader.named(self.related_model, value)
        return queryset.filter(**{f"{self.field_name}__in": related})


class AgreementFilterForm(forms.Form):
    """Rules between parameters, each valid alone: a parameter that applies only
    with another is refused without it, never silently ignored."""

    def clean(self) -> dict:
        cleaned = super().clean()
        alone = "include_undated" in self.data and "in_force_on" not in self.data
        if alone and not self.has_error("include_undated"):
            self.add_error(
                "include_undated",
                "include_undated applies only with in_force_on: give the day too, "
                "or leave include_undated out.",
            )
        if cleaned.get("include_owned") is not None and not cleaned.get("party"):
            self.add_error(
                "include_owned",
                "Give `party` too: include_owned adds the agreements of the "
                "companies that party owns.",
            )
        return cleaned


class AgreementFilter(ReaderFilterSet):
    party = django_filters.CharFilter(
        method="filter_party",
        help_text="Slug of a company that is a party (any role unless party_role).",
    )
    party_role = django_filters.ChoiceFilter(
        choices=PartyRole.choices,
        method="filter_party",
        help_text="Role of the party: with `party`, that company in that role.",
    )
    include_owned = YesOrNo(
        method="filter_party",
        help_text=(
            "With `party`: true (or 1) adds the agreements of the companies that "
            "party owns, down to three levels (`party=amazon&include_owned=true` "
            "gives Amazon Web Services' agreements too); false (or 0), the "
            "default, keeps to the party itself."
        ),
    )
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices)
    exclusivity = django_filters.ChoiceFilter(choices=Exclusivity.choices)
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices)
    in_force_on = Period(
        method="filter_in_force_on",
        help_text=(
            "Agreements in force on this day (YYYY-MM-DD), or at some time in "
            "this month (YYYY-MM) or year (YYYY): begun (effective date, or the "
            "announcement when that is unknown), not expired, not ended or "
            "superseded; a period counts whole (an expiry of “2030” runs to "
            "31 December 2030). Undated agreements are left out unless "
            "`include_undated`."
        ),
    )
    include_undated = YesOrNo(
        method="filter_in_force_on",
        help_text=(
            "Only with `in_force_on`: true to include undated agreements too, "
            "whose dates cannot say whether they were in force: "
            f"{UNDATED_AGREEMENT}. Even then a date they do have can rule "
            "them out (an expiry already over). Default false."
        ),
    )
    expires_before = Period(
        method="filter_expires_before",
        help_text=(
            "Expiry period ends before this day, month or year begins: "
            "`2031` keeps agreements through 2030 or earlier (an expiry of "
            "“2030” ends 31 December 2030)."
        ),
    )
    expires_after = Period(
        method="filter_expires_after",
        help_text=(
            "Expiry period ends after this day, month or year is over: `2030` "
            "keeps agreements running into 2031 or later."
        ),
    )
    value_min = Amount(
        field_name="value_amount",
        lookup_expr="gte",
        help_text=(
            "Value at least this amount, in `currency` (USD unless given): "
            "10000000000, 1e10, 10bn or 10 billion. The figure as reported is "
            "compared; its qualifier (“up to”, “about”) stays in `value.display`."
        ),
    )
    value_max = Amount(
        field_name="value_amount",
        lookup_expr="lte",
        help_text=(
            "Value at most this amount, in `currency` (USD unless given): "
            "500m, 500 million or 500000000. The figure as reported is compared."
        ),
    )
    currency = django_filters.CharFilter(
        field_name="value_currency",
        lookup_expr="iexact",
        validators=[
            RegexValidator(CURRENCY_PATTERN, "Give a three-letter ISO 4217 code.")
        ],
        help_text="ISO 4217 code of the value, e.g. USD.",
    )
    announced_after = Period(
        field_name="announced_on",
        lookup_expr="gte",
        help_text=(
            "Announced on or after this day, or in or after this month or year "
            "(`2025` counts from 1 January 2025)."
        ),
    )
    announced_before = Period(
        field_name="announced_on",
        lookup_expr="lte",
        help_text=(
            "Announced on or before this day, or in or before this month or "
            "year (`2025` counts to 31 December 2025)."
        ),
    )

    class Meta:
        model = Agreement
        fields = ["kind", "exclusivity", "status"]
        form = AgreementFilterForm

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        data = self.form.cleaned_data
        queryset = super().filter_queryset(queryset)
        ranged = data.get("value_min") is not None or data.get("value_max") is not None
        if ranged and not data.get("currency"):
            queryset = queryset.filter(value_currency__iexact=DEFAULT_CURRENCY)
        return queryset

    def filter_party(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """`party` and `party_role` name the same party row when both are given;
        `include_owned` widens `party` to its group (`partnerships.groups`)."""
        data = self.form.cleaned_data
        if name == "include_owned" or (name == "party_role" and data.get("party")):
            return queryset  # applied together with `party`
        parties = self.reader.links(AgreementParty)
        if data.get("party"):
            named = self.reader.named(Company, data["party"])
            if data.get("include_owned"):
                parties = parties.filter(groups.in_group(self.reader, named))
            else:
                parties = parties.filter(company__in=named)
        if data.get("party_role"):
            parties = parties.filter(role=data["party_role"])
        return queryset.filter(pk__in=parties.values("agreement"))

    def filter_in_force_on(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """`in_force_on` and `include_undated` make one filter."""
        data = self.form.cleaned_data
        if name == "include_undated":
            return queryset  # applied with `in_force_on`, which it requires
        return queryset.in_force(
            on=value.first_day,
            until=value.last_day,
            include_undated=bool(data.get("include_undated")),
        )

    def filter_expires_before(self, queryset, name, value: PreciseDate) -> QuerySet:
        return queryset.expiring_before(value.first_day)

    def filter_expires_after(self, queryset, name, value: PreciseDate) -> QuerySet:
        if value.last_day == datetime.date.max:
            return queryset.none()  # nothing ends after the last day of the calendar
        return queryset.expiring_after(value.last_day)


class StatementFilter(ReaderFilterSet):
    speaker = VisibleSlugFilter(
        Person, "speaker", help_text="Slug of the person who said it."
    )
    speaker_company = VisibleSlugFilter(
        Company,
        "speaker__affiliation",
        help_text="Slug of the company the speaker belongs to.",
    )
    agreement = django_filters.CharFilter(
        method="filter_about", help_text="Slug of an agreement the statement is about."
    )
    topic = django_filters.CharFilter(
        method="filter_about", help_text="Slug of a topic the statement is about."
    )
    said_after = Period(
        field_name="said_on",
        lookup_expr="gte",
        help_text="Said on or after this day, or in or after this month or year.",
    )
    said_before = Period(
        field_name="said_on",
        lookup_expr="lte",
        help_text="Said on or before this day, or in or before this month or year.",
    )
    language = django_filters.CharFilter(
        field_name="language",
        lookup_expr="iexact",
        help_text="Language of the text as published (BCP 47, e.g. zh-Hant).",
    )

    class Meta:
        model = Statement
        fields: list[str] = []

    def filter_about(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        related = {"agreement": Statement.agreements, "topic": Statement.topics}[name]
        target = related.field.related_model
        through = self.reader.links(related.through).filter(
            **{f"{name}__in": self.reader.named(target, value)}
        )
        return queryset.filter(pk__in=through.values("statement"))


class CompanyFilter(ReaderFilterSet):
    kind = django_filters.CharFilter(
        method="filter_kind", help_text="Slug of a company kind, e.g. cloud-provider."
    )
    parent = VisibleSlugFilter(
        Company, "parent", help_text="Slug of the owning company."
    )

    class Meta:
        model = Company
        fields: list[str] = []

    def filter_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        through = Company.kinds.through.objects.filter(companykind__slug=value)
        return queryset.filter(pk__in=through.values("company"))


class PersonFilter(ReaderFilterSet):
    company = VisibleSlugFilter(
        Company, "affiliation", help_text="Slug of the person's company."
    )

    class Meta:
        model = Person
        fields: list[str] = []


class SourceFilter(ReaderFilterSet):
    kind = django_filters.ChoiceFilter(choices=SourceKind.choices)
    language = django_filters.CharFilter(
        field_name="language", lookup_expr="iexact", help_text="BCP 47 code, e.g. en."
    )

    class Meta:
        model = Source
        fields = ["kind"]


def nulls_last(field: str, model) -> OrderBy:
    """`field` in order, its missing values last. Only a nullable field says
    so: SQLite reads an ascending `NULLS LAST` from no index, and a field that
    is never null (created_at, updated_at, the key) needs no clause."""
    name = field.removeprefix("-")
    try:
        nullable = name != "pk" and model._meta.get_field(name).null
    except FieldDoesNotExist:
        nullable = True
    if field.startswith("-"):
        return F(name).desc(nulls_last=True if nullable else None)
    return F(name).asc(nulls_last=True if nullable else None)


def typed_filters(filterset_class) -> set[str]:
    """Filters that take a date, a number, a choice, a yes or no or a pattern:
    never empty."""
    typed = (
        django_filters.BooleanFilter,
        django_filters.DateFilter,
        django_filters.NumberFilter,
        django_filters.ChoiceFilter,
        django_filters.BooleanFilter,
    )
    return {
        name
        for name, filter in filterset_class.base_filters.items()
        if isinstance(filter, typed) or filter.extra.get("validators")
    }


class FilterBackend(DjangoFilterBackend):
    """django-filter's, which builds no FilterSet for a list that asks no
    filter: every filter and its form's rules act only on their own
    parameters, and copying each filter and form field for nothing took
    0.7 ms of an agreements list's 18 (unknown parameters are refused by
    the view, `check_query_parameters`)."""

    def filter_queryset(self, request, queryset: QuerySet, view) -> QuerySet:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class and not filterset_class.base_filters.keys() & set(
            request.query_params
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class IndexedSearchFilter(SearchFilter):
    """`search`, bounded (`partnerships.search_limits`), looked up in the search
    index (`partnerships.search`): the same search as the site's, for the
    reader asking."""

    search_description = (
        f"Words to look for: each term must be found, in the record or in a "
        f"related record's name (a party's, a speaker's, an owner's), the last "
        f"word of a term as the start of a longer one; at most "
        f"{search_limits.MAX_TERMS} terms (separated by spaces or commas; a "
        f'"quoted phrase" is one term) and {search_limits.MAX_LENGTH} characters. '
        "A longer search is a 400 naming `search`."
    )

    def get_search_terms(self, request) -> list[str]:
        value = request.query_params.get(self.search_param, "")
        problem = search_limits.too_long(self.search_param, value)
        if problem is None:
            terms = super().get_search_terms(request)
            problem = search_limits.too_many_terms(self.search_param, terms)
        if problem is not None:
            raise ValidationError({self.search_param: [problem]})
        return terms

    def filter_queryset(self, request, queryset: QuerySet, view) -> QuerySet:
        terms = self.get_search_terms(request)
        if not terms:
            return queryset
        return search.matching(queryset, terms, view.reader)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["maxLength"] = search_limits.MAX_LENGTH
        return parameters


class StrictOrderingFilter(OrderingFilter):
    """An unknown `ordering` field is a 400; the primary key breaks every tie,
    in the direction of the last field named.

    Missing values sort last both ways, on SQLite and PostgreSQL alike.
    """

    def get_ordering(self, request, queryset, view) -> list[OrderBy]:
        params = request.query_params.get(self.ordering_param)
        if params is None:
            return [
                nulls_last(field, queryset.model)
                for field in self.get_default_ordering(view)
            ]
        fields = [param.strip() for param in params.split(",") if param.strip()]
        valid = {name for name, _ in self.get_valid_fields(queryset, view, {})}
        unknown = [field for field in fields if field.lstrip("-") not in valid]
        if unknown or not fields:
            raise ValidationError(
                {
                    self.ordering_param: [
                        f"Order by one or more of: {', '.join(sorted(valid))} "
                        "(prefix - for descending), separated by commas."
                    ]
                }
            )
        # The key breaks ties in the direction of the last field, so that one
        # index (the field's, which ends with the key) gives the whole order:
        # records saved together share an updated_at, and ascending keys
        # under a descending updated_at made SQLite sort all 300,000.
        tie = "-pk" if fields[-1].startswith("-") else "pk"
        return [nulls_last(field, queryset.model) for field in [*fields, tie]]

    def get_schema_operation_parameters(self, view) -> list[dict]:
        names = "|".join(sorted(view.ordering_fields))
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    "Comma-separated fields to order by, `-` for descending: "
                    + ", ".join(sorted(view.ordering_fields))
                    + "."
                ),
                "schema": {
                    "type": "string",
                    "pattern": f"^-?({names})(,-?({names}))*$",
                },
            }
        ]
