"""Serializer fields that take only what the schema says they take."""

from rest_framework import serializers


class TextOnly:
    """Text fields take text only. DRF turns a number or true into "5" or
    "True"; the schema says `type: string`, so anything else is refused."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(TextOnly, serializers.CharField):
    pass


class StrictURLField(TextOnly, serializers.URLField):
    pass


class StrictSlugField(TextOnly, serializers.SlugField):
    pass
