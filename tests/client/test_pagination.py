"""PageIterator: lazy pages, items, and the three ways paging stops."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest

from ivsrealtime_client.runtime.pagination import PageIterator


@attrs.frozen
class Page:
    items: list[int] | None
    next_token: str | None


def scripted(
    pages: dict[str | None, Page],
) -> tuple[Callable[[str | None], Page], list[str | None]]:
    """Return a fetch function serving ``pages`` by token, and the tokens it got."""
    requested: list[str | None] = []

    def fetch(token: str | None) -> Page:
        requested.append(token)
        return pages[token]

    return fetch, requested


def iterator(
    fetch: Callable[[str | None], Page], start: str | None = None
) -> PageIterator[Page, int]:
    return PageIterator(fetch, lambda p: p.next_token, lambda p: p.items, start)


def test_follows_tokens_to_last_page() -> None:
    fetch, requested = scripted(
        {None: Page([1, 2], "a"), "a": Page([3], "b"), "b": Page([4], None)}
    )

    assert list(iterator(fetch).items()) == [1, 2, 3, 4]
    assert requested == [None, "a", "b"]


@pytest.mark.parametrize("last_token", [None, ""])
def test_stops_on_missing_or_empty_token(last_token: str | None) -> None:
    fetch, requested = scripted({None: Page([1], "a"), "a": Page([2], last_token)})

    assert len(list(iterator(fetch))) == 2
    assert requested == [None, "a"]


def test_stops_on_repeated_token() -> None:
    fetch, requested = scripted({None: Page([1], "a"), "a": Page([2], "a")})

    assert list(iterator(fetch).items()) == [1, 2]
    assert requested == [None, "a"]


def test_stops_on_token_seen_earlier() -> None:
    fetch, requested = scripted(
        {None: Page([1], "a"), "a": Page([2], "b"), "b": Page([3], "a")}
    )

    assert list(iterator(fetch).items()) == [1, 2, 3]
    assert requested == [None, "a", "b"]


def test_fetches_lazily() -> None:
    fetch, requested = scripted({None: Page([1], "a"), "a": Page([2], None)})

    pages = iter(iterator(fetch))
    assert requested == []
    next(pages)
    assert requested == [None]


def test_starting_token_resumes() -> None:
    fetch, requested = scripted({"a": Page([2], None)})

    assert list(iterator(fetch, start="a").items()) == [2]
    assert requested == ["a"]


def test_page_without_items_is_skipped() -> None:
    fetch, _ = scripted({None: Page(None, "a"), "a": Page([5], None)})

    assert list(iterator(fetch).items()) == [5]
