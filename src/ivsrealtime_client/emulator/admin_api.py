"""The admin HTTP API beside the AWS API: simulated participants and test controls.

Paths start with ``/_emulator/``, which no operation of the model uses.
Requests are not signed, and only clients on a loopback address may call it.
Bodies are JSON objects; errors have a ``code`` and a ``message``.

    GET    /_emulator/health
    POST   /_emulator/participants/join            {"token", "clientAttributes"?}
    POST   /_emulator/participants/{id}/publish
    POST   /_emulator/participants/{id}/unpublish
    POST   /_emulator/participants/{id}/subscribe   {"publisherId"}
    POST   /_emulator/participants/{id}/unsubscribe {"publisherId"}
    POST   /_emulator/participants/{id}/leave
    POST   /_emulator/faults   {"errorCode", "operation"?, "httpStatus"?,
                                "message"?, "count"?}
    DELETE /_emulator/faults
    POST   /_emulator/clock    {"advanceSeconds"}
    POST   /_emulator/reset    (also undoes every clock advance)
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from . import errors
from .errors import ParticipantActionError, ServiceError
from .faults import FaultInjector
from .http_types import HttpRequest, HttpResponse
from .identifiers import Clock
from .participants import ParticipantSimulator
from .protocol import (
    IntegerTooLargeError,
    check_encodable,
    format_timestamp,
    load_json,
)
from .store import Store

logger = logging.getLogger(__name__)

ADMIN_PREFIX = "/_emulator"

_ACTION_STATUS = {
    errors.PARTICIPANT_INVALID_REQUEST: 400,
    errors.PARTICIPANT_INVALID_TOKEN: 403,
    errors.PARTICIPANT_TOKEN_EXPIRED: 403,
    errors.PARTICIPANT_REVOKED: 403,
    errors.PARTICIPANT_INSUFFICIENT_CAPABILITIES: 403,
    errors.PARTICIPANT_NOT_FOUND: 404,
    errors.PARTICIPANT_PUBLISHER_NOT_FOUND: 404,
    errors.PARTICIPANT_NOT_CONNECTED: 409,
    errors.PARTICIPANT_ALREADY_CONNECTED: 409,
    errors.PARTICIPANT_QUOTA_EXCEEDED: 409,
}


class AdminRequestError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def is_admin_path(raw_path: str) -> bool:
    return raw_path == ADMIN_PREFIX or raw_path.startswith(ADMIN_PREFIX + "/")


class AdminApi:
    """Serve the admin paths for one emulator."""

    def __init__(
        self,
        simulator: ParticipantSimulator,
        faults: FaultInjector,
        clock: Clock,
        store: Store,
        info: dict[str, str],
    ) -> None:
        self._simulator = simulator
        self._faults = faults
        self._clock = clock
        self._store = store
        self._info = info

    def handle(self, request: HttpRequest) -> HttpResponse:
        """Build the response to one admin request; never raises."""
        try:
            if not _is_loopback(request.client_host):
                raise AdminRequestError(
                    403, "AccessDenied", "The admin API accepts only loopback clients."
                )
            document = self._dispatch(request)
            return HttpResponse.json(200, document)
        except ParticipantActionError as error:
            logger.info(
                "admin request %s %s rejected: %s",
                request.method,
                request.raw_path,
                error.message,
            )
            status = _ACTION_STATUS.get(error.code, 400)
            return _error(status, error.code, error.message)
        except AdminRequestError as error:
            logger.info(
                "admin request %s %s failed: %s",
                request.method,
                request.raw_path,
                error.message,
            )
            return _error(error.status, error.code, error.message)
        except Exception:
            logger.exception(
                "internal error in admin request %s %s",
                request.method,
                request.raw_path,
            )
            return _error(500, "InternalError", "The emulator failed; see its log.")

    def _dispatch(self, request: HttpRequest) -> dict[str, Any]:
        parts = [unquote(part) for part in request.raw_path.split("/")[2:]]
        method = request.method
        route = (method, *parts)

        if route == ("GET", "health"):
            return {"status": "running", **self._info, "now": self._now()}
        if route == ("POST", "reset"):
            self._store.clear()
            self._faults.clear()
            self._clock.reset()
            return {}
        if route == ("POST", "clock"):
            seconds = _number(_body(request), "advanceSeconds")
            _call(lambda: self._clock.advance(seconds))
            return {"now": self._now()}

        if route == ("POST", "faults"):
            return self._add_fault(_body(request))
        if route == ("DELETE", "faults"):
            self._faults.clear()
            return {}

        if route == ("POST", "participants", "join"):
            return self._join(_body(request))
        if len(parts) == 3 and parts[0] == "participants" and method == "POST":
            return self._participant_action(parts[1], parts[2], request)

        known = {"health", "reset", "clock", "faults", "participants"}
        if parts and parts[0] in known:
            raise AdminRequestError(
                405,
                "MethodNotAllowed",
                f"{method} is not allowed on {request.raw_path}.",
            )
        raise AdminRequestError(
            404, "NotFound", f"No admin endpoint at {request.raw_path}."
        )

    def _join(self, body: dict[str, Any]) -> dict[str, Any]:
        token = _string(body, "token")
        client = body.get("clientAttributes") or {}
        if not isinstance(client, dict):
            raise AdminRequestError(
                400,
                errors.PARTICIPANT_INVALID_REQUEST,
                "clientAttributes must be an object of strings.",
            )
        joined = self._simulator.join(token, client)
        return {
            "participantId": joined.participant_id,
            "stageArn": joined.stage_arn,
            "sessionId": joined.session_id,
        }

    def _participant_action(
        self, participant_id: str, action: str, request: HttpRequest
    ) -> dict[str, Any]:
        simple: dict[str, Callable[[str], None]] = {
            "publish": self._simulator.publish,
            "unpublish": self._simulator.unpublish,
            "leave": self._simulator.leave,
        }
        if action in simple:
            simple[action](participant_id)
            return {}
        streams = {
            "subscribe": self._simulator.subscribe,
            "unsubscribe": self._simulator.unsubscribe,
        }
        if action in streams:
            publisher_id = _string(_body(request), "publisherId")
            streams[action](participant_id, publisher_id)
            return {}
        raise AdminRequestError(
            404, "NotFound", f"Unknown participant action '{action}'."
        )

    def _add_fault(self, body: dict[str, Any]) -> dict[str, Any]:
        code = _string(body, "errorCode")
        operation = body.get("operation")
        status = body.get("httpStatus")
        message = body.get("message")
        count = body.get("count", 1)
        if operation is not None and not isinstance(operation, str):
            raise AdminRequestError(
                400, "InvalidRequest", "operation must be a string."
            )
        if status is not None and not _is_int(status):
            raise AdminRequestError(
                400, "InvalidRequest", "httpStatus must be an integer."
            )
        if message is not None and not isinstance(message, str):
            raise AdminRequestError(400, "InvalidRequest", "message must be a string.")
        if not _is_int(count):
            raise AdminRequestError(400, "InvalidRequest", "count must be an integer.")
        _call(
            lambda: self._faults.add(
                operation, code, status=status, message=message, count=count
            )
        )
        return {}

    def _now(self) -> str:
        return format_timestamp(self._clock.now())


def _call(action: Callable[[], None]) -> None:
    try:
        action()
    except ValueError as exc:
        raise AdminRequestError(400, "InvalidRequest", str(exc)) from exc


def _body(request: HttpRequest) -> dict[str, Any]:
    if not request.body.strip():
        return {}
    try:
        document = load_json(request.body)
    except IntegerTooLargeError as exc:
        raise AdminRequestError(
            400,
            "InvalidRequest",
            f"The body contains an integer of {exc.digits} digits, which is too large.",
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise AdminRequestError(
            400, "InvalidRequest", f"The body is not valid JSON: {exc}."
        ) from exc
    if not isinstance(document, dict):
        raise AdminRequestError(
            400, "InvalidRequest", "The body must be a JSON object."
        )
    try:
        check_encodable(document)
    except ServiceError as exc:
        raise AdminRequestError(400, "InvalidRequest", exc.message) from exc
    return document


def _string(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise AdminRequestError(
            400,
            "InvalidRequest",
            f"'{name}' is required and must be a non-empty string.",
        )
    return value


def _number(body: dict[str, Any], name: str) -> float:
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AdminRequestError(
            400, "InvalidRequest", f"'{name}' is required and must be a number."
        )
    # An integer stays an int, because float() overflows for large ones.
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _error(status: int, code: str, message: str) -> HttpResponse:
    response = HttpResponse.json(status, {"code": code, "message": message})
    response.headers.append(("x-amzn-ErrorType", code))
    return response
