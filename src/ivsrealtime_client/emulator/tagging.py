"""Tags on taggable resources, addressed by ARN. In this model only stages."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from .context import ServiceContext
from .errors import not_found, validation_error

logger = logging.getLogger(__name__)

MAX_TAGS_PER_RESOURCE = 50
# The AWS tagging rules reserve this prefix for tags that AWS itself sets.
RESERVED_TAG_PREFIX = "aws:"

Params = dict[str, Any]


def tag_resource(context: ServiceContext, params: Params) -> Params:
    arn = params["resourceArn"]
    tags: dict[str, str] = params["tags"]
    validate_tag_keys(tags)
    with context.store.transaction() as connection:
        _require_taggable(connection, arn)
        existing = read_tags(connection, arn)
        total = len(existing.keys() | tags.keys())
        if total > MAX_TAGS_PER_RESOURCE:
            raise validation_error(
                f"Resource {arn} would have {total} tags, more than the maximum of "
                f"{MAX_TAGS_PER_RESOURCE}. Remove tags with UntagResource first."
            )
        write_tags(connection, arn, tags)
    logger.debug("tagged %s with %d tags", arn, len(tags))
    return {}


def untag_resource(context: ServiceContext, params: Params) -> Params:
    arn = params["resourceArn"]
    keys: list[str] = params["tagKeys"]
    validate_tag_keys(keys)
    with context.store.transaction() as connection:
        _require_taggable(connection, arn)
        connection.executemany(
            "DELETE FROM tags WHERE arn = ? AND key = ?", [(arn, key) for key in keys]
        )
    logger.debug("removed up to %d tags from %s", len(keys), arn)
    return {}


def list_tags_for_resource(context: ServiceContext, params: Params) -> Params:
    arn = params["resourceArn"]
    with context.store.transaction() as connection:
        _require_taggable(connection, arn)
        return {"tags": read_tags(connection, arn)}


def validate_tag_keys(keys: Iterable[str]) -> None:
    """Reject keys with the reserved ``aws:`` prefix, as AWS tagging does.

    Raises:
        ServiceError: ValidationException naming the first reserved key.
    """
    for key in keys:
        if key.lower().startswith(RESERVED_TAG_PREFIX):
            raise validation_error(
                f"Tag key '{key}' uses the reserved prefix '{RESERVED_TAG_PREFIX}'. "
                "Choose a key without it."
            )


def read_tags(connection: sqlite3.Connection, arn: str) -> dict[str, str]:
    rows = connection.execute(
        "SELECT key, value FROM tags WHERE arn = ? ORDER BY key", (arn,)
    ).fetchall()
    return {row["key"]: row["value"] for row in rows}


def write_tags(
    connection: sqlite3.Connection, arn: str, tags: Mapping[str, str]
) -> None:
    """Add tags to a resource, replacing the values of keys it already has."""
    connection.executemany(
        "INSERT INTO tags (arn, key, value) VALUES (?, ?, ?) "
        "ON CONFLICT (arn, key) DO UPDATE SET value = excluded.value",
        [(arn, key, value) for key, value in tags.items()],
    )


def _require_taggable(connection: sqlite3.Connection, arn: str) -> None:
    row = connection.execute("SELECT 1 FROM stages WHERE arn = ?", (arn,)).fetchone()
    if row is None:
        raise not_found(
            f"Resource {arn} was not found. Only stages of this account and region "
            "can be tagged; check the ARN."
        )
