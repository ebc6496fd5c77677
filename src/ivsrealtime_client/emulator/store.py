"""SQLite storage of the emulator's state.

One connection serves all threads behind a re-entrant lock, so that every
operation starts from a consistent state and leaves one. Each write runs in one
transaction that commits before the response is sent. With a database file,
the journal is WAL with ``synchronous=FULL``, so an acknowledged write survives
a kill of the process and a crash of the machine.
"""

from __future__ import annotations

import logging
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import DatabaseOpenError

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS stages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    arn TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    active_session_id TEXT
);
CREATE TABLE IF NOT EXISTS tags (
    arn TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (arn, key)
);
CREATE TABLE IF NOT EXISTS participant_tokens (
    participant_id TEXT PRIMARY KEY,
    stage_arn TEXT NOT NULL,
    user_id TEXT,
    attributes TEXT NOT NULL,
    capabilities TEXT NOT NULL,
    duration INTEGER NOT NULL,
    expiration_ms INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS participant_tokens_by_stage
    ON participant_tokens (stage_arn);
CREATE TABLE IF NOT EXISTS sessions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL UNIQUE,
    stage_arn TEXT NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms INTEGER
);
CREATE INDEX IF NOT EXISTS sessions_by_stage ON sessions (stage_arn, seq);
CREATE TABLE IF NOT EXISTS participants (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    user_id TEXT,
    attributes TEXT NOT NULL,
    client_attributes TEXT NOT NULL,
    state TEXT NOT NULL,
    published INTEGER NOT NULL DEFAULT 0,
    publishing INTEGER NOT NULL DEFAULT 0,
    first_join_ms INTEGER NOT NULL,
    UNIQUE (session_id, participant_id)
);
CREATE TABLE IF NOT EXISTS subscriptions (
    session_id TEXT NOT NULL,
    subscriber_id TEXT NOT NULL,
    publisher_id TEXT NOT NULL,
    PRIMARY KEY (session_id, subscriber_id, publisher_id)
);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    remote_participant_id TEXT,
    error_code TEXT,
    event_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_participant
    ON events (session_id, participant_id, seq);
"""

RESOURCE_TABLES = (
    "stages",
    "tags",
    "participant_tokens",
    "sessions",
    "participants",
    "subscriptions",
    "events",
)


class Store:
    """The emulator's SQLite database, in memory unless given a file path."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        """Open the database and create its tables if they are missing.

        Raises:
            DatabaseOpenError: the file's directory is missing, or SQLite cannot
                open or write the file, for example because it is not a SQLite
                database.
        """
        self.path = os.fspath(path) if path is not None else ":memory:"
        self._lock = threading.RLock()
        self._depth = 0
        if path is not None:
            _check_location(self.path)
        try:
            # isolation_level=None leaves transaction control to transaction().
            self._connection = sqlite3.connect(
                self.path, check_same_thread=False, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise DatabaseOpenError(self.path, str(exc)) from exc
        self._connection.row_factory = sqlite3.Row
        try:
            self._apply_pragmas_and_schema(on_disk=path is not None)
        except sqlite3.Error as exc:
            # SQLite reads the file only now, so a file that is not a database
            # fails here rather than in connect().
            self._connection.close()
            raise DatabaseOpenError(self.path, str(exc)) from exc
        logger.debug("opened emulator database %s", self.path)

    def _apply_pragmas_and_schema(self, *, on_disk: bool) -> None:
        if on_disk:
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute("PRAGMA synchronous=FULL")
        # executescript() would commit on its own, so run statement by statement
        # inside one transaction.
        with self.transaction() as connection:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a block as one transaction that commits, or rolls back on error.

        Nested use joins the outer transaction.
        """
        with self._lock:
            if self._depth > 0:
                self._depth += 1
                try:
                    yield self._connection
                finally:
                    self._depth -= 1
                return
            self._connection.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self._connection
            except BaseException:
                self._connection.execute("ROLLBACK")
                raise
            else:
                self._connection.execute("COMMIT")
            finally:
                self._depth = 0

    def secret(self, name: str) -> bytes:
        """Return a random 32-byte key stored under a name, creating it once.

        Keys live in the database so that participant tokens and pagination
        tokens stay valid when an emulator restarts on the same file.
        """
        with self.transaction() as connection:
            row = connection.execute(
                "SELECT value FROM meta WHERE name = ?", (name,)
            ).fetchone()
            if row is not None:
                return bytes(row["value"])
            value = secrets.token_bytes(32)
            connection.execute(
                "INSERT INTO meta (name, value) VALUES (?, ?)", (name, value)
            )
            return value

    def clear(self) -> None:
        """Delete every resource, keeping the signing keys."""
        with self.transaction() as connection:
            for table in RESOURCE_TABLES:
                connection.execute(f"DELETE FROM {table}")

    def close(self) -> None:
        with self._lock:
            self._connection.close()
        logger.debug("closed emulator database %s", self.path)


def _check_location(path: str) -> None:
    """Raise DatabaseOpenError for the path mistakes SQLite words vaguely.

    SQLite reports a missing directory, and a directory given as the file,
    only as "unable to open database file".
    """
    directory = os.path.dirname(path) or "."
    if not os.path.exists(directory):
        raise DatabaseOpenError(path, f"the directory {directory} does not exist")
    if not os.path.isdir(directory):
        raise DatabaseOpenError(path, f"{directory} is not a directory")
    if os.path.isdir(path):
        raise DatabaseOpenError(path, "it is a directory; give a file path")
