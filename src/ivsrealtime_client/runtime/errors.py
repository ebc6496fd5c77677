"""Exceptions raised by the client runtime.

Every exception the package raises derives from ``SDKError``::

    SDKError
    ├── ParamValidationError      input breaks a model constraint; nothing was sent
    ├── ServiceError              the service returned an error response
    │   └── <one class per modeled error, generated>
    ├── TransportError            no usable HTTP response was received
    │   ├── EndpointConnectionError
    │   ├── ConnectTimeoutError
    │   └── ReadTimeoutError
    ├── ResponseParseError        a response body could not be decoded
    └── ConfigurationError        credentials, region or endpoint are missing or invalid
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from .transport import HttpHeaders


class SDKError(Exception):
    """Root of every exception raised by this package.

    Every subclass pickles and copies with its attributes, so that an error can
    cross a process boundary, such as from a ``ProcessPoolExecutor`` worker.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        # The subclasses take keyword-only arguments, which the default reduction
        # of exceptions cannot pass, so the state is restored without __init__.
        return (_restore_error, (type(self), self.args, self.__dict__))


def _restore_error(
    cls: type[SDKError], args: tuple[Any, ...], state: dict[str, Any]
) -> SDKError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


@attrs.frozen
class Violation:
    """One broken constraint: where it is and what is wrong."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ParamValidationError(SDKError, ValueError):
    """Raised before any network I/O when the input breaks model constraints.

    ``violations`` lists every broken constraint of the call, each with the path of
    the value in Python attribute names, such as ``configurations[2].duration``.
    """

    MAX_LISTED = 50
    """Violations listed in the message; ``violations`` always has all of them."""

    def __init__(self, operation: str, violations: Sequence[Violation]) -> None:
        self.operation = operation
        self.violations = tuple(violations)
        listed = [f"  {violation}" for violation in self.violations[: self.MAX_LISTED]]
        count = len(self.violations)
        if count > self.MAX_LISTED:
            listed.append(f"  ... and {count - self.MAX_LISTED} more")
        noun = "violation" if count == 1 else "violations"
        lines = "\n".join(listed)
        super().__init__(f"invalid input for {operation}, {count} {noun}:\n{lines}")


class ServiceError(SDKError):
    """Raised when the service returns an error response.

    Modeled errors raise a generated subclass named after the model's error shape.
    An error code the model does not know raises this class itself.
    """

    def __init__(
        self,
        *,
        code: str,
        message: str,
        status_code: int,
        request_id: str | None,
        operation: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.status_code = status_code
        self.request_id = request_id
        self.operation = operation
        # A copy whose lookups ignore case, as the response's headers do.
        self.headers: Mapping[str, str] = HttpHeaders(headers or {})
        super().__init__(self._format())

    def _format(self) -> str:
        text = f"{self.operation} failed with {self.code} (HTTP {self.status_code})"
        if self.message:
            text += f": {self.message}"
        if self.request_id:
            text += f" [request id {self.request_id}]"
        return text


class TransportError(SDKError):
    """Raised when no usable HTTP response was received."""

    def __init__(self, message: str, *, url: str) -> None:
        self.url = url
        super().__init__(message)


class EndpointConnectionError(TransportError):
    """Raised when the connection could not be opened or was reset."""


class ConnectTimeoutError(TransportError):
    """Raised when opening the connection timed out."""


class ReadTimeoutError(TransportError):
    """Raised when the response did not arrive within the read timeout."""


class ResponseParseError(SDKError):
    """Raised when a response body cannot be decoded as the protocol requires."""


class ConfigurationError(SDKError):
    """Raised when credentials, region or endpoint are missing or invalid."""


class ModeledServiceError(ServiceError):
    """Base of the generated error classes; ``data`` contains the modeled members."""

    def __init__(self, *, data: object, **kwargs: object) -> None:
        self.data = data
        super().__init__(**kwargs)  # type: ignore[arg-type]
