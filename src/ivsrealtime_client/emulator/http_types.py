"""HTTP request and response values passed between the server and the handlers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl


@dataclass(frozen=True)
class HttpRequest:
    """A request as received, before any interpretation.

    ``raw_path`` and ``raw_query`` are still percent-encoded, because signature
    verification and URI label matching both need the bytes the client sent.
    """

    method: str
    raw_path: str
    raw_query: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    client_host: str

    def header(self, name: str) -> str | None:
        """Return the first value of a header, matched case-insensitively."""
        values = self.header_values(name)
        return values[0] if values else None

    def header_values(self, name: str) -> list[str]:
        lower = name.lower()
        return [value for key, value in self.headers if key.lower() == lower]

    def query_params(self) -> list[tuple[str, str]]:
        """Return the decoded query parameters in order, repeated keys included."""
        return parse_qsl(self.raw_query, keep_blank_values=True)


@dataclass
class HttpResponse:
    """A response to send; the server adds Content-Length and the date."""

    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    close: bool = False

    @classmethod
    def json(cls, status: int, document: Any) -> HttpResponse:
        body = json.dumps(document, ensure_ascii=False).encode()
        return cls(status, body, [("Content-Type", "application/json")])
