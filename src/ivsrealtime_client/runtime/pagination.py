"""Iteration over the pages and items of list operations."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

PageT = TypeVar("PageT")
ItemT = TypeVar("ItemT")

logger = logging.getLogger("ivsrealtime_client.pagination")


class PageIterator(Generic[PageT, ItemT]):
    """Fetches pages lazily by following the continuation token.

    Iterating the object yields pages; ``items()`` yields the items of every page.
    Paging stops when a page's token is missing or empty, or repeats the token that
    fetched it (a service that repeats a token would otherwise loop for ever).
    """

    def __init__(
        self,
        fetch: Callable[[str | None], PageT],
        next_token: Callable[[PageT], str | None],
        page_items: Callable[[PageT], Sequence[ItemT] | None],
        starting_token: str | None = None,
    ) -> None:
        self._fetch = fetch
        self._next_token = next_token
        self._page_items = page_items
        self._starting_token = starting_token

    def __iter__(self) -> Iterator[PageT]:
        return self.pages()

    def pages(self) -> Iterator[PageT]:
        """Yield each page, fetching the next one only when it is requested."""
        token = self._starting_token
        seen: set[str] = set()
        while True:
            page = self._fetch(token)
            yield page
            new_token = self._next_token(page)
            if not new_token:
                return
            if new_token == token or new_token in seen:
                logger.debug("stopping pagination: token %s repeated", new_token[:8])
                return
            seen.add(new_token)
            token = new_token

    def items(self) -> Iterator[ItemT]:
        """Yield the items of every page in order."""
        for page in self.pages():
            yield from self._page_items(page) or ()
