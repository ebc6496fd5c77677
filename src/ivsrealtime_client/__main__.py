"""Command line of the package: ``ivsrealtime-client demo``.

Also runs as ``python -m ivsrealtime_client demo``.
"""

from __future__ import annotations

import argparse
import sys

from .runtime.errors import SDKError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="ivsrealtime-client", description="Tools of the IVS Real-Time client."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo",
        help="run a full workflow against the embedded emulator or a given endpoint",
    )
    demo.add_argument(
        "--region",
        help="run against AWS in this region with the standard AWS credentials",
    )
    demo.add_argument("--endpoint-url", help="run against this endpoint instead")
    args = parser.parse_args(argv)

    from .demo import run_demo

    try:
        return run_demo(sys.stdout, endpoint_url=args.endpoint_url, region=args.region)
    except SDKError as exc:
        print(f"demo failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
