"""The emulated AWS API: from a received request to an AWS-shaped response.

Each request goes through these steps, and the first one that fails decides
the error response: signature verification, routing by method and path,
injected faults, content type, parsing, validation against the model, and the
operation's handler. Every response carries an ``x-amzn-RequestId`` header.
"""

from __future__ import annotations

import logging
import uuid

from .context import ServiceContext
from .errors import ServiceError, internal_error
from .faults import FaultInjector
from .http_types import HttpRequest, HttpResponse
from .operations import HANDLERS
from .protocol import error_body, parse_request, raise_for_violations, serialize_output
from .servicemodel import MethodNotAllowed, Operation, RouteNotFound, ServiceModel
from .sigv4 import SignatureVerifier
from .validation import validate_input

logger = logging.getLogger(__name__)

_JSON_CONTENT_TYPES = frozenset(
    {"application/json", "application/x-amz-json-1.0", "application/x-amz-json-1.1"}
)


def error_response(model: ServiceModel, error: ServiceError) -> HttpResponse:
    """Build the AWS-shaped response for an error, without the request id."""
    error_type = error.code
    if error.type_suffix:
        error_type = f"{error.code}:{error.type_suffix}"
    return HttpResponse(
        error.status,
        error_body(model, error.code, error.message),
        [("Content-Type", "application/json"), ("x-amzn-ErrorType", error_type)],
    )


def new_request_id() -> str:
    return str(uuid.uuid4())


class AwsApi:
    """Serve the operations of the service model over rest-json."""

    def __init__(
        self,
        model: ServiceModel,
        context: ServiceContext,
        verifier: SignatureVerifier,
        faults: FaultInjector,
    ) -> None:
        self._model = model
        self._context = context
        self._verifier = verifier
        self._faults = faults

    def handle(self, request: HttpRequest) -> HttpResponse:
        """Build the response to one request; never raises."""
        request_id = new_request_id()
        operation_name = "-"
        try:
            self._verifier.verify(request)
            operation, labels = self._route(request)
            operation_name = operation.name
            response = self._call(operation, labels, request)
        except ServiceError as error:
            logger.info(
                "%s %s failed with %s (%d): %s [request %s]",
                request.method,
                request.raw_path,
                error.code,
                error.status,
                error.message,
                request_id,
            )
            response = error_response(self._model, error)
        except Exception:
            logger.exception(
                "internal error in %s %s (operation %s) [request %s]",
                request.method,
                request.raw_path,
                operation_name,
                request_id,
            )
            failure = internal_error(
                "The emulator failed to process the request because of an internal "
                f"error; its log has the traceback for request {request_id}."
            )
            response = error_response(self._model, failure)
        response.headers.append(("x-amzn-RequestId", request_id))
        logger.debug(
            "%s %s -> %d (operation %s) [request %s]",
            request.method,
            request.raw_path,
            response.status,
            operation_name,
            request_id,
        )
        return response

    def _route(self, request: HttpRequest) -> tuple[Operation, dict[str, str]]:
        try:
            return self._model.route(request.method, request.raw_path)
        except RouteNotFound:
            raise ServiceError(
                "UnknownOperationException",
                f"No operation of the IVS Real-Time API matches {request.method} "
                f"{request.raw_path}. Check the endpoint URL and the path.",
                404,
            ) from None
        except MethodNotAllowed as exc:
            raise ServiceError(
                "UnknownOperationException",
                f"{request.raw_path} does not accept {request.method}; use "
                f"{', '.join(exc.allowed)}.",
                405,
            ) from None

    def _call(
        self, operation: Operation, labels: dict[str, str], request: HttpRequest
    ) -> HttpResponse:
        fault = self._faults.take(operation.name)
        if fault is not None:
            raise fault
        self._check_content_type(request)
        params, violations = parse_request(
            self._model,
            operation,
            labels,
            request.query_params(),
            dict(request.headers),
            request.body,
        )
        if operation.input_shape is not None:
            violations += validate_input(self._model, operation.input_shape, params)
        raise_for_violations(violations)

        result = HANDLERS[operation.name](self._context, params)
        body = serialize_output(self._model, operation.output_shape, result)
        return HttpResponse(200, body, [("Content-Type", "application/json")])

    def _check_content_type(self, request: HttpRequest) -> None:
        content_type = request.header("Content-Type")
        if not request.body or content_type is None:
            return
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type in _JSON_CONTENT_TYPES or media_type.endswith("+json"):
            return
        raise ServiceError(
            "UnsupportedMediaTypeException",
            f"Content-Type '{content_type}' is not supported. Send the request "
            "body as application/json.",
            415,
        )
