"""A list's record serializer, built once per thread and kept for its lists.

DRF builds a serializer's fields afresh for each instance, and each nested
serializer's in turn: an agreement's tree (parties, citations, term reports,
commitments, certainties ...) and its plans (`planned`) took 4 ms to build,
a third of a one-record page. The fields depend only on the serializer and
on who reads (editor-only fields are left out for the public: `RecordSerializer`),
so a list reuses the tree built for its thread and reader: each request's
`ListSerializer` is new and binds the kept tree as its child, and every field
reads the request's context through that new root (DRF's `Field.context`),
never a kept one. A thread serves one request at a time, so no tree is shared
by two requests at once. Until its next list, a kept tree still points to its
last one (its parent, that list's records and request): at most a page per
thread, kind of record and reader.
"""

import threading

from rest_framework.serializers import ListSerializer

from partnerships.api.serializers.common import reader_of

_kept = threading.local()


def listing(serializer_class, instances, context: dict) -> ListSerializer:
    """`serializer_class(instances, many=True, context=context)`, its child
    the tree this thread keeps for the class and the reader."""
    if getattr(context.get("view"), "swagger_fake_view", False):
        # The schema's tree holds every field, editor-only ones too.
        return serializer_class(instances, many=True, context=context)
    trees = getattr(_kept, "trees", None)
    if trees is None:
        trees = _kept.trees = {}
    key = (serializer_class, reader_of(context))
    child = trees.get(key)
    if child is None:
        child = trees[key] = serializer_class(context=context)
    else:
        child.source = None  # as built: `bind` sets it, and refuses to again
    return ListSerializer(instances, child=child, context=context)
