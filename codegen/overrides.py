"""Reviewed corrections of model constraints that reject values the service accepts.

An override file is JSON of this form::

    {
      "shapes": {
        "ResourceArn": {
          "pattern": {
            "expected": ["<the model's value>", "..."],
            "value": "<the corrected value>",
            "reason": "<why the model's value is wrong, with evidence>"
          }
        }
      }
    }

``expected`` lists the model values the correction was reviewed against. When the
model carries another value (the model was fixed or changed), generation fails, so
that the override is reviewed again rather than applied blindly. A shape the model
does not have is skipped, because one override file serves several model versions.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

_CORRECTABLE = frozenset({"pattern", "min", "max"})


class OverrideError(Exception):
    """Raised when an override file is malformed or no longer matches the model."""


def apply_overrides(
    model: Mapping[str, Any], overrides: Mapping[str, Any]
) -> dict[str, Any]:
    """Return a copy of ``model`` with the overrides' constraint values applied."""
    result = copy.deepcopy(dict(model))
    shapes = result.get("shapes", {})
    for shape_name, corrections in overrides.get("shapes", {}).items():
        if shape_name not in shapes:
            continue
        for key, correction in corrections.items():
            where = f"override {shape_name}.{key}"
            if key not in _CORRECTABLE:
                raise OverrideError(f"{where}: only {sorted(_CORRECTABLE)} can change")
            for field in ("expected", "value", "reason"):
                if field not in correction:
                    raise OverrideError(f"{where}: missing {field!r}")
            current = shapes[shape_name].get(key)
            if current not in correction["expected"]:
                raise OverrideError(
                    f"{where}: the model now has {current!r}, not one of the reviewed "
                    f"values {correction['expected']!r}; review the override again"
                )
            shapes[shape_name][key] = correction["value"]
    return result
