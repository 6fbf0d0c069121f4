"""The links in alert mails: a watch's random key or a subscriber's, signed
with SECRET_KEY. A token names no address and cannot be guessed or forged; a
confirmation link expires, an unsubscribe link does not (it must work in any
old mail)."""

import datetime

from django.core import signing

CONFIRM_MAX_AGE = datetime.timedelta(days=7)
CONFIRM_SALT = "alerts.confirm"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"


def confirm_token(key: str) -> str:
    return signing.dumps(key, salt=CONFIRM_SALT)


def unsubscribe_token(key: str) -> str:
    return signing.dumps(key, salt=UNSUBSCRIBE_SALT)


def confirm_key(token: str) -> str | None:
    """The watch key a confirmation token carries, or None if it is forged,
    damaged or older than `CONFIRM_MAX_AGE`."""
    return _key(token, CONFIRM_SALT, CONFIRM_MAX_AGE)


def unsubscribe_key(token: str) -> str | None:
    return _key(token, UNSUBSCRIBE_SALT, None)


def _key(token: str, salt: str, max_age) -> str | None:
    try:
        key = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # expired links too
        return None
    return key if isinstance(key, str) else None
