"""Base class of generated enums that keeps values the model does not list."""

from __future__ import annotations

import enum
from typing import Any


class OpenEnum(str, enum.Enum):
    """A string enum that accepts values a newer service sends.

    ``MyEnum("NEW_VALUE")`` returns a pseudo-member whose ``value`` is the string,
    instead of raising ``ValueError``, so a response with a value this model does not
    know is parsed and kept. ``is_known`` distinguishes the two; validation rejects an
    unknown value in a request.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        pseudo = str.__new__(cls, value)
        pseudo._name_ = value
        pseudo._value_ = value
        return pseudo

    @property
    def is_known(self) -> bool:
        """Whether the value is one of the model's listed values."""
        return type(self)._value2member_map_.get(self._value_) is self

    def __str__(self) -> str:
        return str(self.value)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}.{self._name_}: {self.value!r}>"
