"""Command line of the generator: ``python -m codegen generate|check``."""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path
from typing import Any

from .loader import ModelError, load_service
from .overrides import OverrideError
from .render import render_service, write_files

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = ROOT / "model" / "codegen.json"
"""The project's default model, override file and output folder, relative to it."""


def _default_paths() -> tuple[Path, Path, Path]:
    settings = json.loads(SETTINGS_FILE.read_text(encoding="utf-8"))
    base = SETTINGS_FILE.parent
    return (
        (base / settings["model"]).resolve(),
        (base / settings["overrides"]).resolve(),
        (base / settings["out"]).resolve(),
    )


DEFAULT_MODEL, DEFAULT_OVERRIDES, DEFAULT_OUT = _default_paths()
MODEL_COPY = Path("data")
"""Folder under the package where the model is copied for the emulator."""


def generate_files(model: Path, overrides: Path | None) -> dict[str, str]:
    """Return every generated file, Python modules and the model copy, by path."""
    override_data: dict[str, Any] = {}
    if overrides is not None and overrides.exists():
        override_data = json.loads(overrides.read_text(encoding="utf-8"))
    service = load_service(model, override_data, model_file=model.name)
    files = render_service(service)
    files[str(MODEL_COPY / model.name)] = model.read_text(encoding="utf-8")
    return files


def stale_files(files: dict[str, str], out: Path) -> list[str]:
    """Names of generated files whose committed text differs from ``files``."""
    stale = []
    for name, text in files.items():
        path = out / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    parser.add_argument("command", choices=["generate", "check"])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument(
        "--overrides",
        type=Path,
        default=DEFAULT_OVERRIDES,
        help="JSON file of reviewed constraint corrections (default: %(default)s)",
    )
    parser.add_argument("--no-overrides", action="store_true")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    overrides = None if args.no_overrides else args.overrides
    try:
        files = generate_files(args.model, overrides)
    except (ModelError, OverrideError) as exc:
        print(f"generation failed: {exc}", file=sys.stderr)
        return 1

    if args.command == "check":
        stale = stale_files(files, args.out)
        for name in stale:
            print(f"stale: {args.out / name}", file=sys.stderr)
            path = args.out / name
            old = path.read_text(encoding="utf-8") if path.exists() else ""
            diff = difflib.unified_diff(
                old.splitlines(), files[name].splitlines(), lineterm="", n=1
            )
            print("\n".join(list(diff)[:40]), file=sys.stderr)
        if stale:
            print(
                "run `python -m codegen generate` and commit the result",
                file=sys.stderr,
            )
            return 1
        print(f"generated code is up to date ({len(files)} files)")
        return 0

    python_files = {k: v for k, v in files.items() if k.endswith(".py")}
    write_files(python_files, args.out)
    for name, text in files.items():
        if not name.endswith(".py"):
            path = args.out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
