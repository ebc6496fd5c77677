"""Service model access for the emulator: operations, shapes and request routing.

The emulator reads the same JSON model that the client is generated from, but
through this module only, so it checks the client without sharing its code.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib.resources import files
from typing import Any
from urllib.parse import unquote

MODEL_PACKAGE = "ivsrealtime_client.data"
MODEL_FILE = "ivs-realtime-2020-07-14.service-2.json"

Shape = dict[str, Any]

_SUPPORTED_INPUT_LOCATIONS = frozenset({None, "uri", "querystring", "header"})


class RouteNotFound(Exception):
    """No operation of the model has a request URI that matches the path."""


class MethodNotAllowed(Exception):
    """Operations match the path, but none of them with the request's method."""

    def __init__(self, allowed: list[str]) -> None:
        super().__init__(", ".join(allowed))
        self.allowed = allowed


@dataclass(frozen=True)
class Operation:
    """One operation of the model with its HTTP binding."""

    name: str
    method: str
    path_template: tuple[str, ...]
    input_shape: str | None
    output_shape: str | None
    errors: tuple[str, ...]

    def match_path(self, raw_segments: list[str]) -> dict[str, str] | None:
        """Return the URI labels of a split, still percent-encoded path, or None.

        Each label value is percent-decoded exactly once, after splitting, so an
        ARN sent as one encoded segment keeps its "/" characters. Invalid UTF-8
        decodes to U+FFFD, which then fails the member's pattern.
        """
        labels: dict[str, str] = {}
        for index, template in enumerate(self.path_template):
            if template.startswith("{") and template.endswith("+}"):
                rest = "/".join(raw_segments[index:])
                labels[template[1:-2]] = unquote(rest)
                return labels if rest else None
            if index >= len(raw_segments):
                return None
            segment = raw_segments[index]
            if template.startswith("{") and template.endswith("}"):
                if not segment:
                    return None
                labels[template[1:-1]] = unquote(segment)
            elif segment != template:
                return None
        if len(raw_segments) != len(self.path_template):
            return None
        return labels


class ServiceModel:
    """Typed access to the parts of a botocore JSON service model the emulator uses."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.metadata: dict[str, Any] = document["metadata"]
        self.shapes: dict[str, Shape] = document["shapes"]
        self.operations: dict[str, Operation] = {}
        for name, spec in document["operations"].items():
            self.operations[name] = _operation_from_spec(name, spec)
        self._check_supported()

    @property
    def signing_name(self) -> str:
        return str(self.metadata.get("signingName", self.metadata["endpointPrefix"]))

    def shape(self, name: str) -> Shape:
        return self.shapes[name]

    def error_status(self, code: str) -> int | None:
        """Return the HTTP status of a modeled error, or None for other codes."""
        shape = self.shapes.get(code)
        if shape is None or not shape.get("exception"):
            return None
        return int(shape.get("error", {}).get("httpStatusCode", 400))

    def error_message_member(self, code: str) -> str | None:
        """Return the name of the string member that carries an error's message."""
        shape = self.shapes.get(code)
        if shape is None or not shape.get("exception"):
            return None
        for member in ("exceptionMessage", "message", "Message"):
            if member in shape.get("members", {}):
                return member
        return None

    def route(self, method: str, raw_path: str) -> tuple[Operation, dict[str, str]]:
        """Find the operation for a method and a percent-encoded path.

        Raises:
            RouteNotFound: no operation has a matching request URI.
            MethodNotAllowed: operations match the path but not the method.
        """
        raw_segments = raw_path.split("/")[1:]
        allowed: list[str] = []
        for operation in self.operations.values():
            labels = operation.match_path(raw_segments)
            if labels is None:
                continue
            if operation.method == method:
                return operation, labels
            allowed.append(operation.method)
        if allowed:
            raise MethodNotAllowed(sorted(set(allowed)))
        raise RouteNotFound(raw_path)

    def _check_supported(self) -> None:
        # Fail at startup rather than mis-parse requests of a model that binds
        # members to HTTP locations this emulator does not implement.
        for operation in self.operations.values():
            if operation.input_shape is None:
                continue
            members = self.shapes[operation.input_shape].get("members", {})
            for member_name, member in members.items():
                if member.get("location") not in _SUPPORTED_INPUT_LOCATIONS:
                    raise ValueError(
                        f"{operation.name}.{member_name} uses HTTP location "
                        f"{member.get('location')!r}, which the emulator does not "
                        "support"
                    )
            if self.shapes[operation.input_shape].get("payload"):
                raise ValueError(
                    f"{operation.name} binds a payload member, which the emulator "
                    "does not support"
                )


def _operation_from_spec(name: str, spec: dict[str, Any]) -> Operation:
    http = spec["http"]
    path = http["requestUri"].split("?", 1)[0]
    return Operation(
        name=name,
        method=http["method"].upper(),
        path_template=tuple(path.split("/")[1:]),
        input_shape=spec.get("input", {}).get("shape"),
        output_shape=spec.get("output", {}).get("shape"),
        errors=tuple(error["shape"] for error in spec.get("errors", [])),
    )


@functools.cache
def load_service_model() -> ServiceModel:
    """Load the service model shipped as package data, once per process."""
    resource = files(MODEL_PACKAGE).joinpath(MODEL_FILE)
    return ServiceModel(json.loads(resource.read_text(encoding="utf-8")))
