"""Steps that change a serialized request body: compression and its checksum.

Both run after serialization and before signing, in that order, as botocore runs
them: the checksum covers the compressed bytes that are sent.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from collections.abc import MutableMapping

from .schema import OperationSchema

MIN_COMPRESSION_SIZE = 10240
"""Smallest body in bytes that is compressed: botocore's default for
``request_min_compression_size_bytes``."""

# NOTE: botocore also reads request_min_compression_size_bytes and
# disable_request_compression from its configuration; this client always uses
# the default size and cannot turn compression off.

_CHECKSUM_HEADER_PREFIX = "x-amz-checksum-"


def compress_body(
    operation: OperationSchema, body: bytes, headers: MutableMapping[str, str]
) -> bytes:
    """Compress ``body`` with the first encoding the operation lists that is known.

    Only ``gzip`` is known. A body under ``MIN_COMPRESSION_SIZE`` bytes is sent as
    it is. The encoding is added to a ``Content-Encoding`` that a member set, after
    a comma, as botocore does; otherwise the header is set to it.
    """
    if len(body) < MIN_COMPRESSION_SIZE or "gzip" not in operation.request_compression:
        return body
    name = _find_header(headers, "Content-Encoding")
    if name is None:
        headers["Content-Encoding"] = "gzip"
    else:
        headers[name] = f"{headers[name]},gzip"
    # A fixed modification time keeps the compressed bytes the same on every call.
    return gzip.compress(body, mtime=0)


def add_content_md5(
    operation: OperationSchema, body: bytes, headers: MutableMapping[str, str]
) -> None:
    """Set ``Content-MD5`` when the operation requires a checksum and has none.

    A ``Content-MD5`` or ``x-amz-checksum-*`` header that a member set is kept.
    """
    if not operation.checksum_required:
        return
    for name in headers:
        lower = name.lower()
        if lower == "content-md5" or lower.startswith(_CHECKSUM_HEADER_PREFIX):
            return
    digest = hashlib.md5(body, usedforsecurity=False).digest()
    headers["Content-MD5"] = base64.b64encode(digest).decode("ascii")


def _find_header(headers: MutableMapping[str, str], name: str) -> str | None:
    lower = name.lower()
    return next((key for key in headers if key.lower() == lower), None)
