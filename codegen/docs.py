"""Conversion of the model's HTML documentation to wrapped plain text."""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset({"p", "div", "ul", "ol", "dl", "important", "note", "br"})
_WHITESPACE = re.compile(r"\s+")


class _TextCollector(HTMLParser):
    """Collects paragraphs and list items as separate blocks of inline text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._prefix = ""
        self._href: str | None = None
        self._link_text: list[str] = []

    def _flush(self) -> None:
        text = _WHITESPACE.sub(" ", "".join(self._current)).strip()
        self._current = []
        if text:
            # A list item's prefix waits for the item's first text, which may
            # follow a nested <p>.
            self.blocks.append(self._prefix + text)
            self._prefix = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._flush()
        elif tag in {"li", "dt", "dd"}:
            self._flush()
            self._prefix = "- "
        elif tag == "code":
            self._current.append("``")
        elif tag == "a":
            self._href = dict(attrs).get("href")
            self._link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS or tag in {"li", "dt", "dd"}:
            self._flush()
        elif tag == "code":
            self._current.append("``")
        elif tag == "a" and self._href:
            text = "".join(self._link_text).strip()
            if self._href.startswith("http") and self._href != text:
                self._current.append(f" ({self._href})")
            self._href = None

    def handle_data(self, data: str) -> None:
        self._current.append(data)
        if self._href is not None:
            self._link_text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_text(html: str) -> str:
    """Convert model documentation HTML to plain paragraphs, one per line.

    Paragraphs are separated by a blank line, list items start with ``- ``, code
    becomes ``code`` in double backticks, and links keep their URL in brackets.
    ``wrap_text`` wraps the result for a given width.
    """
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    blocks = [block.replace("````", "") for block in collector.blocks]
    lines: list[str] = []
    for index, block in enumerate(blocks):
        is_item = block.startswith("- ")
        previous_is_item = index > 0 and blocks[index - 1].startswith("- ")
        if lines and not (is_item and previous_is_item):
            lines.append("")
        lines.append(block)
    return "\n".join(lines)


def wrap_text(text: str, width: int) -> str:
    """Wrap each paragraph line of ``html_to_text`` output at ``width`` columns."""
    wrapped = []
    for line in text.split("\n"):
        if not line:
            wrapped.append("")
            continue
        indent = "  " if line.startswith("- ") else ""
        wrapped.append(
            textwrap.fill(
                line,
                width=width,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(wrapped)
