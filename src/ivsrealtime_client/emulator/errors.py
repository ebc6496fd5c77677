"""Exceptions of the emulator.

EmulatorError
 +-- ServiceError             an AWS-shaped error response of the emulated API
 +-- ParticipantActionError   a simulated participant's action was rejected
 +-- DatabaseOpenError        the SQLite database file could not be opened
"""

from __future__ import annotations

from .servicemodel import load_service_model


class EmulatorError(Exception):
    """Root of the exceptions the emulator raises."""


class ServiceError(EmulatorError):
    """An error that the emulated API returns as an AWS-shaped response.

    ``code`` goes into the ``x-amzn-ErrorType`` header, ``message`` into the body.
    ``type_suffix`` is appended to the header value after a colon, as AWS does
    for errors raised by its request authentication layer.
    """

    def __init__(
        self, code: str, message: str, status: int, *, type_suffix: str = ""
    ) -> None:
        super().__init__(f"{code} ({status}): {message}")
        self.code = code
        self.message = message
        self.status = status
        self.type_suffix = type_suffix

    @classmethod
    def modeled(cls, code: str, message: str) -> ServiceError:
        """Build an error whose HTTP status comes from its shape in the model."""
        status = load_service_model().error_status(code)
        if status is None:
            raise ValueError(f"{code} is not an error shape of the service model")
        return cls(code, message, status)


def validation_error(message: str) -> ServiceError:
    return ServiceError.modeled("ValidationException", message)


def not_found(message: str) -> ServiceError:
    return ServiceError.modeled("ResourceNotFoundException", message)


def conflict(message: str) -> ServiceError:
    return ServiceError.modeled("ConflictException", message)


def quota_exceeded(message: str) -> ServiceError:
    return ServiceError.modeled("ServiceQuotaExceededException", message)


def internal_error(message: str) -> ServiceError:
    return ServiceError.modeled("InternalServerException", message)


class ParticipantActionError(EmulatorError):
    """The emulator rejected a simulated participant's action, as a real stage would.

    ``code`` is one of the ``PARTICIPANT_*`` constants of this module. Where the
    real service records an error event (JOIN_ERROR, PUBLISH_ERROR,
    SUBSCRIBE_ERROR), the emulator has recorded it before raising.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


PARTICIPANT_INVALID_TOKEN = "InvalidToken"
PARTICIPANT_TOKEN_EXPIRED = "TokenExpired"
PARTICIPANT_REVOKED = "ParticipantRevoked"
PARTICIPANT_NOT_FOUND = "ParticipantNotFound"
PARTICIPANT_ALREADY_CONNECTED = "AlreadyConnected"
PARTICIPANT_NOT_CONNECTED = "NotConnected"
PARTICIPANT_INSUFFICIENT_CAPABILITIES = "InsufficientCapabilities"
PARTICIPANT_QUOTA_EXCEEDED = "QuotaExceeded"
PARTICIPANT_PUBLISHER_NOT_FOUND = "PublisherNotFound"
PARTICIPANT_INVALID_REQUEST = "InvalidRequest"


class DatabaseOpenError(EmulatorError):
    """The emulator could not open or set up its SQLite database file.

    ``path`` is the file as given, and ``reason`` is what failed, such as a
    missing directory or SQLite's "file is not a database".
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"cannot open the emulator database {path}: {reason}")
        self.path = path
        self.reason = reason
