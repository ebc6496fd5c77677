"""Set up a virtual environment in .venv and run a project task in it.

Usage: python3 dev.py demo | test | check | generate

Only Python 3.10+ and access to a package index are needed. The first run creates
.venv and installs the package in editable mode with its development extras. Later
runs reuse it and reinstall only when pyproject.toml has changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "installed-pyproject.sha256"


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_environment() -> Path:
    """Create .venv and install the project into it unless it is up to date."""
    python = venv_python()
    if not python.exists():
        print(f"creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)

    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return python

    print("installing ivsrealtime-client[dev] into .venv", flush=True)
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check"]
    subprocess.run([*pip, "--quiet", "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(digest)
    return python


def run(python: Path, *args: str) -> int:
    print("+", " ".join(args), flush=True)
    return subprocess.run([str(python), *args], cwd=ROOT).returncode


def task_test(python: Path, extra: list[str]) -> int:
    """Run the generator check, ruff, mypy --strict and the whole pytest suite."""
    steps = [
        ("-m", "codegen", "check"),
        ("-m", "ruff", "format", "--check", "."),
        ("-m", "ruff", "check", "."),
        ("-m", "mypy"),
    ]
    failed = [" ".join(step) for step in steps if run(python, *step) != 0]
    pytest_code = run(python, "-m", "pytest", *extra)
    if failed:
        print("failed steps: " + "; ".join(failed), file=sys.stderr)
        return 1
    return pytest_code


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test", "check", "generate"}:
        print(__doc__, file=sys.stderr)
        return 2
    task, extra = argv[0], argv[1:]
    python = ensure_environment()
    if task == "test":
        return task_test(python, extra)
    if task == "demo":
        return run(python, "-m", "ivsrealtime_client", "demo", *extra)
    return run(python, "-m", "codegen", task, *extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
