"""Serializers that read each record along a plan made once per serializer.

DRF's `Serializer.to_representation` decides afresh, for every field of every
record, which fields are readable, how to follow the field's `source` (a
mapping or an object? a callable?) and which `to_representation` to call. An
agreement is some 150 fields: serialising the 952 agreements of the bench's S
took 468 ms that way, 347 ms along plans. `PlannedSerializer` makes those
decisions once per serializer instance (its fields are bound to one request)
and keeps, per field, a getter and a representer. A getter that meets
anything but plain attributes (a mapping, a callable, a missing attribute)
hands the field to DRF's own `get_attribute`, so a field reads the same value
either way.

The fields stay the one description of what the API shows: a plan is only
how they are read.
"""

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from rest_framework import fields, serializers
from rest_framework.fields import SkipField, is_simple_callable
from rest_framework.relations import PKOnlyObject


def getter(field: fields.Field) -> Callable[[Any], Any]:
    """`field.get_attribute`, without its general case for model attributes."""
    read_as_drf_does = field.get_attribute
    attrs = tuple(field.source_attrs)
    if type(field).get_attribute is not fields.Field.get_attribute:
        return read_as_drf_does  # a related field's own rule (pk only ...)
    if not attrs:  # source="*": the record itself
        return _itself

    def get(instance):
        value = instance
        for attr in attrs:
            if type(value) not in _NOT_MAPPINGS and not _not_a_mapping(value):
                return read_as_drf_does(instance)
            try:
                value = getattr(value, attr)
            except ObjectDoesNotExist:
                return None
            except (AttributeError, KeyError):
                return read_as_drf_does(instance)  # its default, null or skip
            if callable(value) and is_simple_callable(value):
                return read_as_drf_does(instance)
        return value

    return get


# The types a getter has met that are not mappings (DRF reads a mapping's
# keys): `isinstance(value, Mapping)` is an abstract class's check, slow to
# ask of every value.
_NOT_MAPPINGS: set[type] = set()


def _not_a_mapping(value) -> bool:
    if isinstance(value, Mapping):
        return False
    _NOT_MAPPINGS.add(type(value))
    return True


def _itself(instance):
    return instance


def representer(field: fields.Field) -> Callable[[Any], Any]:
    """`field.to_representation`, or what it amounts to for plain text and
    choices (never given None: the plan writes None itself, as DRF does)."""
    method = type(field).to_representation
    if method is fields.CharField.to_representation:
        return str
    if method is fields.ChoiceField.to_representation:
        labels = field.choice_strings_to_values

        def choice(value):
            return value if value == "" else labels.get(str(value), value)

        return choice
    return field.to_representation


class PlannedSerializer(serializers.Serializer):
    """A serializer whose `to_representation` follows a plan of its fields."""

    def to_representation(self, instance) -> dict:
        representation = {}
        for name, get, represent in self._plan:
            try:
                value = get(instance)
            except SkipField:
                continue
            if isinstance(value, PKOnlyObject) and value.pk is None:
                value = None
            representation[name] = None if value is None else represent(value)
        return representation

    @cached_property
    def _plan(self) -> list[tuple[str, Callable, Callable]]:
        return [
            (field.field_name, getter(field), representer(field))
            for field in self._readable_fields
        ]


class PlannedModelSerializer(PlannedSerializer, serializers.ModelSerializer):
    """A model serializer read along a plan."""
