"""Command line entry point: ``ivsrealtime-emulator``."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from .context import (
    DEFAULT_PUBLISHER_QUOTA,
    DEFAULT_STAGE_QUOTA,
    DEFAULT_SUBSCRIBER_QUOTA,
)
from .errors import DatabaseOpenError
from .server import DEFAULT_MAX_BODY_BYTES


def non_negative_int(text: str) -> int:
    """Parse an option value that must be an integer of 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid integer {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(
            f"invalid value {value}; use an integer of 0 or more"
        )
    return value


def non_empty_str(text: str) -> str:
    """Parse an option value that must not be empty."""
    if not text:
        raise argparse.ArgumentTypeError("the value is empty; give a non-empty string")
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ivsrealtime-emulator",
        description=(
            "Serve a local emulator of the Amazon IVS Real-Time API until "
            "interrupted. Prints the endpoint URL and the credentials that "
            "requests must be signed with."
        ),
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: %(default)s)",
    )
    parser.add_argument(
        "--port", type=int, default=0, help="TCP port; 0 picks a free one (default: 0)"
    )
    parser.add_argument(
        "--region", default="us-east-1", help="region of the endpoint and its ARNs"
    )
    parser.add_argument(
        "--account-id", default="123456789012", help="12-digit account id in ARNs"
    )

    parser.add_argument(
        "--db",
        metavar="PATH",
        help="SQLite file that keeps state across restarts (default: in memory)",
    )
    parser.add_argument(
        "--access-key-id",
        type=non_empty_str,
        help="access key id to accept (default: random)",
    )
    parser.add_argument(
        "--secret-access-key",
        type=non_empty_str,
        help="secret access key to accept (default: random)",
    )

    parser.add_argument(
        "--stage-quota",
        type=non_negative_int,
        default=DEFAULT_STAGE_QUOTA,
        help="maximum number of stages (default: %(default)s)",
    )
    parser.add_argument(
        "--publisher-quota",
        type=non_negative_int,
        default=DEFAULT_PUBLISHER_QUOTA,
        help="maximum participants publishing at once per stage (default: %(default)s)",
    )
    parser.add_argument(
        "--subscriber-quota",
        type=non_negative_int,
        default=DEFAULT_SUBSCRIBER_QUOTA,
        help="maximum participants subscribing at once per stage "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--max-body-bytes",
        type=non_negative_int,
        default=DEFAULT_MAX_BODY_BYTES,
        help="largest request body accepted, in bytes (default: %(default)s)",
    )

    parser.add_argument(
        "--log-level",
        default="INFO",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="level of the log written to stderr (default: %(default)s)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the emulator until SIGINT or SIGTERM; return the exit status."""
    args = build_parser().parse_args(argv)
    if (args.access_key_id is None) != (args.secret_access_key is None):
        print(
            "ivsrealtime-emulator: give both --access-key-id and "
            "--secret-access-key, or neither",
            file=sys.stderr,
        )
        return 2
    logging.basicConfig(
        level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    from .app import Emulator

    try:
        emulator = Emulator(
            host=args.host,
            port=args.port,
            region=args.region,
            account_id=args.account_id,
            db_path=args.db,
            access_key_id=args.access_key_id,
            secret_access_key=args.secret_access_key,
            stage_quota=args.stage_quota,
            publisher_quota=args.publisher_quota,
            subscriber_quota=args.subscriber_quota,
            max_body_bytes=args.max_body_bytes,
        )
        emulator.start()
    except (ValueError, OSError, DatabaseOpenError) as exc:
        print(f"ivsrealtime-emulator: {exc}", file=sys.stderr)
        return 2

    stopped = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stopped.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    credentials = emulator.credentials
    print(
        f"IVS Real-Time emulator listening on {emulator.url}\n"
        f"  endpoint_url:          {emulator.url}\n"
        f"  region_name:           {emulator.region}\n"
        f"  account id:            {emulator.account_id}\n"
        f"  aws_access_key_id:     {credentials.access_key_id}\n"
        f"  aws_secret_access_key: {credentials.secret_access_key}\n"
        f"  admin API:             {emulator.url}/_emulator/\n"
        "Press Ctrl+C to stop.",
        flush=True,
    )
    try:
        # A timeout lets the main thread run the signal handlers on platforms
        # where Event.wait() cannot be interrupted.
        while not stopped.wait(1.0):
            pass
    finally:
        emulator.stop()
    return 0
