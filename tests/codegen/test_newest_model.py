"""The newest model of the service shipped in botocore generates and type-checks."""

from __future__ import annotations

import gzip
import importlib
import json
import subprocess
import sys
from pathlib import Path

import botocore

from codegen.__main__ import DEFAULT_OVERRIDES
from codegen.loader import build_service
from codegen.overrides import apply_overrides
from codegen.render import render_service, write_files

MODEL_DIR = Path(botocore.__file__).parent / "data" / "ivs-realtime" / "2020-07-14"


def load_newest_model() -> dict[str, object]:
    path = MODEL_DIR / "service-2.json.gz"
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            model: dict[str, object] = json.load(stream)
            return model
    plain: dict[str, object] = json.loads(
        (MODEL_DIR / "service-2.json").read_text(encoding="utf-8")
    )
    return plain


def test_newest_model_generates_imports_and_type_checks(tmp_path: Path) -> None:
    model = load_newest_model()
    overrides = json.loads(DEFAULT_OVERRIDES.read_text(encoding="utf-8"))
    service = build_service(apply_overrides(model, overrides), "service-2.json")
    assert len(service.operations) >= 39

    # Every operation with a nextToken in its input and output gets a paginator,
    # where botocore's paginator file for this model lists only three.
    with_tokens = [
        operation.name
        for operation in service.operations
        if operation.input
        and operation.output
        and any(m.name == "nextToken" for m in service.shape(operation.input).members)
        and any(m.name == "nextToken" for m in service.shape(operation.output).members)
    ]
    paginated = [
        operation.name for operation in service.operations if operation.paginator
    ]
    assert len(with_tokens) >= 10
    assert paginated == with_tokens

    package = tmp_path / "newest_ivsrealtime"
    write_files(render_service(service), package)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "py.typed").write_text("", encoding="utf-8")

    sys.path.insert(0, str(tmp_path))
    try:
        client_module = importlib.import_module("newest_ivsrealtime.client")
        models = importlib.import_module("newest_ivsrealtime.models")
    finally:
        sys.path.remove(str(tmp_path))
    client_class = client_module.IVSRealTimeClient
    assert hasattr(client_class, "create_ingest_configuration")
    assert hasattr(models, "IngestConfiguration")

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "-p",
            "newest_ivsrealtime",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"MYPYPATH": str(tmp_path), "PATH": "", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
