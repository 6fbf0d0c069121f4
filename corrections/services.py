"""A reader's suggestion, as it is stored (the editors answer in the admin)."""

import hashlib
import hmac

from django.conf import settings
from django.db import transaction

from corrections.models import Correction


def client_hash(address: str) -> str:
    """A keyed hash of a client's address: enough to tell two senders apart,
    never the address itself."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def correction_create(
    *, record, text: str, source_url: str, address: str
) -> Correction:
    correction = Correction(
        record=record,
        text=text,
        source_url=source_url,
        client_hash=client_hash(address),
    )
    correction.full_clean()
    correction.save()
    return correction
