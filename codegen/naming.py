"""Python names for model names.

Rules, applied in this order:

- Members and operations take botocore's snake_case (``botocore.xform_name``), so
  ``participantTokenConfigurations`` becomes ``participant_token_configurations``
  and ``ListTagsForResource`` becomes ``list_tags_for_resource``.
- A Python keyword (``from``, ``class``, ...) or a name the runtime reserves on
  every model class (``unknown_fields``) gets a trailing underscore: ``from_``.
- Two members of one structure that convert to the same name are renamed in model
  order: the first keeps the name, each later one gets ``_2``, ``_3``, ...
- A member named like a builtin type that generated annotations use (``bool``,
  ``bytes``, ``dict``, ``float``, ``int``, ``list``, ``str``) gets a trailing
  underscore too: ``float_``. As a field it would hide the type from the
  annotations of its class, which cattrs evaluates in the class namespace.
- Other builtin names such as ``type`` or ``id`` are kept. They only shadow the
  builtin inside a generated method body, and those bodies use no builtins.
- Enum members are the value upper-cased, with every run of characters other than
  letters and digits turned into ``_``. A value that would start with a digit or
  be empty gets a ``V_`` prefix. Collisions get ``_2``, ``_3``, ... in model order.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable

from botocore import xform_name

RESERVED_ATTRIBUTES = frozenset({"unknown_fields"})
ANNOTATION_BUILTINS = frozenset(
    {"bool", "bytes", "dict", "float", "int", "list", "str"}
)
"""Builtin types that generated annotations name; no field may take these names."""
_NON_IDENTIFIER = re.compile(r"[^A-Za-z0-9]+")


def snake_case(name: str) -> str:
    """Convert a model member or operation name as botocore does."""
    return str(xform_name(name))


def safe_identifier(name: str) -> str:
    """Append ``_`` to a keyword or reserved attribute name."""
    if keyword.iskeyword(name):
        return name + "_"
    if name in RESERVED_ATTRIBUTES:
        return name + "_"
    return name


def unique_names(candidates: Iterable[str]) -> list[str]:
    """Deduplicate names in order by suffixing ``_2``, ``_3``, ... to repeats."""
    seen: set[str] = set()
    result: list[str] = []
    for candidate in candidates:
        name = candidate
        counter = 2
        while name in seen:
            name = f"{candidate}_{counter}"
            counter += 1
        seen.add(name)
        result.append(name)
    return result


def member_names(member_names: Iterable[str]) -> list[str]:
    """Python attribute names for the members of one structure, in model order."""
    return unique_names(_field_name(snake_case(name)) for name in member_names)


def _field_name(name: str) -> str:
    name = safe_identifier(name)
    return name + "_" if name in ANNOTATION_BUILTINS else name


def enum_member_names(values: Iterable[str]) -> list[str]:
    """Python enum member names for the values of one enum, in model order."""
    names = []
    for value in values:
        name = _NON_IDENTIFIER.sub("_", value).strip("_").upper()
        if not name or name[0].isdigit():
            name = "V_" + name
        names.append(name)
    return unique_names(names)


def class_name(shape_name: str) -> str:
    """Python class name for a structure or enum shape: the model's name."""
    if not shape_name.isidentifier() or keyword.iskeyword(shape_name):
        raise ValueError(f"shape name {shape_name!r} is not a valid Python class name")
    return shape_name
