"""HTML documentation to plain text."""

from __future__ import annotations

from codegen.docs import html_to_text, wrap_text


def test_paragraphs_are_separated_by_blank_line() -> None:
    assert html_to_text("<p>One.</p><p>Two.</p>") == "One.\n\nTwo."


def test_code_and_links() -> None:
    text = html_to_text(
        '<p>Use <code>arn</code>, see <a href="https://x.test/a">docs</a>.</p>'
    )
    assert text == "Use ``arn``, see docs (https://x.test/a)."


def test_list_items_with_nested_paragraphs() -> None:
    text = html_to_text("<ul><li><p>first</p></li><li>second</li></ul>")
    assert text == "- first\n- second"


def test_entities_and_whitespace() -> None:
    assert html_to_text("<p>a &amp; b\n   c&lt;d</p>") == "a & b c<d"


def test_empty_documentation() -> None:
    assert html_to_text("<p/>") == ""


def test_wrap_keeps_width_and_item_indent() -> None:
    text = wrap_text("- " + "word " * 30, 40)
    lines = text.splitlines()
    assert all(len(line) <= 40 for line in lines)
    assert lines[0].startswith("- ")
    assert all(line.startswith("  ") for line in lines[1:])
