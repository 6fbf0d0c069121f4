"""What the API shows and accepts.

Reading: each resource has one serializer that gives a consumer everything
without a second call (parties, dates with their precision, qualified values,
citations ...). What a reader may see is decided by `partnerships.visibility`:
nested records the reader may not see (a draft company, a draft source) are
left out of lists and shown as null in place, and editor-only fields (the
internal note) are left out for everyone but editors; the querysets in
`views.py` prefetch exactly what these serializers read.

Writing: `*WriteSerializer` classes take flat fields, slugs for related records
and nested lists (parties, commitments, citations, aliases) that replace the
record's current ones. The whole write is one transaction, validated by the
model's own `full_clean()` (its `clean()` and database constraints).
"""

from partnerships.api.serializers.common import MAX_CHANGE_REASON, SLUG
from partnerships.api.serializers.history import HistoryEntrySerializer
from partnerships.api.serializers.records import (
    AgreementSerializer,
    CompanySerializer,
    PersonSerializer,
    SourceSerializer,
    StatementSerializer,
)
from partnerships.api.serializers.writes import (
    AgreementWriteSerializer,
    CompanyWriteSerializer,
    PersonWriteSerializer,
    RecordWriteSerializer,
    SourceWriteSerializer,
    StatementWriteSerializer,
)

__all__ = [
    "AgreementSerializer",
    "AgreementWriteSerializer",
    "CompanySerializer",
    "CompanyWriteSerializer",
    "HistoryEntrySerializer",
    "MAX_CHANGE_REASON",
    "PersonSerializer",
    "PersonWriteSerializer",
    "RecordWriteSerializer",
    "SLUG",
    "SourceSerializer",
    "SourceWriteSerializer",
    "StatementSerializer",
    "StatementWriteSerializer",
]
