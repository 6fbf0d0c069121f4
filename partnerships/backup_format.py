"""The backup's JSON: Django's, with times to the microsecond.

Django's JSON serializer writes times to the millisecond (ECMA-262), so a
backup would lose the rest: history rows saved within a millisecond of each
other would come back tied, and a time such as 12:00:00.000400 would come back
as 12:00:00, which the next backup writes differently. `manage.py backup`
writes this format; `restore` reads it as plain JSON (`loaddata`), since
Django parses microseconds in JSON fine.
"""

import datetime

from django.core.serializers.json import (
    Deserializer,  # noqa: F401 (a format needs both)
    DjangoJSONEncoder,
)
from django.core.serializers.json import Serializer as JSONSerializer


class FullPrecisionEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time) and o.microsecond:
            text = o.isoformat()
            return (
                text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
            )
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self) -> None:
        super()._init_options()
        self.json_kwargs["cls"] = FullPrecisionEncoder
