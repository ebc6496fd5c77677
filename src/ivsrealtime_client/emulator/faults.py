"""Errors injected into the next calls of an operation, to test error handling.

Some modeled errors, such as AccessDeniedException and PendingVerification,
depend on account state that the emulator does not model. Injecting them is
the way to make the emulator return them.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass

from .errors import ServiceError
from .servicemodel import ServiceModel

logger = logging.getLogger(__name__)


@dataclass
class _Fault:
    operation: str | None
    error: ServiceError
    remaining: int


class FaultInjector:
    """A thread-safe queue of errors that replace the next matching calls."""

    def __init__(self, model: ServiceModel) -> None:
        self._model = model
        self._faults: list[_Fault] = []
        self._lock = threading.Lock()

    def add(
        self,
        operation: str | None,
        code: str,
        *,
        status: int | None = None,
        message: str | None = None,
        count: int = 1,
    ) -> None:
        """Make the next ``count`` calls of ``operation`` fail with error ``code``.

        ``operation`` None matches every operation. A modeled error takes its
        status and default message from the model; any other code needs an
        explicit ``status``, for example ThrottlingException with 400.

        Raises:
            ValueError: unknown operation, missing or invalid status, or a
                count below 1.
        """
        if operation is not None and operation not in self._model.operations:
            raise ValueError(
                f"unknown operation {operation!r}; use one of "
                + ", ".join(sorted(self._model.operations))
            )
        if count < 1:
            raise ValueError(f"count must be at least 1, got {count}")
        modeled_status = self._model.error_status(code)
        status = status if status is not None else modeled_status
        if status is None:
            raise ValueError(f"{code} is not modeled, so give its HTTP status")
        if not 400 <= status <= 599:
            raise ValueError(
                f"status must be an HTTP error from 400 to 599, got {status}"
            )
        text = message if message is not None else self._default_message(code)
        with self._lock:
            self._faults.append(
                _Fault(operation, ServiceError(code, text, status), count)
            )
        logger.debug("injected %s into the next %d calls of %s", code, count, operation)

    def take(self, operation: str) -> ServiceError | None:
        """Return the error that replaces this call of ``operation``, if any."""
        with self._lock:
            for fault in self._faults:
                if fault.operation in (None, operation):
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._faults.remove(fault)
                    return fault.error
        return None

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def _default_message(self, code: str) -> str:
        # Modeled errors document their message member, for example "User does
        # not have sufficient access to perform this action."
        member = self._model.error_message_member(code)
        if member is not None:
            shape = self._model.shape(code)
            documentation = shape["members"][member].get("documentation", "")
            text = re.sub(r"<[^>]+>", "", documentation).strip()
            if text:
                return text
        return f"{code} injected by the emulator."
