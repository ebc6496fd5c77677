"""Import cost: what importing the package and its modules loads."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def loaded_modules(statement: str) -> set[str]:
    """Run ``statement`` in a fresh interpreter and return ``sys.modules``."""
    code = f"{statement}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


def top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_package_import_loads_no_dependency() -> None:
    modules = top_level(loaded_modules("import ivsrealtime_client"))
    for name in ("botocore", "boto3", "jinja2", "attrs", "cattrs", "urllib3"):
        assert name not in modules, name


def test_models_import_loads_no_botocore() -> None:
    modules = top_level(
        loaded_modules("import ivsrealtime_client.models, ivsrealtime_client.errors")
    )
    assert "botocore" not in modules
    assert "urllib3" not in modules


@pytest.mark.parametrize("forbidden", ["boto3", "jinja2", "codegen", "requests"])
def test_client_import_skips_unused_packages(forbidden: str) -> None:
    modules = top_level(
        loaded_modules("from ivsrealtime_client import IVSRealTimeClient")
    )
    assert forbidden not in modules
