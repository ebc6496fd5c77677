"""botocore's rest-json request cases, run through the generated clients.

Each case's parameters become model instances and go through
``BaseClient._prepare_request``, the step that validates, serializes, compresses
and checksums a call before it is signed and sent. Validation stays on. The
result is compared with the case field by field:

- method, path and query: the query as ``key=value`` items in their encoded form,
  in any order across keys but in order within one key, because list members
  repeat their key and the protocol keeps the items' order;
- headers: names ignore case. List-valued headers are compared item by item,
  because botocore joins items with "," and the cases with ", ". RFC 9110 reads
  both as the same list, and the client keeps botocore's bytes;
- body: as JSON data when both sides parse as JSON, as bytes otherwise;
- host: the URL's host, with any path of the expected host checked in the path.

Legacy cases describe what the serializer produces, so their headers are checked
on the prepared request. Current cases describe the request as the server gets
it (some require ``Content-Length``), so their headers are checked on the request
that the default transport delivered to a loopback server.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import pytest

from ivsrealtime_client.runtime.request_body import MIN_COMPRESSION_SIZE
from ivsrealtime_client.runtime.rest_json import serialize_request
from ivsrealtime_client.runtime.schema import OperationSchema
from ivsrealtime_client.runtime.transport import HttpRequest

from .cases import Case, case_parameters
from .generated import SuitePackages
from .values import same_data, to_model
from .wire import WireRecorder

pytestmark = pytest.mark.protocol

EXPECTED_FAILURES: dict[str, str] = {
    "RestJsonNullAndEmptyHeaders": (
        "botocore sends no header for an empty list, and the legacy case 'List in "
        "header#1' forbids one, while this case expects X-C with an empty value. "
        "The two cases contradict each other; botocore's behaviour decides."
    ),
}
"""Case id to the reason it is expected to fail; every entry is a shortcoming."""

LIST_VALUED_HEADERS = frozenset({"content-encoding"})
"""Headers that are lists although no member models them as one."""


@pytest.mark.parametrize("case", case_parameters("input", EXPECTED_FAILURES))
def test_request_case(
    case: Case | str, suite_packages: SuitePackages, wire: WireRecorder
) -> None:
    if isinstance(case, str):
        pytest.fail(case)
    package = suite_packages.get(case.suite)
    operation = package.operation(case.operation)
    params = _params(case, operation)
    request = package.client._prepare_request(operation, params)
    expected: Mapping[str, Any] = case.raw["serialized"]

    if "method" in expected:
        assert request.method == expected["method"], f"method {request.method}"
    _check_target(request, expected["uri"])
    if "host" in expected:
        _check_host(request, expected["host"])
    if "body" in expected:
        _check_body(request.body, expected["body"])
    if operation.request_compression:
        plain = serialize_request(operation, params, package.client._converter).body
        _check_compressed(request, plain)

    if case.suite.legacy:
        headers = list(request.headers.items())
    else:
        delivered = wire.send(request)
        assert delivered.target == _target(request), "transport changed the target"
        assert delivered.body == request.body, "transport changed the body"
        headers = list(delivered.headers)
    _check_headers(headers, expected, request.body, _list_headers(operation))


def _params(case: Case, operation: OperationSchema) -> Any:
    params = case.raw.get("params", {})
    if operation.input is None:
        assert not params, f"{case.operation} has no input but the case sets {params}"
        return None
    return to_model(params, operation.input)


def _target(request: HttpRequest) -> str:
    parts = urlsplit(request.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _query_items(query: str) -> list[str]:
    """Split a query into encoded ``key=value`` items, stably sorted by key."""
    items = [item for item in query.split("&") if item]
    return sorted(items, key=lambda item: item.split("=", 1)[0])


def _check_target(request: HttpRequest, expected_uri: str) -> None:
    path, _, query = _target(request).partition("?")
    expected_path, _, expected_query = expected_uri.partition("?")
    assert path == expected_path, f"path {path!r} != {expected_path!r}"
    assert _query_items(query) == _query_items(expected_query), (
        f"query {query!r} != {expected_query!r}"
    )


def _check_host(request: HttpRequest, expected_host: str) -> None:
    # The cases write a client endpoint with a base path as "example.com/custom";
    # the path part must lead the request path, the rest is the host.
    parts = urlsplit(request.url)
    host, _, base_path = expected_host.partition("/")
    assert parts.netloc == host, f"host {parts.netloc!r} != {host!r}"
    if base_path:
        assert parts.path.startswith(f"/{base_path}/"), f"path {parts.path!r}"


def _check_body(actual: bytes, expected: str) -> None:
    try:
        actual_data, expected_data = json.loads(actual), json.loads(expected)
    except ValueError:
        assert actual == expected.encode("utf-8"), f"body {actual!r} != {expected!r}"
        return
    assert same_data(actual_data, expected_data), (
        f"JSON body {actual_data!r} != {expected_data!r}"
    )


def _check_compressed(request: HttpRequest, plain: bytes) -> None:
    """Check that a body of the minimum size or more is sent as gzip of ``plain``."""
    encodings = _split_list(_header_value(request.headers.items(), "Content-Encoding"))
    if len(plain) < MIN_COMPRESSION_SIZE:
        assert "gzip" not in encodings, f"{len(plain)} bytes compressed"
        assert request.body == plain, "small body changed"
        return
    assert "gzip" in encodings, f"Content-Encoding is {encodings}, not gzip"
    assert gzip.decompress(request.body) == plain, "gzip body is not the JSON body"


def _list_headers(operation: OperationSchema) -> frozenset[str]:
    names = set(LIST_VALUED_HEADERS)
    if operation.input is not None:
        for member in operation.input.members:
            if member.location == "header" and member.shape.type == "list":
                names.add(member.wire_name.lower())
    return frozenset(names)


def _header_value(headers: Sequence[tuple[str, str]] | Any, name: str) -> str | None:
    values = [value for key, value in headers if key.lower() == name.lower()]
    assert len(values) <= 1, f"header {name} sent {len(values)} times: {values}"
    return values[0] if values else None


def _split_list(value: str | None) -> list[str]:
    """Split a list-valued header at commas outside double quotes, items trimmed."""
    if value is None:
        return []
    items, current, quoted, escaped = [], "", False, False
    for char in value:
        if char == "," and not quoted:
            items.append(current.strip())
            current = ""
            continue
        current += char
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
    items.append(current.strip())
    return items


def _check_headers(
    headers: list[tuple[str, str]],
    expected: Mapping[str, Any],
    body: bytes,
    list_headers: frozenset[str],
) -> None:
    for name, expected_value in expected.get("headers", {}).items():
        actual = _header_value(headers, name)
        assert actual is not None, f"header {name} is missing"
        if name.lower() == "content-md5":
            _check_content_md5(actual, expected_value, body, expected["body"])
        elif name.lower() in list_headers:
            assert _split_list(actual) == _split_list(expected_value), (
                f"header {name}: {actual!r} != {expected_value!r}"
            )
        else:
            assert actual == expected_value, (
                f"header {name}: {actual!r} != {expected_value!r}"
            )
    for name in expected.get("requireHeaders", ()):
        assert _header_value(headers, name) is not None, f"header {name} is missing"
    for name in expected.get("forbidHeaders", ()):
        actual = _header_value(headers, name)
        assert actual is None, f"header {name} is forbidden but sent as {actual!r}"


def _check_content_md5(
    actual: str, expected: str, body: bytes, expected_body: str
) -> None:
    # The case's digest covers its own compact JSON text, while the client sends
    # botocore's spacing. So the rule is checked on each side instead: a digest
    # is the base64 MD5 of the body it comes with.
    assert actual == _md5(body), f"Content-MD5 {actual!r} is not the body's MD5"
    compact = json.dumps(json.loads(expected_body), separators=(",", ":"))
    assert expected == _md5(compact.encode("utf-8")), "case digest rule differs"


def _md5(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode("ascii")
