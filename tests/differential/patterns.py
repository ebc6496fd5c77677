"""Hypothesis strategy for strings that match a model pattern and fit a length range.

``hypothesis.strategies.from_regex`` cannot aim at a length, so a pattern such as
``^st-[a-zA-Z0-9]+$`` with a fixed length of 16 would be rejected by a length
filter almost every time. This generator walks the parsed pattern instead: it draws
a target length first and then spends it on the pattern's items, left to right.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from hypothesis import reject
from hypothesis import strategies as st

with warnings.catch_warnings():
    # The sre_* modules are deprecated aliases of re._parser and re._constants,
    # but only they have type stubs.
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants
    import sre_parse

UNBOUNDED = 10**9
"""Width of a pattern item with no upper bound, such as ``x+``."""

TILE_AFTER = 24
"""Repeats longer than this tile a short drawn run, to stay within Hypothesis's
limit of 8,192 choices per example."""

_SAMPLE_DIGITS = "0123456789"
_SAMPLE_WORD = "azAZ09_éß"
_SAMPLE_SPACE = " \t\n\r\x0b\x0c\u00a0\u2003"
# Characters tried for negated classes and for ".".
_UNIVERSE = "".join(chr(code) for code in range(0x20, 0x7F)) + "\t\né中\u00a0😀\u2028"
_CATEGORY_REGEX = {
    sre_constants.CATEGORY_DIGIT: re.compile(r"\d"),
    sre_constants.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    sre_constants.CATEGORY_SPACE: re.compile(r"\s"),
    sre_constants.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    sre_constants.CATEGORY_WORD: re.compile(r"\w"),
    sre_constants.CATEGORY_NOT_WORD: re.compile(r"\W"),
}
_CATEGORY_SAMPLES = {
    sre_constants.CATEGORY_DIGIT: _SAMPLE_DIGITS,
    sre_constants.CATEGORY_SPACE: _SAMPLE_SPACE,
    sre_constants.CATEGORY_WORD: _SAMPLE_WORD,
}
_REPEATS = {
    sre_constants.MAX_REPEAT,
    sre_constants.MIN_REPEAT,
    getattr(sre_constants, "POSSESSIVE_REPEAT", sre_constants.MAX_REPEAT),
}

Item = tuple[Any, Any]
"""One parsed pattern item: an opcode and its argument, as ``sre_parse`` gives."""


def pattern_text(pattern: str, min_size: int, max_size: int) -> st.SearchStrategy[str]:
    """Build strings that ``re.search(pattern, ...)`` accepts, of a length in range.

    Lengths at both ends of the range are drawn as often as lengths in between.
    Raises NotImplementedError for pattern features the generator does not know,
    such as back references and lookarounds.
    """
    items = list(sre_parse.parse(pattern).data)
    low, high = sequence_width(items)
    low = max(low, min_size)
    high = min(high, max_size)
    if low > high:
        raise ValueError(
            f"no string of length {min_size}..{max_size} matches {pattern!r}"
        )
    lengths = st.one_of(st.just(low), st.just(high), st.integers(low, high))
    compiled = re.compile(pattern)

    @st.composite
    def build(draw: st.DrawFn) -> str:
        text = fill_sequence(draw, items, draw(lengths))
        assert compiled.search(text), f"{text!r} does not match {pattern!r}"
        return text

    return build()


def sequence_width(items: list[Item]) -> tuple[int, int]:
    """Return the minimum and maximum length of strings a sequence matches."""
    widths = [item_width(item) for item in items]
    return sum(w[0] for w in widths), min(UNBOUNDED, sum(w[1] for w in widths))


def item_width(item: Item) -> tuple[int, int]:
    """Return the minimum and maximum length of strings one item matches."""
    op, argument = item
    if op in (
        sre_constants.LITERAL,
        sre_constants.NOT_LITERAL,
        sre_constants.IN,
        sre_constants.ANY,
    ):
        return 1, 1
    if op == sre_constants.AT:
        return 0, 0
    if op == sre_constants.SUBPATTERN:
        return sequence_width(list(argument[-1].data))
    if op == sre_constants.BRANCH:
        widths = [sequence_width(list(branch.data)) for branch in argument[1]]
        return min(w[0] for w in widths), max(w[1] for w in widths)
    if op in _REPEATS:
        repeat_min, repeat_max, body = argument
        body_min, body_max = sequence_width(list(body.data))
        if repeat_max == sre_constants.MAXREPEAT:
            return repeat_min * body_min, UNBOUNDED if body_max else 0
        return repeat_min * body_min, min(UNBOUNDED, repeat_max * body_max)
    raise NotImplementedError(f"pattern item {op} is not supported")


def fill_sequence(draw: st.DrawFn, items: list[Item], length: int) -> str:
    """Draw a string of exactly ``length`` characters that the sequence matches."""
    widths = [item_width(item) for item in items]
    remaining = length
    parts = []
    for index, (item, (low, high)) in enumerate(zip(items, widths, strict=True)):
        rest_low = sum(w[0] for w in widths[index + 1 :])
        rest_high = sum(w[1] for w in widths[index + 1 :])
        item_low = max(low, remaining - rest_high)
        item_high = min(high, remaining - rest_low)
        if item_low > item_high:
            reject()
        size = (
            item_low
            if item_low == item_high
            else draw(st.integers(item_low, item_high))
        )
        parts.append(fill_item(draw, item, size))
        remaining -= size
    return "".join(parts)


def fill_item(draw: st.DrawFn, item: Item, length: int) -> str:
    """Draw a string of exactly ``length`` characters that one item matches."""
    op, argument = item
    if op == sre_constants.LITERAL:
        return chr(argument)
    if op == sre_constants.NOT_LITERAL:
        return draw(st.sampled_from([c for c in _UNIVERSE if ord(c) != argument]))
    if op == sre_constants.ANY:
        return draw(st.sampled_from([c for c in _UNIVERSE if c != "\n"]))
    if op == sre_constants.IN:
        return draw(class_character(argument))
    if op == sre_constants.AT:
        return ""
    if op == sre_constants.SUBPATTERN:
        return fill_sequence(draw, list(argument[-1].data), length)
    if op == sre_constants.BRANCH:
        fitting = [
            list(branch.data)
            for branch in argument[1]
            if _fits(sequence_width(list(branch.data)), length)
        ]
        return fill_sequence(draw, draw(st.sampled_from(fitting)), length)
    return fill_repeat(draw, argument, length)


def fill_repeat(draw: st.DrawFn, argument: Any, length: int) -> str:
    """Draw ``length`` characters from a repeat, tiling long runs of one width."""
    repeat_min, repeat_max, body = argument
    body_items = list(body.data)
    body_min, body_max = sequence_width(body_items)
    if body_max == 0:
        return ""
    count_low = max(repeat_min, -(-length // body_max))
    count_high = repeat_max if body_min == 0 else min(repeat_max, length // body_min)
    count_high = min(count_high, max(length, repeat_min))
    if count_low > count_high:
        reject()
    count = draw(st.integers(count_low, count_high))
    if body_min == body_max and count > TILE_AFTER:
        run = [fill_sequence(draw, body_items, body_min) for _ in range(TILE_AFTER)]
        return "".join(run[i % TILE_AFTER] for i in range(count))
    return fill_sequence(draw, body_items * count, length)


def class_character(argument: list[Item]) -> st.SearchStrategy[str]:
    """Strategy for one character of a ``[...]`` class."""
    negated = bool(argument) and argument[0][0] == sre_constants.NEGATE
    members = argument[1:] if negated else argument
    if negated:
        allowed = [c for c in _UNIVERSE if not _in_class(c, members)]
        return st.sampled_from(allowed)
    choices: list[st.SearchStrategy[str]] = []
    for op, value in members:
        if op == sre_constants.LITERAL:
            choices.append(st.just(chr(value)))
        elif op == sre_constants.RANGE:
            choices.append(
                st.characters(min_codepoint=value[0], max_codepoint=value[1])
            )
        elif op == sre_constants.CATEGORY and value in _CATEGORY_SAMPLES:
            choices.append(st.sampled_from(_CATEGORY_SAMPLES[value]))
        elif op == sre_constants.CATEGORY:
            pattern = _CATEGORY_REGEX[value]
            choices.append(st.sampled_from([c for c in _UNIVERSE if pattern.match(c)]))
        else:
            raise NotImplementedError(f"class item {op} is not supported")
    return st.one_of(choices)


def _in_class(character: str, members: list[Item]) -> bool:
    code = ord(character)
    for op, value in members:
        if op == sre_constants.LITERAL and code == value:
            return True
        if op == sre_constants.RANGE and value[0] <= code <= value[1]:
            return True
        if op == sre_constants.CATEGORY and _CATEGORY_REGEX[value].match(character):
            return True
    return False


def _fits(width: tuple[int, int], length: int) -> bool:
    return width[0] <= length <= width[1]
