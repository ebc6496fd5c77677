"""botocore's rest-json response cases, parsed by the generated clients.

Each case's status, headers (with the case's spelling of their names) and body
go through ``BaseClient._handle_response``, the step that turns a response into
the operation's output or raises its error. The typed output is converted back
to plain data keyed by member name and compared with the case's ``result``.
For error cases the raised class must be the modeled error of ``errorCode`` (or
the generic ``ServiceError`` for a code the model does not know), with the
expected code, message and modeled members.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from ivsrealtime_client.runtime.errors import ModeledServiceError, ServiceError
from ivsrealtime_client.runtime.schema import OperationSchema
from ivsrealtime_client.runtime.transport import HttpResponse

from .cases import Case, case_parameters
from .generated import SuitePackage, SuitePackages
from .values import same_data, structure_to_plain

pytestmark = pytest.mark.protocol

EXPECTED_FAILURES: dict[str, str] = {}
"""Case id to the reason it is expected to fail; every entry is a shortcoming.

No response case is marked. A new mark needs a test beside the request marks in
test_expected_failures.py that shows botocore parses the case the same way.
"""


@pytest.mark.parametrize("case", case_parameters("output", EXPECTED_FAILURES))
def test_response_case(case: Case | str, suite_packages: SuitePackages) -> None:
    if isinstance(case, str):
        pytest.fail(case)
    package = suite_packages.get(case.suite)
    operation = package.operation(case.operation)
    raw = case.raw["response"]
    response = HttpResponse(
        status_code=raw["status_code"],
        headers=dict(raw.get("headers", {})),
        body=raw.get("body", "").encode("utf-8"),
    )

    if "error" in case.raw:
        _check_error(case.raw, package, operation, response)
        return
    output = operation.output.python_class if operation.output else type(None)
    result = package.client._handle_response(operation, response, output)
    plain = structure_to_plain(result, operation.output) if operation.output else {}
    assert same_data(plain, case.raw["result"]), (
        f"parsed {plain!r} != {case.raw['result']!r}"
    )


def _check_error(
    expected: Mapping[str, Any],
    package: SuitePackage,
    operation: OperationSchema,
    response: HttpResponse,
) -> None:
    output = operation.output.python_class if operation.output else type(None)
    with pytest.raises(ServiceError) as raised:
        package.client._handle_response(operation, response, output)
    error = raised.value
    code = expected["errorCode"]
    shape = getattr(package.schema, f"S_{code}", None)

    assert error.code == code, f"error code {error.code!r} != {code!r}"
    assert error.message == expected.get("errorMessage", ""), (
        f"error message {error.message!r} != {expected.get('errorMessage', '')!r}"
    )
    if shape is None or shape.exception_class is None:
        assert type(error) is ServiceError, f"{type(error)} for unmodeled {code}"
        assert expected["error"] == {}, "the case expects members of an unknown error"
        return
    assert type(error) is shape.exception_class, f"{type(error)} raised for {code}"
    assert isinstance(error, ModeledServiceError)
    members = structure_to_plain(error.data, shape)
    assert same_data(members, expected["error"]), (
        f"error members {members!r} != {expected['error']!r}"
    )
