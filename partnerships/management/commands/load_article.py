"""Load the first article's records, record by record, never over an editor's work.

`make run` calls this on every start, so it is fast and changes nothing the
second time. For each record of the fixture, found by its natural key:

- not in the database → created (a history entry says "load_article");
- in the database with the fixture's values → unchanged;
- in the database with other values → skipped: an editor changed it, and the
  editor's version is kept;
- in the database, differing only in fields that are blank there and have
  never held a value in its history (fields added after it was loaded, such as
  the editors' English) → those fields filled in, nothing else touched;
- not in the database, but its history shows it was deleted → skipped: an
  editor deleted it, and it stays deleted. (Models without history, topics,
  cannot tell a deletion from a record never loaded: they are re-created.)

A record that refers to a record missing from the database (an editor deleted
the agreement a party belongs to) is skipped too. Many-to-many lists are only
written for records the command creates. Everything runs in one transaction.
"""

import inspect
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError, DeserializedObject
from django.db import models, transaction

DEFAULT_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "article.json"
CHANGE_REASON = "load_article"


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        filled = f" {len(self.filled)} filled in." if self.filled else ""
        return (
            f"{len(self.created)} created, {len(self.unchanged)} unchanged, "
            f"{len(self.skipped)} skipped.{filled}"
        )


def natural_key_fields(model: type[models.Model]) -> list[str]:
    """The fields a natural key names, from get_by_natural_key's parameters.

    `get_by_natural_key(self, agreement_slug, company_slug, role)` names the
    fields agreement, company and role. A model whose key spells out a related
    record's own key (a report of a term: its citation's record, source and
    locator) lists its fields in `NATURAL_KEY_FIELDS`.
    """
    if hasattr(model, "NATURAL_KEY_FIELDS"):
        return list(model.NATURAL_KEY_FIELDS)
    method = model._default_manager.get_by_natural_key
    return [
        name.removesuffix("_slug") if name != "slug" else name
        for name in inspect.signature(method).parameters
    ]


def describe(model: type[models.Model], item: dict) -> str:
    """ "agreement openai-aws", "company alias (microsoft, 微軟)": for the report."""
    values = []
    for name in natural_key_fields(model):
        value = item["fields"].get(name)
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        values.append(str(value))
    key = values[0] if len(values) == 1 else f"({', '.join(values)})"
    return f"{model._meta.verbose_name} {key}"


class SeedLoader:
    def __init__(self) -> None:
        self.report = SeedReport()
        self.deferred: list[tuple[DeserializedObject, str]] = []

    def load(self, items: list[dict]) -> SeedReport:
        # A record may refer to one later in the file: try it again at the end.
        postponed = [item for item in items if not self.load_item(item, final=False)]
        for item in postponed:
            self.load_item(item, final=True)
        self.resolve_deferred()
        return self.report

    def load_item(self, item: dict, *, final: bool) -> bool:
        """Create, compare or skip one record; False to try it again later."""
        model = apps.get_model(item["model"])
        label = describe(model, item)
        try:
            (loaded,) = serializers.deserialize(
                "python", [item], handle_forward_references=True
            )
        except (DeserializationError, ObjectDoesNotExist):
            loaded = None
        required_missing = loaded is None or any(
            not f.null and not f.many_to_many for f in loaded.deferred_fields
        )
        if required_missing:
            if final:
                self.report.skipped.append(
                    f"skipped {label}: {self.missing_reference(model, item)}"
                )
            return final
        instance = loaded.object
        if instance.pk is None:
            if self.deleted_by_editor(model, instance):
                self.report.skipped.append(f"skipped {label}: deleted by an editor")
            else:
                self.create(loaded, label)
            return True
        changed = self.changed_fields(loaded, item)
        if changed and self.never_filled(instance, changed):
            self.fill(instance, changed)
            self.report.filled.append(f"{label} (fields: {', '.join(changed)})")
        elif changed:
            self.report.skipped.append(
                f"skipped {label}: changed by an editor (fields: {', '.join(changed)})"
            )
        else:
            self.report.unchanged.append(label)
        return True

    def create(self, loaded: DeserializedObject, label: str) -> None:
        instance = loaded.object
        instance._change_reason = CHANGE_REASON
        # A plain save, not loaddata's raw one, so the history records it.
        instance.save()
        for name, values in loaded.m2m_data.items():
            getattr(instance, name).set(values)
        if loaded.deferred_fields:
            self.deferred.append((loaded, label))
        self.report.created.append(label)

    def resolve_deferred(self) -> None:
        """Fill the references to records that came later in the fixture."""
        for loaded, label in self.deferred:
            instance = loaded.object
            for model_field, value in loaded.deferred_fields.items():
                target = model_field.remote_field.model._default_manager
                if model_field.many_to_many:
                    found = [self.by_key(target, key) for key in value]
                    found = [obj for obj in found if obj is not None]
                    getattr(instance, model_field.name).add(*found)
                    if len(found) < len(value):
                        self.report.notes.append(
                            f"created {label} without some of its {model_field.name}: "
                            "they are not in the database"
                        )
                    continue
                related = self.by_key(target, value)
                if related is None:
                    self.report.notes.append(
                        f"created {label} without its {model_field.name} "
                        f"({', '.join(value)}): not in the database"
                    )
                    continue
                setattr(instance, model_field.name, related)
                instance._change_reason = CHANGE_REASON
                instance.save(update_fields=[model_field.attname])

    @staticmethod
    def never_filled(instance: models.Model, names: list[str]) -> bool:
        """Every field in `names` is blank in the database and has been blank in
        every version of the record: no editor ever wrote it, so the fixture's
        value may fill it."""
        model = type(instance)
        history = getattr(model, "history", None)
        stored = model._default_manager.get(pk=instance.pk)
        for name in names:
            model_field = model._meta.get_field(name)
            if model_field.is_relation or getattr(stored, name) != "":
                return False
        if history is None:
            return False
        versions = history.filter(**{model._meta.pk.attname: instance.pk})
        return not any(versions.exclude(**{name: ""}).exists() for name in names)

    @staticmethod
    def fill(instance: models.Model, names: list[str]) -> None:
        stored = type(instance)._default_manager.get(pk=instance.pk)
        for name in names:
            setattr(stored, name, getattr(instance, name))
        stored._change_reason = CHANGE_REASON
        stored.save()

    @staticmethod
    def by_key(manager: models.Manager, key: list) -> models.Model | None:
        try:
            return manager.get_by_natural_key(*key)
        except ObjectDoesNotExist:
            return None

    @staticmethod
    def deleted_by_editor(model: type[models.Model], instance: models.Model) -> bool:
        history = getattr(model, "history", None)
        if history is None:
            return False
        lookup = {}
        for name in natural_key_fields(model):
            model_field = model._meta.get_field(name)
            lookup[model_field.attname] = getattr(instance, model_field.attname)
        return history.filter(history_type="-", **lookup).exists()

    @staticmethod
    def changed_fields(loaded: DeserializedObject, item: dict) -> list[str]:
        """The fields whose stored value differs from the fixture's."""
        instance = loaded.object
        model = type(instance)
        stored = model._default_manager.get(pk=instance.pk)
        changed = []
        for model_field in model._meta.concrete_fields:
            if (
                model_field.primary_key
                or model_field.name not in item["fields"]
                or getattr(model_field, "auto_now", False)
                or getattr(model_field, "auto_now_add", False)
            ):
                continue
            if model_field in loaded.deferred_fields:
                # The fixture names a record not in the database yet: whatever
                # is stored, it is not the fixture's.
                changed.append(model_field.name)
            elif getattr(stored, model_field.attname) != getattr(
                instance, model_field.attname
            ):
                changed.append(model_field.name)
        return changed

    @staticmethod
    def missing_reference(model: type[models.Model], item: dict) -> str:
        """Name the record this one refers to that is not in the database."""
        for name, value in item["fields"].items():
            model_field = model._meta.get_field(name)
            if not model_field.is_relation or not isinstance(value, list):
                continue
            keys = value if model_field.many_to_many else [value]
            target = model_field.remote_field.model
            for key in keys:
                if SeedLoader.by_key(target._default_manager, key) is None:
                    return (
                        f"its {name} ({', '.join(map(str, key))}) is not in the "
                        "database (deleted by an editor, or skipped above)"
                    )
        return "it refers to a record that is not in the database"


class Command(BaseCommand):
    help = (
        "Load the first article's records. Records an editor changed or deleted "
        "are skipped and reported, so no editor's work is overwritten."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--fixture",
            metavar="PATH",
            default=str(DEFAULT_FIXTURE),
            help="The fixture to load (default: fixtures/article.json).",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["fixture"])
        if not path.is_file():
            raise CommandError(f"--fixture: no such file: {path}")
        try:
            items = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(
                f"--fixture: {path} is not a JSON fixture: {error}"
            ) from None
        problem = self.shape_problem(items)
        if problem:
            raise CommandError(f"--fixture: {path}: {problem}")

        with transaction.atomic():
            report = SeedLoader().load(items)
        for line in report.skipped + report.notes:
            self.stdout.write(line)
        for label in report.filled:
            self.stdout.write(f"filled in {label}")
        if options["verbosity"] >= 2:
            for label in report.created:
                self.stdout.write(f"created {label}")
        self.stdout.write(
            self.style.SUCCESS(f"The article's records ({path.name}): ")
            + report.summary
        )

    @staticmethod
    def shape_problem(items) -> str | None:
        if not isinstance(items, list):
            return "a fixture is a list of records"
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict) or not isinstance(item.get("fields"), dict):
                return f"record {number} has no “fields” object"
            if "pk" in item:
                return f"record {number} has a pk: seeds are matched by natural key"
            try:
                apps.get_model(str(item.get("model")))
            except (LookupError, ValueError):
                return f"record {number}: unknown model {item.get('model')!r}"
        return None
