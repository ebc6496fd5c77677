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
EMULATOR_TABLES = frozenset({"meta", *RESOURCE_TABLES})

# Written to the database header with PRAGMA application_id when the emulator
# creates a database, so that an unrelated SQLite file is recognised and left
# alone. The value is "IVSR" in ASCII.
APPLICATION_ID = 0x49565352

# Names of the meta rows that record the region and account id a database was
# created for. Its stage ARNs contain both, so they must not change.
_REGION_KEY = "region"
_ACCOUNT_ID_KEY = "account_id"


class Store:
    """The emulator's SQLite database, in memory unless given a file path."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        region: str,
        account_id: str,
    ) -> None:
        """Open the database and create its tables if they are missing.

        A new database records ``region`` and ``account_id``, and reopening it
        requires the same values.

        Raises:
            DatabaseOpenError: the file's directory is missing, SQLite cannot
                open or write the file, the file is a SQLite database that the
                emulator did not create, or it was created for another region
                or account id.
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
            self._set_up(region, account_id, on_disk=path is not None)
        except DatabaseOpenError:
            self._connection.close()
            raise
        except sqlite3.Error as exc:
            # SQLite reads the file only now, so a file that is not a database
            # fails here rather than in connect().
            self._connection.close()
            raise DatabaseOpenError(self.path, str(exc)) from exc
        logger.debug("opened emulator database %s", self.path)

    def _set_up(self, region: str, account_id: str, *, on_disk: bool) -> None:
        """Check the file, create the schema and check or record the identity.

        The checks run before any write, so a file that fails them is left
        unchanged. The transaction rolls back, and WAL mode is set only after it.
        """
        if on_disk:
            self._connection.execute("PRAGMA synchronous=FULL")
        with self.transaction() as connection:
            self._check_application(connection)
            # executescript() would commit on its own, so run statement by
            # statement inside this transaction.
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA application_id={APPLICATION_ID}")
            self._check_identity(connection, region, account_id)
        if on_disk:
            self._connection.execute("PRAGMA journal_mode=WAL")

    def _check_application(self, connection: sqlite3.Connection) -> None:
        """Raise DatabaseOpenError unless the emulator created the database.

        An empty database counts as the emulator's, because it is about to be
        created. A database without the application id but with exactly the
        emulator's tables was created before the id was written, and is adopted.
        """
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        if application_id == APPLICATION_ID:
            return
        tables = {
            row["name"]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            )
        }
        if application_id == 0 and (not tables or tables == EMULATOR_TABLES):
            return
        described = ", ".join(sorted(tables)) if tables else "no tables"
        raise DatabaseOpenError(
            self.path,
            f"it is not an emulator database (application id {application_id}, "
            f"tables: {described}); give a new file or one the emulator created",
        )

    def _check_identity(
        self, connection: sqlite3.Connection, region: str, account_id: str
    ) -> None:
        """Record the region and account id, or raise if they differ."""
        stored = {
            row["name"]: str(row["value"])
            for row in connection.execute(
                "SELECT name, value FROM meta WHERE name IN (?, ?)",
                (_REGION_KEY, _ACCOUNT_ID_KEY),
            )
        }
        if not stored:
            # A new database, or one created before the region and account id
            # were stored. Such an old database adopts the current values,
            # because the ones it was created with are not recorded.
            connection.executemany(
                "INSERT INTO meta (name, value) VALUES (?, ?)",
                [(_REGION_KEY, region), (_ACCOUNT_ID_KEY, account_id)],
            )
            return
        stored_region = stored.get(_REGION_KEY)
        stored_account_id = stored.get(_ACCOUNT_ID_KEY)
        if stored_region == region and stored_account_id == account_id:
            return
        raise DatabaseOpenError(
            self.path,
            f"it was created for region {stored_region} and account "
            f"{stored_account_id}, not region {region} and account {account_id}; "
            "start with the stored values or give another file",
        )

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
