"""Participant tokens and pagination tokens, both signed with HMAC-SHA256.

A participant token has the form of a JWT (header, claims and MAC, each
base64url-encoded and joined by dots) signed with HS256. The real service issues
tokens that clients must treat as opaque, so only the emulator reads them.

A pagination token is the base64url encoding of a JSON payload followed by its
32-byte MAC. It matches the model's PaginationToken pattern, which excludes the
dot. The payload names the operation and a digest of the query that produced
it, so a token is rejected when forged or used for a different query.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from .errors import validation_error

_MAC_LENGTH = 32
_JWT_HEADER = {"alg": "HS256", "typ": "JWT"}


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, message: bytes) -> bytes:
    return hmac.new(key, message, hashlib.sha256).digest()


def _canonical_json(document: Any) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def encode_participant_token(key: bytes, claims: dict[str, Any]) -> str:
    """Sign participant token claims and return the token string."""
    signing_input = (
        _b64encode(_canonical_json(_JWT_HEADER))
        + "."
        + _b64encode(_canonical_json(claims))
    )
    signature = _mac(key, signing_input.encode("ascii"))
    return signing_input + "." + _b64encode(signature)


def decode_participant_token(key: bytes, token: str) -> dict[str, Any] | None:
    """Return the claims of a token signed with ``key``, or None if it is not one."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        signing_input = f"{parts[0]}.{parts[1]}".encode("ascii")
        signature = _b64decode(parts[2])
        claims = json.loads(_b64decode(parts[1]))
    except (UnicodeEncodeError, binascii.Error, ValueError):
        return None
    if not hmac.compare_digest(signature, _mac(key, signing_input)):
        return None
    return claims if isinstance(claims, dict) else None


def query_digest(query: dict[str, Any]) -> str:
    """Return a short digest of the parameters that select a list's items."""
    return hashlib.sha256(_canonical_json(query)).hexdigest()[:32]


def encode_page_token(key: bytes, operation: str, query: str, cursor: int) -> str:
    payload = _canonical_json({"op": operation, "q": query, "after": cursor})
    return _b64encode(payload + _mac(key, payload))


def decode_page_token(key: bytes, token: str, operation: str, query: str) -> int:
    """Return the cursor stored in a token issued for this operation and query.

    Raises:
        ServiceError: ValidationException if the token was not issued by this
            emulator, or was issued for another operation or query.
    """
    try:
        raw = _b64decode(token)
    except (binascii.Error, ValueError):
        raw = b""
    payload, mac = raw[:-_MAC_LENGTH], raw[-_MAC_LENGTH:]
    if len(raw) <= _MAC_LENGTH or not hmac.compare_digest(mac, _mac(key, payload)):
        raise validation_error(
            "The nextToken is not valid. Pass the nextToken of the previous "
            "response unchanged, or omit it to get the first page."
        )
    document = json.loads(payload)
    if document.get("op") != operation or document.get("q") != query:
        raise validation_error(
            "The nextToken was issued for a different request. Repeat the "
            "parameters of the request that returned it, or omit it to get the "
            "first page."
        )
    return int(document["after"])
