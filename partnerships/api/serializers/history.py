"""A record's history as the reader may see it."""

from rest_framework import serializers


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    """One saved change to a record or to one of its parts."""

    version = serializers.IntegerField(help_text="The history row's number.")
    at = serializers.DateTimeField(help_text="When the change was saved.")
    type = serializers.ChoiceField(
        ["created", "changed", "deleted", "published", "withdrawn"],
        help_text="For editors, each saved version: created, changed, deleted. "
        "Readers see the record's published states: created or published (first "
        "seen, or seen again after being withdrawn, with what changed meanwhile), "
        "changed, withdrawn; and parts created, changed or deleted while public.",
    )
    part = serializers.CharField(
        help_text="What changed: the record itself (its type, e.g. agreement) or "
        "one of its parts: party, commitment, citation, alias."
    )
    part_id = serializers.IntegerField(
        allow_null=True, help_text="Which part (null for the record itself)."
    )
    summary = serializers.CharField(help_text="The record or part, in words.")
    user = serializers.CharField(
        allow_null=True, help_text="The editor who saved it (null for readers)."
    )
    reason = serializers.CharField(
        allow_null=True,
        help_text="The editor's reason, if given (null for readers).",
    )
    changes = ChangeSerializer(
        many=True,
        help_text="Field by field, against the previous version you may see; "
        "related records by slug.",
    )


# -- writes -----------------------------------------------------------------------
