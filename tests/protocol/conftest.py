"""Fixtures of the protocol cases and the per-file summary printed at the end.

The cases live outside the repository (``IVSRT_PROTOCOL_TESTS``, by default
``../shared/protocol-tests`` from the repository root). When they are missing the
tests fail and name the missing file. They are never skipped, because CI runs them.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator

import pytest

from ivsrealtime_client.runtime.urllib3_transport import Urllib3Transport

from .cases import CASE_FILES, Case
from .generated import SuitePackages
from .wire import WireRecorder

_OUTCOMES = pytest.StashKey[dict[tuple[str, str], str]]()


@pytest.fixture(scope="package", autouse=True)
def isolated_aws_environment() -> Iterator[None]:
    """Keep the suite clients away from the machine's AWS settings and network.

    Clients get explicit keys, region and endpoint. The shared files point at an
    empty device and instance metadata is disabled, so nothing is read from the
    machine and no credential provider opens a connection.
    """
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.upper().startswith("AWS_"):
                patch.delenv(name)
        patch.setenv("AWS_EC2_METADATA_DISABLED", "true")
        patch.setenv("AWS_CONFIG_FILE", os.devnull)
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
        yield


@pytest.fixture(scope="package")
def suite_packages(tmp_path_factory: pytest.TempPathFactory) -> SuitePackages:
    """Generated suite packages, each generated once on first use."""
    return SuitePackages(tmp_path_factory.mktemp("protocol-suites"))


@pytest.fixture(scope="package")
def wire() -> Iterator[WireRecorder]:
    """The loopback recorder, sending through the client's default transport."""
    recorder = WireRecorder(Urllib3Transport())
    yield recorder
    recorder.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Record the outcome of each protocol case under its file and case id."""
    report = yield
    callspec = getattr(item, "callspec", None)
    case = callspec.params.get("case") if callspec is not None else None
    if isinstance(case, Case) and (report.when == "call" or report.failed):
        outcome: str = "failed" if report.failed else report.outcome
        if hasattr(report, "wasxfail"):
            outcome = "xfailed" if report.skipped else "xpassed"
        outcomes = item.config.stash.setdefault(_OUTCOMES, {})
        outcomes[(case.suite.file, case.case_id)] = outcome
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print, per case file, how many cases passed and failed, and which failed."""
    outcomes = terminalreporter.config.stash.get(_OUTCOMES, {})
    if not outcomes:
        return
    terminalreporter.section("rest-json protocol cases")
    for name in CASE_FILES:
        by_outcome: dict[str, list[str]] = {}
        for (file, case_id), outcome in outcomes.items():
            if file == name:
                by_outcome.setdefault(outcome, []).append(case_id)
        if not by_outcome:
            continue
        counts = [f"{len(by_outcome.get(o, []))} {o}" for o in ("passed", "failed")]
        counts += [
            f"{len(by_outcome[o])} {o}"
            for o in ("xfailed", "xpassed")
            if o in by_outcome
        ]
        terminalreporter.write_line(f"{name}: {', '.join(counts)}")
        for outcome in ("failed", "xfailed", "xpassed"):
            for case_id in by_outcome.get(outcome, []):
                terminalreporter.write_line(f"    {outcome}: {case_id}")
