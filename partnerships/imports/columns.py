"""The columns of an import file: how each cell is read, checked and written."""

import difflib
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models

from partnerships import entry
from partnerships.imports.report import (
    Row,
    RowError,
    RowRejected,
)
from partnerships.models import (
    Agreement,
    AgreementParty,
    Company,
    CompanyAlias,
    PartyRole,
)
from partnerships.qualified import PreciseDate

if TYPE_CHECKING:  # the importer a row belongs to; it uses these columns
    from partnerships.imports.importers import RecordImporter


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true or false"}
    return names.get(type(value), "a number" if value is not None else "null")


class CellError(Exception):
    """A cell's value cannot be used; the message says why and what would do."""


def _text(value: Any, column: str) -> str:
    """A cell as text: JSON numbers and booleans become their CSV spelling."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal | str):
        return str(value).strip()
    raise CellError(f"expected text, a number or true/false, not {_json_type(value)}")


def _items(value: Any) -> list[str]:
    """A list cell: a JSON list of texts, or "a|b" text."""
    if isinstance(value, list):
        if not all(isinstance(item, str) for item in value):
            raise CellError("expected a list of texts")
        items = [item.strip() for item in value]
    else:
        text = _text(value, "")
        items = [item.strip() for item in text.split("|")] if text else []
    if "" in items:
        raise CellError("has an empty item (two “|” in a row?)")
    duplicates = sorted({item for item in items if items.count(item) > 1})
    if duplicates:
        raise CellError(f"lists {', '.join(duplicates)} more than once")
    return items


def _allowed(choices: type[models.TextChoices]) -> str:
    return ", ".join(choices.values)


def parse_precise_date(text: str, *, through: bool = False) -> PreciseDate | None:
    """ "2030" → 2030 (year), "2026-03" or "2026年3月" → March 2026, "2025-11-03"
    → that day: the editors' parser (partnerships/entry.py), as a cell error."""
    try:
        return entry.parse_precise_date(text, "date", through=through)
    except entry.EntryError as error:
        raise CellError(error.problem) from None


class Column:
    """One column of an import file and the model field(s) it fills."""

    def __init__(self, name: str, help: str = "", *, required: bool = False) -> None:
        self.name, self.help, self.required = name, help, required
        # Model fields whose validation errors belong to this column.
        self.fields: tuple[str, ...] = (name,)

    def parse(self, value: Any, context: "RowContext") -> Any:
        return _text(value, self.name)

    def current(self, instance: models.Model) -> str:
        """The record's value as the report shows it."""
        return self.shown(getattr(instance, self.name))

    def shown(self, value: Any) -> str:
        return "" if value is None else str(value)

    def apply(self, instance: models.Model, value: Any) -> None:
        setattr(instance, self.name, value)

    def save(self, instance: models.Model, value: Any, stamp: Callable) -> None:
        """Write what lives outside the record itself (lists, related rows)."""


class TextColumn(Column):
    pass


class ChoiceColumn(Column):
    def __init__(self, name: str, choices, help: str = "", **kwargs) -> None:
        self.choices = choices
        super().__init__(name, help or f"one of: {_allowed(choices)}", **kwargs)

    def parse(self, value: Any, context: "RowContext") -> str:
        text = _text(value, self.name)
        if not text:
            return context.default(self.name)
        if text not in self.choices.values:
            raise CellError(f"“{text}” is not one of: {_allowed(self.choices)}")
        return text


class BooleanColumn(Column):
    TRUE, FALSE = ("true", "yes", "1"), ("false", "no", "0")

    def parse(self, value: Any, context: "RowContext") -> bool | None:
        text = _text(value, self.name).lower()
        if not text:
            return context.default(self.name)
        if text in self.TRUE + self.FALSE:
            return text in self.TRUE
        raise CellError(f"“{text}” is not one of: true, false (or yes, no, 1, 0)")

    def shown(self, value: Any) -> str:
        return "" if value is None else ("true" if value else "false")


class DateColumn(Column):
    """A date with its precision, stored in `<name>_on` and `<name>_precision`."""

    def __init__(self, name: str, help: str = "", *, prefix: str = "", **kwargs):
        super().__init__(
            name, help or "2030, 2026-03, 2025-11-03 or 2026年3月", **kwargs
        )
        # The model's fields are `<prefix>_on` and `<prefix>_precision`.
        self.prefix = prefix or name
        self.fields = (f"{self.prefix}_on", f"{self.prefix}_precision")

    def parse(self, value: Any, context: "RowContext") -> PreciseDate | None:
        # An expiry is the agreement's last period: "through 2030" says so.
        through = self.name == "expires"
        return parse_precise_date(_text(value, self.name), through=through)

    def current(self, instance: models.Model) -> str:
        return self.shown(getattr(instance, self.name))

    def shown(self, value: PreciseDate | None) -> str:
        return value.iso if value else ""

    def apply(self, instance: models.Model, value: PreciseDate | None) -> None:
        setattr(instance, f"{self.prefix}_on", value.value if value else None)
        setattr(instance, f"{self.prefix}_precision", value.precision if value else "")


class AmountColumn(Column):
    def parse(self, value: Any, context: "RowContext") -> Decimal | None:
        text = _text(value, self.name)
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():
            raise CellError(
                f"“{text}” is not a number: write digits with a decimal point, "
                "without separators or currency, e.g. 38000000000"
            )
        return amount

    def shown(self, value: Decimal | None) -> str:
        return "" if value is None else f"{value.normalize():f}"


class ValueColumn(Column):
    """A value as the source gives it, hedge included: “about $5bn”, “380億美元”;
    it fills the amount, the currency and the qualifier."""

    FIELDS = ("value_amount", "value_currency", "value_qualifier")

    def __init__(self, name: str = "value", help: str = "") -> None:
        super().__init__(
            name,
            help
            or "the value with currency and hedge: “about $5bn”, “USD 38 billion”, "
            "“1000億美元以上” (instead of value_amount, value_currency, "
            "value_qualifier)",
        )
        self.fields = self.FIELDS

    def parse(self, value: Any, context: "RowContext") -> entry.QualifiedAmount | None:
        try:
            return entry.parse_qualified_amount(_text(value, self.name), self.name)
        except entry.EntryError as error:
            raise CellError(error.problem) from None

    def current(self, instance: models.Model) -> str:
        amount = entry.amount_text(
            instance.value_amount, instance.value_qualifier, instance.value_currency
        )
        return amount

    def shown(self, value: entry.QualifiedAmount | None) -> str:
        return value.display if value else ""

    def apply(self, instance: models.Model, value: entry.QualifiedAmount | None):
        instance.value_amount = value.amount if value else None
        instance.value_currency = value.currency if value else ""
        instance.value_qualifier = value.qualifier if value else ""


class CurrencyColumn(Column):
    def parse(self, value: Any, context: "RowContext") -> str:
        return _text(value, self.name).upper()


class SlugColumn(Column):
    """A reference to another record by its slug."""

    def __init__(self, name: str, model: type[models.Model], help: str = "", **kw):
        self.model = model
        label = model._meta.verbose_name
        super().__init__(name, help or f"the {label}'s slug", **kw)

    def parse(self, value: Any, context: "RowContext") -> models.Model | None:
        slug = _text(value, self.name)
        if not slug:
            return None
        found = self.model._default_manager.filter(slug=slug).first()
        if found is None:
            raise CellError(context.unknown(self.model, slug))
        return found

    def current(self, instance: models.Model) -> str:
        return self.shown(getattr(instance, self.name))

    def shown(self, value: models.Model | None) -> str:
        return value.slug if value is not None else ""


class SlugListColumn(Column):
    """A many-to-many list of records named by slug: "openai|anthropic"."""

    def __init__(self, name: str, model: type[models.Model], help: str = "", **kw):
        self.model = model
        plural = model._meta.verbose_name_plural
        super().__init__(name, help or f"{plural} by slug, “a|b”", **kw)

    def parse(self, value: Any, context: "RowContext") -> list[models.Model]:
        slugs = _items(value)
        found = {o.slug: o for o in self.model._default_manager.filter(slug__in=slugs)}
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise CellError(
                "; ".join(context.unknown(self.model, slug) for slug in unknown)
            )
        return [found[slug] for slug in slugs]

    def current(self, instance: models.Model) -> str:
        if instance.pk is None:
            return ""
        return self.shown(list(getattr(instance, self.name).all()))

    def shown(self, value: list[models.Model]) -> str:
        return "|".join(sorted(item.slug for item in value))

    def apply(self, instance: models.Model, value: Any) -> None:
        """Many-to-many values are written once the record is saved."""

    def save(self, instance: models.Model, value: Any, stamp: Callable) -> None:
        related = getattr(instance, self.name)
        if self.shown(list(related.all())) != self.shown(value):
            stamp(instance)
            related.set(value)


class PartiesColumn(Column):
    """An agreement's parties: "openai:customer|amazon-web-services:provider"."""

    def __init__(self) -> None:
        super().__init__(
            "parties",
            f"company-slug:role pairs, “a:customer|b:provider”; roles: "
            f"{_allowed(PartyRole)}",
        )

    def parse(self, value: Any, context: "RowContext") -> list[tuple[Company, str]]:
        parties, problems = [], []
        for item in _items(value):
            slug, sep, role = (part.strip() for part in item.partition(":"))
            if not sep or not slug or not role:
                problems.append(f"“{item}” is not company-slug:role")
            elif role not in PartyRole.values:
                problems.append(
                    f"“{role}” in “{item}” is not a role: {_allowed(PartyRole)}"
                )
            elif (company := Company.objects.filter(slug=slug).first()) is None:
                problems.append(context.unknown(Company, slug))
            else:
                parties.append((company, role))
        if problems:
            raise CellError("; ".join(problems))
        return parties

    def current(self, instance: Agreement) -> str:
        if instance.pk is None:
            return ""
        parties = instance.parties.select_related("company")
        return self.shown([(party.company, party.role) for party in parties])

    def shown(self, value: list[tuple[Company, str]]) -> str:
        return "|".join(sorted(f"{company.slug}:{role}" for company, role in value))

    def apply(self, instance: models.Model, value: Any) -> None:
        """Parties are written once the agreement is saved."""

    def save(self, instance: Agreement, value: Any, stamp: Callable) -> None:
        wanted = {(company.pk, role): company for company, role in value}
        for party in instance.parties.all():
            if (party.company_id, party.role) in wanted:
                del wanted[(party.company_id, party.role)]
            else:
                stamp(party).delete()
        for (_, role), company in wanted.items():
            party = AgreementParty(agreement=instance, company=company, role=role)
            _validated(party, self.name)
            stamp(party).save()


class AliasesColumn(Column):
    """A company's other names: "AWS|亞馬遜". New aliases have no language."""

    def __init__(self) -> None:
        super().__init__("aliases", "other names, “AWS|亞馬遜”")

    def parse(self, value: Any, context: "RowContext") -> list[str]:
        return _items(value)

    def current(self, instance: Company) -> str:
        if instance.pk is None:
            return ""
        return self.shown([alias.name for alias in instance.aliases.all()])

    def shown(self, value: list[str]) -> str:
        return "|".join(sorted(value))

    def apply(self, instance: models.Model, value: Any) -> None:
        """Aliases are written once the company is saved."""

    def save(self, instance: Company, value: list[str], stamp: Callable) -> None:
        wanted = list(value)
        for alias in instance.aliases.all():
            if alias.name in wanted:
                wanted.remove(alias.name)
            else:
                stamp(alias).delete()
        for name in wanted:
            alias = CompanyAlias(company=instance, name=name)
            _validated(alias, self.name)
            stamp(alias).save()


def _validated(instance: models.Model, column: str) -> None:
    """full_clean() a related row, its errors reported against `column`."""
    try:
        instance.full_clean()
    except ValidationError as error:
        messages = [m for ms in error.message_dict.values() for m in ms]
        raise RowRejected([RowError(column, " ".join(messages))]) from None


CITATION_COLUMNS = (
    TextColumn("citation_source", "slug of the source supporting the record"),
    TextColumn("citation_excerpt", "the words of the source that support it"),
    TextColumn("citation_locator", "where in the source: “paragraph 2”, “00:12:30”"),
)


class ColumnSet:
    def __init__(
        self, *columns: Column, alternatives: tuple[tuple[str, tuple], ...] = ()
    ) -> None:
        self.columns = {column.name: column for column in columns}
        # A column and the columns it stands for: a file gives one form or the other.
        self.alternatives = alternatives

    def __iter__(self):
        return iter(self.columns.values())

    @property
    def required(self) -> list[str]:
        return [column.name for column in self if column.required]

    def problems(self, names: list[str], where: str) -> list[str]:
        """Columns missing from, or unknown to, a header (or a JSON object)."""
        problems = []
        missing = [name for name in self.required if name not in names]
        if missing:
            problems.append(
                f"{where}: missing required column(s): {', '.join(missing)}."
            )
        for name in names:
            if name not in self.columns:
                near = difflib.get_close_matches(name, self.columns, n=1)
                hint = f" (did you mean {near[0]}?)" if near else ""
                problems.append(
                    f"{where}: unknown column “{name}”{hint}; the columns are: "
                    f"{', '.join(self.columns)}."
                )
        for one, others in self.alternatives:
            both = [other for other in others if other in names]
            if one in names and both:
                problems.append(
                    f"{where}: give either “{one}” or {', '.join(others)}, not both "
                    f"(found {one} and {', '.join(both)})."
                )
        return problems


class RowContext:
    """What rows of one file share: the slugs seen, the defaults, who imports."""

    def __init__(self, importer: "RecordImporter", rows: list[Row]) -> None:
        self.importer = importer
        self.first_row: dict[str, int] = {}
        self.later_slugs: dict[str, int] = {}
        for row in reversed(rows):
            slug = row.values.get("slug")
            if isinstance(slug, str) and slug.strip():
                self.later_slugs[slug.strip()] = row.number
        self.current_row = 0

    def default(self, name: str) -> Any:
        """An empty cell's value: the field's default, or "" for a column that
        fills no field (basis, modality)."""
        try:
            field = self.importer.model._meta.get_field(name)
        except FieldDoesNotExist:
            return ""
        return field.get_default()

    def unknown(self, model: type[models.Model], slug: str) -> str:
        label = model._meta.verbose_name
        message = f"no {label} has the slug “{slug}”"
        later = self.later_slugs.get(slug)
        if model is self.importer.model and later and later > self.current_row:
            message += f" yet: it is created by row {later}, below; put that row first"
        return message
