"""URL helpers shared by the transports and the request pipeline."""

from __future__ import annotations


def url_without_query(url: str) -> str:
    """Return ``url`` without its query string or fragment.

    Logs and exception messages use this form because a query string can carry
    member values, and the runtime does not know which of them are sensitive.
    """
    end = len(url)
    for separator in ("?", "#"):
        index = url.find(separator)
        if index != -1:
            end = min(end, index)
    return url[:end]
