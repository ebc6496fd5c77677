"""Generate one client package per suite with the project's generator, and import it.

Each package is written to a temporary folder under a name of its own, such as
``protocol_legacy_input_12``, and imported from there. It is the same code path
that produces the committed IVS package: the loader, the templates and ruff
through ``codegen.__main__.generate_files``, with the shared runtime underneath.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs

from codegen.__main__ import generate_files
from ivsrealtime_client.runtime.config import Config
from ivsrealtime_client.runtime.schema import OperationSchema
from ivsrealtime_client.runtime.transport import HttpRequest, HttpResponse, Timeouts

from .cases import Suite, suite_model

DEFAULT_ENDPOINT = "https://example.com"
"""Endpoint of the clients of suites that name no ``clientEndpoint``."""

FIXED_IDEMPOTENCY_TOKEN = "00000000-0000-4000-8000-000000000000"
"""Token the cases expect when they leave an idempotency token unset."""

_GENERATED_MODULES = ("models", "errors", "_schema", "client", "paginators")


class OfflineTransport:
    """Transport of the suite clients: any attempt to send fails the test."""

    def send(self, request: HttpRequest, timeouts: Timeouts) -> HttpResponse:
        raise AssertionError(f"a protocol case tried to send {request.method}")

    def close(self) -> None:
        pass


@attrs.frozen
class SuitePackage:
    """A generated and imported suite package, with a client built without network."""

    name: str
    modules: dict[str, ModuleType] = attrs.field(eq=False, repr=False)
    client: Any = attrs.field(eq=False, repr=False)

    @property
    def schema(self) -> ModuleType:
        return self.modules["_schema"]

    @property
    def errors(self) -> ModuleType:
        return self.modules["errors"]

    def operation(self, name: str) -> OperationSchema:
        """Return the schema of operation ``name`` as the generated package has it."""
        operation = getattr(self.schema, f"OP_{name}")
        assert isinstance(operation, OperationSchema)
        return operation


class SuitePackages:
    """Generates each suite's package once, on first use, under ``root``."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._packages: dict[tuple[str, int], SuitePackage] = {}

    def get(self, suite: Suite) -> SuitePackage:
        """Return the suite's package, generating and importing it the first time."""
        key = (suite.file, suite.index)
        package = self._packages.get(key)
        if package is None:
            package = self._generate(suite)
            self._packages[key] = package
        return package

    def _generate(self, suite: Suite) -> SuitePackage:
        name = package_name(suite)
        folder = self._root / name
        folder.mkdir(parents=True)
        model_path = folder / "model.json"
        model_path.write_text(json.dumps(suite_model(suite)), encoding="utf-8")

        files = generate_files(model_path, None)
        (folder / "__init__.py").write_text("", encoding="utf-8")
        for file_name, text in files.items():
            if file_name.endswith(".py"):
                (folder / file_name).write_text(text, encoding="utf-8")

        modules = _import_package(name, folder)
        endpoint = suite.raw.get("clientEndpoint", DEFAULT_ENDPOINT)
        client = _build_client(modules["client"], endpoint)
        return SuitePackage(name, modules, client)


def package_name(suite: Suite) -> str:
    """Name a suite's package after its file and position, such as protocol_input_3."""
    stem = suite.file.removesuffix("/rest-json.json").replace("/", "_")
    return f"protocol_{stem}_{suite.index}"


def _import_package(name: str, folder: Path) -> dict[str, ModuleType]:
    spec = importlib.util.spec_from_file_location(
        name, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    spec.loader.exec_module(package)
    return {
        module: importlib.import_module(f"{name}.{module}")
        for module in _GENERATED_MODULES
    }


def _build_client(client_module: ModuleType, endpoint: str) -> Any:
    client_classes = [
        value
        for key, value in vars(client_module).items()
        if key.endswith("Client")
        and isinstance(value, type)
        and value.__module__ == client_module.__name__
    ]
    assert len(client_classes) == 1, f"expected one client class: {client_classes}"
    client = client_classes[0](
        region_name="us-east-1",
        endpoint_url=endpoint,
        aws_access_key_id="AKIDPROTOCOLTESTS",
        aws_secret_access_key="protocol-tests-secret",
        config=Config(transport=OfflineTransport()),
    )
    client._new_idempotency_token = lambda: FIXED_IDEMPOTENCY_TOKEN
    return client
