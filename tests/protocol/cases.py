"""botocore's rest-json protocol cases: where they are, how they are named.

The case folder contains ``botocore/`` with four files. Each file is a list of
suites; a suite carries a small model (metadata and shapes) and cases whose
``given`` is the operation under test. ``suite_model`` turns a suite into a full
model that the generator reads like any other service model.
"""

from __future__ import annotations

import copy
import functools
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import attrs
import pytest

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
FOLDER_VARIABLE = "IVSRT_PROTOCOL_TESTS"
DEFAULT_FOLDER = "../shared/protocol-tests"
"""Case folder used when ``IVSRT_PROTOCOL_TESTS`` is unset, from the repository root."""

CASE_FILES = (
    "input/rest-json.json",
    "output/rest-json.json",
    "legacy/input/rest-json.json",
    "legacy/output/rest-json.json",
)
"""Case files under ``<case folder>/botocore``, in report order."""

DEFAULT_OPERATION = "OperationName"
"""Operation name botocore's runner uses when a case's ``given`` has none."""

Kind = Literal["input", "output"]


class CaseFolderError(Exception):
    """Raised when the case folder or one of its files is missing or unreadable."""


@attrs.frozen
class Suite:
    """One suite of a case file: its position, description and raw JSON."""

    file: str
    index: int
    description: str
    raw: Mapping[str, Any] = attrs.field(eq=False, repr=False)

    @property
    def kind(self) -> Kind:
        return "output" if self.file.endswith("output/rest-json.json") else "input"

    @property
    def legacy(self) -> bool:
        return self.file.startswith("legacy/")


@attrs.frozen
class Case:
    """One case with the name of the operation it runs in the suite's model."""

    suite: Suite
    number: int
    case_id: str
    operation: str
    raw: Mapping[str, Any] = attrs.field(eq=False, repr=False)

    @property
    def test_id(self) -> str:
        """Pytest id: the case file without its extension, then the case id."""
        return f"{self.suite.file.removesuffix('/rest-json.json')}:{self.case_id}"


def case_folder() -> Path:
    """Return the case folder; a relative path is taken from the repository root."""
    configured = os.environ.get(FOLDER_VARIABLE) or DEFAULT_FOLDER
    return (REPOSITORY_ROOT / configured).resolve()


def load_cases(folder: Path) -> list[Case]:
    """Read every case of the four files under ``folder / "botocore"``.

    Raises:
        CaseFolderError: a file is missing or is not valid JSON.
    """
    cases: list[Case] = []
    for name in CASE_FILES:
        path = folder / "botocore" / name
        try:
            suites = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CaseFolderError(missing_folder_message(path)) from None
        except (OSError, ValueError) as exc:
            raise CaseFolderError(f"cannot read protocol cases {path}: {exc}") from exc
        for index, raw_suite in enumerate(suites):
            suite = Suite(name, index, raw_suite["description"], raw_suite)
            cases.extend(_suite_cases(suite))
    return cases


def missing_folder_message(path: Path) -> str:
    """Explain which file is missing and how to point the tests at the cases."""
    return (
        f"protocol case file {path} not found; copy botocore's rest-json "
        f"protocol cases there or set {FOLDER_VARIABLE} to the folder that "
        "contains botocore/input/rest-json.json"
    )


def _suite_cases(suite: Suite) -> list[Case]:
    names = operation_names(suite)
    cases = []
    for number, raw in enumerate(suite.raw["cases"]):
        case_id = raw.get("id") or f"{suite.description}#{number}"
        cases.append(Case(suite, number, case_id, names[number], raw))
    return cases


def operation_names(suite: Suite) -> list[str]:
    """Name the operation of each case, renaming a reused name with other content.

    Cases of one suite usually share one operation. When two cases give the same
    name to different operations, the later one becomes ``<name>2``, ``<name>3``
    and so on, because a model has each name only once.
    """
    seen: dict[str, Mapping[str, Any]] = {}
    names = []
    for raw in suite.raw["cases"]:
        given = raw["given"]
        base = given.get("name", DEFAULT_OPERATION)
        name, counter = base, 2
        while name in seen and seen[name] != given:
            name, counter = f"{base}{counter}", counter + 1
        seen[name] = given
        names.append(name)
    return names


def suite_model(suite: Suite) -> dict[str, Any]:
    """Build a full botocore-format model from a suite and its cases' operations.

    The generator needs a service id to name the client class, so the model gets
    ``ProtocolSuite``; every other metadata key is the suite's own.
    """
    operations: dict[str, Any] = {}
    for raw, name in zip(suite.raw["cases"], operation_names(suite), strict=True):
        operation = copy.deepcopy(dict(raw["given"]))
        operation["name"] = name
        operations[name] = operation
    metadata = {"serviceId": "ProtocolSuite", **suite.raw["metadata"]}
    return {
        "metadata": metadata,
        "shapes": copy.deepcopy(dict(suite.raw["shapes"])),
        "operations": operations,
    }


@functools.cache
def _cached_cases(folder: Path) -> list[Case] | str:
    try:
        return load_cases(folder)
    except CaseFolderError as exc:
        return str(exc)


def case_parameters(kind: Kind, expected_failures: Mapping[str, str]) -> list[Any]:
    """Pytest parameters of every case of ``kind``, named by ``Case.test_id``.

    A case listed in ``expected_failures`` gets a strict xfail mark with the
    reason given there. When the case folder is missing, the only parameter is
    the error message, which the test reports as a failure.
    """
    cases = _cached_cases(case_folder())
    if isinstance(cases, str):
        return [pytest.param(cases, id="case-folder-missing")]
    parameters = []
    for case in cases:
        if case.suite.kind != kind:
            continue
        reason = expected_failures.get(case.case_id)
        marks = []
        if reason:
            xfail = pytest.mark.xfail(reason=reason, strict=True, raises=AssertionError)
            marks.append(xfail)
        parameters.append(pytest.param(case, id=case.test_id, marks=marks))
    return parameters
