"""Keyset pagination with ``maxResults`` and signed ``nextToken`` values.

Items are ordered by their insertion sequence number, and a token stores the
sequence number of the last item returned. Items created or deleted between
two pages therefore never shift the rest of the listing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .context import ServiceContext
from .signed_tokens import decode_page_token, encode_page_token, query_digest

DEFAULT_MAX_RESULTS = 50


@dataclass(frozen=True)
class PageRequest:
    """Start and size of one page of a listing."""

    operation: str
    digest: str
    after: int | None
    limit: int


def page_request(
    context: ServiceContext,
    operation: str,
    params: dict[str, Any],
    query: dict[str, Any],
) -> PageRequest:
    """Read ``maxResults`` and ``nextToken`` from validated request parameters.

    ``query`` contains the parameters that select the items (stage, filters); a
    token is valid only with the same ones. An empty ``nextToken`` means the
    first page.

    Raises:
        ServiceError: ValidationException for a forged or foreign token.
    """
    digest = query_digest(query)
    token = params.get("nextToken") or None
    after = None
    if token is not None:
        after = decode_page_token(context.page_token_key, token, operation, digest)
    limit = params.get("maxResults") or DEFAULT_MAX_RESULTS
    return PageRequest(operation=operation, digest=digest, after=after, limit=limit)


def split_page(
    context: ServiceContext, request: PageRequest, rows: Sequence[sqlite3.Row]
) -> tuple[Sequence[sqlite3.Row], str | None]:
    """Cut rows fetched with ``LIMIT limit + 1`` into a page and its nextToken."""
    if len(rows) <= request.limit:
        return rows, None
    page = rows[: request.limit]
    token = encode_page_token(
        context.page_token_key, request.operation, request.digest, page[-1]["seq"]
    )
    return page, token
