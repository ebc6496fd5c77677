"""Base class of generated clients: validate, serialize, send, parse."""

from __future__ import annotations

import functools
import http.client
import threading
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any, TypeVar

from .config import Config
from .convert import ShapeConverter, keep_unknown_fields
from .error_parsing import (
    decode_json_body,
    parse_error_code,
    parse_error_message,
    parse_request_id,
)
from .errors import (
    ParamValidationError,
    ResponseParseError,
    ServiceError,
    Violation,
)
from .pipeline import RequestPipeline
from .request_body import add_content_md5, compress_body
from .rest_json import new_idempotency_token, serialize_request
from .rest_json_response import decode_json_document, parse_members
from .schema import OperationSchema, ServiceSchema, Shape
from .session import ClientContext, resolve_client_context
from .transport import HttpRequest, HttpResponse
from .validate import validate_input

OutputT = TypeVar("OutputT")

_converters: dict[int, ShapeConverter] = {}
_converters_lock = threading.Lock()


def _shared_converter(
    service: ServiceSchema, shapes: Iterable[Shape]
) -> ShapeConverter:
    """Build the converter of a service once per process; it is read-only after."""
    key = id(service)
    with _converters_lock:
        converter = _converters.get(key)
        if converter is None:
            converter = ShapeConverter(shapes)
            _converters[key] = converter
        return converter


class BaseClient:
    """Runs operations described by a ``ServiceSchema``; safe to share by threads."""

    def __init__(
        self,
        service: ServiceSchema,
        shapes: Iterable[Shape],
        *,
        region_name: str | None = None,
        endpoint_url: str | None = None,
        aws_access_key_id: str | None = None,
        aws_secret_access_key: str | None = None,
        aws_session_token: str | None = None,
        profile_name: str | None = None,
        config: Config | None = None,
    ) -> None:
        self._service = service
        self._config = config or Config()
        self._converter = _shared_converter(service, shapes)
        self._context: ClientContext = resolve_client_context(
            service_name=service.service_name,
            signing_name=service.signing_name,
            endpoint_prefix=service.endpoint_prefix,
            region_name=region_name,
            endpoint_url=endpoint_url,
            aws_access_key_id=aws_access_key_id,
            aws_secret_access_key=aws_secret_access_key,
            aws_session_token=aws_session_token,
            profile_name=profile_name,
            config=self._config,
        )
        self._pipeline = RequestPipeline(self._context)
        self._new_idempotency_token: Callable[[], str] = new_idempotency_token
        """Fills idempotency tokens left unset; tests replace it to fix the value."""

    @property
    def region_name(self) -> str:
        """Region the client signs for."""
        return self._context.region_name

    @property
    def endpoint_url(self) -> str:
        """Endpoint the client sends requests to."""
        return self._context.endpoint_url

    def close(self) -> None:
        """Release pooled connections; the client must not be used afterwards."""
        self._pipeline.close()

    def __enter__(self) -> BaseClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"<{name} region={self.region_name} endpoint={self.endpoint_url}>"

    def _invoke(
        self, operation: OperationSchema, params: Any, output: type[OutputT]
    ) -> OutputT:
        request = self._prepare_request(operation, params)
        response = self._pipeline.send(operation.name, request)
        return self._handle_response(operation, response, output)

    def _handle_response(
        self, operation: OperationSchema, response: HttpResponse, output: type[OutputT]
    ) -> OutputT:
        """Return the parsed output, or raise the error a non-2xx response carries."""
        if response.status_code >= 300:
            raise self._build_error(operation, response)
        return self._parse_output(operation, response, output)

    def _prepare_request(self, operation: OperationSchema, params: Any) -> HttpRequest:
        if self._config.validate and operation.input is not None:
            validate_input(operation.name, params, operation.input)
        try:
            serialized = serialize_request(
                operation, params, self._converter, self._new_idempotency_token
            )
        except ParamValidationError:
            raise
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            # Reached with validation off: a value of the wrong type cannot be
            # written to the wire. Validation would have named it more precisely.
            raise ParamValidationError(
                operation.name,
                [
                    Violation(
                        "input",
                        f"cannot be serialized ({type(exc).__name__}: "
                        f"{exc}); turn validation on to see which value",
                    )
                ],
            ) from exc
        headers = {"User-Agent": self._context.user_agent, **serialized.headers}
        body = compress_body(operation, serialized.body, headers)
        add_content_md5(operation, body, headers)
        endpoint = self._context.endpoint_url
        if serialized.host_prefix:
            scheme, _, rest = endpoint.partition("://")
            endpoint = f"{scheme}://{serialized.host_prefix}{rest}"
        url = endpoint.rstrip("/") + serialized.path
        return HttpRequest(
            method=serialized.method, url=url, headers=headers, body=body
        )

    def _parse_output(
        self, operation: OperationSchema, response: HttpResponse, output: type[OutputT]
    ) -> OutputT:
        shape = operation.output
        if shape is None:
            return None  # type: ignore[return-value]
        document = _body_document(shape, response)
        instance = output(**parse_members(shape, response, self._converter, document))
        _keep_unknown_fields(instance, shape, document)
        return instance

    def _build_error(
        self, operation: OperationSchema, response: HttpResponse
    ) -> ServiceError:
        body = decode_json_body(response.body)
        code = parse_error_code(response.headers, body)
        shape = self._error_shape(operation, code, response.status_code)
        message = _error_message(response, body, shape, has_code=code is not None)
        if code is None:
            code = shape.name if shape is not None else str(response.status_code)

        common: dict[str, Any] = {
            "code": code,
            "message": message,
            "status_code": response.status_code,
            "request_id": parse_request_id(response.headers),
            "operation": operation.name,
            "headers": response.headers,
        }
        if shape is None or shape.exception_class is None:
            return ServiceError(**common)

        members = parse_members(shape, response, self._converter, body or {})
        data = shape.python_class(**members)
        _keep_unknown_fields(data, shape, body)
        error: ServiceError = shape.exception_class(data=data, **common)
        return error

    def _error_shape(
        self, operation: OperationSchema, code: str | None, status: int
    ) -> Shape | None:
        if code is not None:
            return self._service.errors.get(code)
        # With no code in headers or body, a status that only one of the
        # operation's modeled errors uses still identifies that error.
        candidates = [e for e in operation.errors if e.error_status == status]
        return candidates[0] if len(candidates) == 1 else None


def _error_message(
    response: HttpResponse,
    body: dict[str, Any] | None,
    shape: Shape | None,
    *,
    has_code: bool,
) -> str:
    message = parse_error_message(
        body, shape.message_member if shape is not None else None
    )
    if message or body is not None or has_code or response.status_code < 500:
        return message
    # A server error with neither a code nor a body gets the status's reason
    # phrase as its message, as botocore gives it.
    return http.client.responses.get(response.status_code, "")


def _body_document(shape: Shape, response: HttpResponse) -> Any:
    if shape.payload is not None:
        return None
    if not any(member.location == "body" for member in shape.members):
        # The model gives the body no members, but a newer service may add some,
        # so they are kept in unknown_fields. A body that is not JSON is ignored.
        return decode_json_body(response.body)
    document = decode_json_document(response.body)
    if not isinstance(document, dict):
        kind = type(document).__name__
        raise ResponseParseError(
            f"expected a JSON object as the response body, got {kind}"
        )
    return document


@functools.cache
def _body_wire_names(shape: Shape) -> frozenset[str]:
    return frozenset(m.wire_name for m in shape.members if m.location == "body")


def _keep_unknown_fields(instance: Any, shape: Shape, document: Any) -> None:
    if isinstance(document, dict):
        keep_unknown_fields(instance, document, _body_wire_names(shape))
