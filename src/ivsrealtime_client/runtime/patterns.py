"""Model patterns (ECMA-262 regular expressions) compiled for Python's ``re``."""

from __future__ import annotations

import functools
import re


@functools.cache
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a model pattern once; use ``search``, because patterns match anywhere.

    Smithy patterns are not implicitly anchored, so ``[a-z]+`` accepts any text
    that contains a lower-case letter unless the pattern has ``^`` and ``$``.
    """
    return re.compile(ecma_end_anchors(pattern))


def ecma_end_anchors(pattern: str) -> str:
    """Rewrite each ``$`` anchor as ``\\Z``, the Python spelling of ECMA-262's ``$``.

    Model patterns follow ECMA-262, where ``$`` matches only at the end of the
    text. Python's ``$`` also matches before a final newline, which would accept
    ``"name\\n"`` for ``^[a-z]+$``. Escaped dollars and dollars inside a character
    class are literal and stay as they are.
    """
    result: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            result.append(pattern[index : index + 2])
            index += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        if char == "$" and not in_class:
            result.append("\\Z")
        else:
            result.append(char)
        index += 1
    return "".join(result)
