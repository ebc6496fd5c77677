"""Turn model instances into the plain data botocore takes and returns.

botocore's parameters and parsed output are dicts keyed by the model's member
names, with enum values as strings. For every JSON body member of this model the
member name is also the wire name, since none sets a ``locationName``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ivsrealtime_client.runtime.schema import Shape


def to_plain(value: Any, shape: Shape) -> Any:
    """Convert a model value of ``shape`` into botocore's plain form.

    Unset members (None) are left out, as botocore leaves out absent members.
    Enum members become their string values, unknown ones included.
    """
    kind = shape.type
    if kind == "structure":
        plain = {}
        for member in shape.members:
            item = getattr(value, member.attr)
            if item is not None:
                plain[member.name] = to_plain(item, member.shape)
        return plain
    if kind == "list":
        assert shape.member is not None
        return [to_plain(item, shape.member) for item in value]
    if kind == "map":
        assert shape.value is not None
        return {key: to_plain(item, shape.value) for key, item in value.items()}
    if kind == "string" and shape.enum is not None:
        return getattr(value, "value", value)
    return value


def strip_metadata(parsed: dict[str, Any]) -> dict[str, Any]:
    """Return botocore's parsed output without its ``ResponseMetadata``."""
    return {key: value for key, value in parsed.items() if key != "ResponseMetadata"}


def naive_as_utc(value: Any) -> Any:
    """Give naive datetimes in nested plain data the UTC zone.

    botocore returns a naive datetime for ISO 8601 text without an offset. This
    client reads such text as UTC, so after this step both are the same instant.
    """
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    if isinstance(value, dict):
        return {key: naive_as_utc(item) for key, item in value.items()}
    if isinstance(value, list):
        return [naive_as_utc(item) for item in value]
    return value
