"""Request cases marked as expected to fail: the client does what botocore does.

A mark states that botocore's behaviour decides the case. These tests check that
claim: they run botocore's own rest-json serializer or parser on the same suite
model and case, and compare the parts the case is about with the client's result.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import botocore.model
import botocore.parsers
import botocore.serialize
import pytest

from ivsrealtime_client.runtime.transport import HttpHeaders

from . import test_requests
from .cases import Case, Kind, case_parameters, suite_model
from .generated import SuitePackages
from .values import to_model

pytestmark = pytest.mark.protocol


def _marked_cases(kind: Kind, reasons: Mapping[str, str]) -> list[Any]:
    """Return the parameters, without marks, of the cases that ``reasons`` lists."""
    marked = []
    for parameter in case_parameters(kind, {}):
        case = parameter.values[0]
        if isinstance(case, str) or case.case_id in reasons:
            marked.append(parameter)
    return marked


def _botocore_operation(case: Case) -> Any:
    model = botocore.model.ServiceModel(suite_model(case.suite))
    return model.operation_model(case.operation)


@pytest.mark.parametrize(
    "marked_case", _marked_cases("input", test_requests.EXPECTED_FAILURES)
)
def test_marked_request_matches_botocore(
    marked_case: Case | str, suite_packages: SuitePackages
) -> None:
    if isinstance(marked_case, str):
        pytest.fail(marked_case)
    case = marked_case
    package = suite_packages.get(case.suite)
    operation = package.operation(case.operation)
    assert operation.input is not None
    params = case.raw["params"]
    request = package.client._prepare_request(
        operation, to_model(params, operation.input)
    )

    serializer = botocore.serialize.create_serializer(
        "rest-json", include_validation=False
    )
    present = {key: value for key, value in params.items() if value is not None}
    expected = serializer.serialize_to_request(present, _botocore_operation(case))

    ours = HttpHeaders(request.headers)
    theirs = HttpHeaders(expected["headers"])
    serialized = case.raw["serialized"]
    names = [*serialized.get("headers", {}), *serialized.get("forbidHeaders", ())]
    for name in names:
        assert ours.get(name) == theirs.get(name), f"header {name} differs"
